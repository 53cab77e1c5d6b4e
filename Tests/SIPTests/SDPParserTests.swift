import TestSupport
import Testing

@testable import SIP

@Suite struct SDPParserTests {
    func parse(_ text: String) -> SDPSession? {
        let bytes = sipBytes(text)
        return bytes.withUnsafeBytes { SDPParser.parse($0, 0..<$0.count) }
    }

    // Two media, media-level c= and direction overriding the session's.
    @Test func mediaLevelOverrides() throws {
        let sdp = try #require(
            parse(
                """
                v=0
                o=- 1 1 IN IP4 10.0.0.1
                s=-
                c=IN IP4 10.0.0.1
                t=0 0
                a=sendonly
                m=audio 4000 RTP/AVP 18 0
                a=rtpmap:18 G729/8000
                m=video 0 RTP/AVP 96
                c=IN IP4 10.0.0.2
                a=rtpmap:96 H264/90000
                a=inactive
                m=image 5000 udptl t38
                """))
        #expect(sdp.media.count == 3)
        #expect(sdp.media[0].codecs == ["G729/8000", "PCMU/8000"])
        #expect(sdp.media[0].direction == .sendonly)
        #expect(sdp.media[0].connectionAddress == "10.0.0.1")
        #expect(sdp.media[1].connectionAddress == "10.0.0.2")
        #expect(sdp.media[1].direction == .inactive)
        #expect(sdp.media[1].port == 0)
        #expect(sdp.media[2].codecs == [])
        #expect(sdp.media[2].formats == ["t38"])
        #expect(
            sdp.summary
                == "audio 10.0.0.1:4000 RTP/AVP G729/8000,PCMU/8000 sendonly; video 10.0.0.2:0 RTP/AVP H264/90000 inactive; image 10.0.0.1:5000 udptl sendonly"
        )
    }

    @Test func notSDP() {
        #expect(parse("hello\nworld") == nil)
        #expect(parse("") == nil)
    }

    @Test func brokenLinesAreIgnored() throws {
        let sdp = try #require(parse("v=0\nm=audio\nm=audio x RTP/AVP\nc=IN\na=rtpmap:\n"))
        #expect(sdp.media.count == 1)
        #expect(sdp.media[0].port == 0)
    }

    /// The RFC 3551 §6 table as a dictionary keyed by format text, as the
    /// parser held it before it became an array indexed by number.
    static let reference: [String: String] = [
        "0": "PCMU/8000", "3": "GSM/8000", "4": "G723/8000", "5": "DVI4/8000", "6": "DVI4/16000",
        "7": "LPC/8000", "8": "PCMA/8000", "9": "G722/8000", "10": "L16/44100", "11": "L16/44100",
        "12": "QCELP/8000", "13": "CN/8000", "14": "MPA/90000", "15": "G728/8000", "16": "DVI4/11025",
        "17": "DVI4/22050", "18": "G729/8000", "25": "CelB/90000", "26": "JPEG/90000", "28": "nv/90000",
        "31": "H261/90000", "32": "MPV/90000", "33": "MP2T/90000", "34": "H263/90000",
    ]

    /// Every format from 0 to 199, written plainly and with a leading zero,
    /// and a few that are not numbers, names the codec the table gave.
    @Test func staticPayloadTypesMatchTheTable() {
        var formats = (0..<200).map(String.init) + (0..<40).map { "0\($0)" }
        formats += ["", "a", "1a", "+8", "-0", "８", "t38", "101"]
        for format in formats {
            #expect(SDPParser.staticCodec(format) == Self.reference[format], "format \(format)")
        }
    }

    /// rtpmap wins over the static table, the last rtpmap of a format wins,
    /// and an unknown format without one stays as written.
    @Test func codecsFromRtpmapThenTable() throws {
        let sdp = try #require(
            parse(
                """
                v=0
                c=IN IP4 192.0.2.1
                m=audio 4000 RTP/AVP 0 8 18 96 97 120
                a=rtpmap:8 L16/8000
                a=rtpmap:96 opus/48000/2
                a=rtpmap:96 speex/16000
                a=rtpmap:97 telephone-event/8000
                m=video 4002 RTP/AVP 96 34
                a=rtpmap:96 H264/90000

                """))
        #expect(
            sdp.media[0].codecs == ["PCMU/8000", "L16/8000", "G729/8000", "speex/16000", "telephone-event/8000", "120"])
        #expect(sdp.media[1].codecs == ["H264/90000", "H263/90000"])
    }

    /// A line feed lost to a space (seen in a payload-fuzzed capture): the
    /// m= line runs on into an rtpmap line. A format is read as its string
    /// reads, trimmed, so "101\r" is format 101 and finds its rtpmap, and
    /// the rtpmap line's words become formats, named as written.
    @Test func formatsReadTrimmed() throws {
        let sdp = try #require(
            parse(
                "v=0\r\nm=audio 6000 RTP/AVP 0 101\r a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"))
        #expect(sdp.media[0].formats == ["0", "101", "a=rtpmap:0", "PCMU/8000"])
        #expect(sdp.media[0].codecs == ["PCMU/8000", "telephone-event/8000", "a=rtpmap:0", "PCMU/8000"])
        let t38 = try #require(parse("v=0\r\nm=image 6000 R\r TP udptl 0\r \r\n"))
        #expect(t38.media[0].proto == "R")
        #expect(t38.media[0].codecs == [])
        // A CR inside a word reads as a fold: "RT P" names no RTP, and the
        // format "1\r01" is "1 01", no static type.
        let folded = try #require(parse("v=0\r\nm=audio 6000 RT\rP 0\r\nm=audio 6002 RTP/AVP 1\r01 0\r\n"))
        #expect(folded.media[0].proto == "RT P")
        #expect(folded.media[0].codecs == [])
        #expect(folded.media[1].formats == ["1 01", "0"])
        #expect(folded.media[1].codecs == ["1 01", "PCMU/8000"])
    }

    /// rtpmap formats are matched by their bytes when both sides are ASCII,
    /// else as strings are compared: the Kelvin sign is canonically a K, and
    /// two different invalid bytes both read as U+FFFD.
    @Test func rtpmapFormatsCompareAsStrings() throws {
        let sdp = try #require(
            parse(
                "v=0\nm=audio 4000 RTP/AVP K 9x \u{00E9}\na=rtpmap:\u{212A} kelvin/8000\na=rtpmap:9 nine/8000\n"
                    + "a=rtpmap:e\u{0301} accent/8000\n"))
        #expect(sdp.media[0].codecs == ["kelvin/8000", "9x", "accent/8000"])
        // "ab" twice, "ac", two invalid bytes, then U+FFFD itself.
        let bytes: [UInt8] = Array("ababac".utf8) + [0xFF, 0xFE] + Array("\u{FFFD}".utf8)
        bytes.withUnsafeBytes { raw in
            #expect(SDPParser.sameFormat(raw, 0..<2, 2..<4))
            #expect(!SDPParser.sameFormat(raw, 0..<1, 2..<4))
            #expect(!SDPParser.sameFormat(raw, 0..<2, 4..<6))
            #expect(SDPParser.sameFormat(raw, 6..<7, 8..<11))
            #expect(SDPParser.sameFormat(raw, 7..<8, 8..<11))
            #expect(SDPParser.sameFormat(raw, 6..<7, 7..<8))
            #expect(!SDPParser.sameFormat(raw, 6..<7, 0..<1))
            #expect(SDPParser.sameFormat(raw, 0..<0, 3..<3))
        }
    }

    /// Fields are split on any run of spaces and tabs; an `m=` line keeps at
    /// most 61 formats (64 fields); a `c=` line with fewer than three fields
    /// names no address.
    @Test func fieldsAndTheirLimits() throws {
        let formats = (0..<70).map { String(96 + $0) }
        let sdp = try #require(
            parse(
                "v=0\nc=IN IP4\nm=audio  \t 4000/2 RTP/AVP \(formats.joined(separator: " "))\n"
                    + "c=IN\tIP4   192.0.2.7/127\n"))
        #expect(sdp.connectionAddress == nil)
        #expect(sdp.media[0].port == 4000)
        #expect(sdp.media[0].proto == "RTP/AVP")
        #expect(sdp.media[0].formats == Array(formats.prefix(61)))
        #expect(sdp.media[0].connectionAddress == "192.0.2.7")
    }
}

extension SDPParser {
    /// `staticCodec` of a format given as a string (its bytes).
    static func staticCodec(_ format: String) -> String? {
        var format = format
        return format.withUTF8 { staticCodec(UnsafeRawBufferPointer($0), 0..<$0.count) }
    }
}
