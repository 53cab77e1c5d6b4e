import SIP
import TestSupport
import Testing

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
}
