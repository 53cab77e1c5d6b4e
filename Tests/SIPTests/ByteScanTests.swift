import TestSupport
import Testing

@testable import SIP

/// The short cuts on the per-packet path give what the long way gives: the
/// hash's one-load tail, the one-part `lastPart`, the `;`-jumping parameter
/// search.
@Suite struct ByteScanTests {
    /// A range's hash does not depend on what lies around it in the buffer
    /// (the tail load masks it off) nor on where the buffer ends.
    @Test func hashOfARangeIgnoresTheBytesAroundIt() {
        let text = Array("z9hG4bK-10001-1-0;rport=5060;received=10.0.0.1\r\n tag".utf8)
        for start in 0..<text.count {
            for end in start...text.count {
                let alone = Array(text[start..<end])
                let inPlace = text.withUnsafeBytes { ByteHash.of($0, start..<end) }
                let copied = alone.withUnsafeBytes { ByteHash.of($0, 0..<alone.count) }
                // The same bytes with other bytes after them in the buffer.
                let padded = (alone + Array(repeating: UInt8(ascii: "x"), count: 9)).withUnsafeBytes {
                    ByteHash.of($0, 0..<alone.count)
                }
                #expect(inPlace == copied, "range \(start)..<\(end)")
                #expect(padded == copied, "range \(start)..<\(end)")
            }
        }
    }

    /// The inlined hash of 8 to 24 bytes (`ofShort`) is the general one's,
    /// at every length around it, with line breaks anywhere (which it leaves
    /// to the general one, to unfold) and other control bytes (which it
    /// leaves too, as it tests for any byte below 0x0E), and the hash of the
    /// same text as a `String` (an owned message's).
    @Test func theShortHashIsTheGeneralOne() {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array("abcXYZ019-.@;=\r\n \t".utf8) + [0x00, 0x0B, 0x0C, 0x0E, 0x1F, 0x7F]
        for length in 0...40 {
            for _ in 0..<200 {
                let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                let padded = Array("pp".utf8) + bytes + Array("qq".utf8)
                let range = 2..<(2 + length)
                let fast = padded.withUnsafeBytes { ByteHash.of($0, range) }
                let general = padded.withUnsafeBytes { raw -> UInt64 in
                    var hasher = ByteHash()
                    hasher.combine(raw, range)
                    return hasher.finalize()
                }
                #expect(fast == general, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
                let short = padded.withUnsafeBytes { ByteHash.ofShort($0, range) }
                let plain = !bytes.contains(0x0D) && !bytes.contains(0x0A)
                let noControlBelow0E = !bytes.contains { $0 < 0x0E }
                #expect((short != nil) == (noControlBelow0E && length >= 8 && length <= 24))
                if plain { #expect(fast == ByteHash.of(String(decoding: bytes, as: UTF8.self))) }
            }
        }
    }

    /// The seed was drawn when the program was loaded (the C constructor
    /// ran): not the fixed value it has before.
    @Test func theSeedWasDrawn() {
        #expect(ByteHash.seed != 0x9E37_79B9_7F4A_7C15)
    }

    @Test func differentTailsHashApart() {
        let a = Array("10001SIPpTag000".utf8)
        let b = Array("10001SIPpTag001".utf8)
        let ha = a.withUnsafeBytes { ByteHash.of($0, 0..<$0.count) }
        let hb = b.withUnsafeBytes { ByteHash.of($0, 0..<$0.count) }
        #expect(ha != hb)
        // A prefix is not its longer string.
        let hp = a.withUnsafeBytes { ByteHash.of($0, 0..<($0.count - 1)) }
        #expect(hp != ha)
    }

    /// `lastPart` takes the short way when the value has no comma; it must
    /// agree with splitting the value into parts.
    @Test(arguments: [
        "SIP/2.0/UDP 10.1.0.1:5060;branch=z9hG4bK-1;rport",
        "  SIP/2.0/UDP a;branch=1  ",
        "SIP/2.0/UDP a;branch=1, SIP/2.0/UDP b;branch=2",
        "SIP/2.0/UDP a;x=\"q,uoted\";branch=3",
        "\"no, close",
        "   ",
        "",
        ",",
        "a,",
        "<sip:a,b@x>;tag=1",
    ])
    func lastPartAgreesWithTheParts(value: String) throws {
        let message = "OPTIONS sip:a@b SIP/2.0\r\nVia: \(value)\r\nCall-ID: 1\r\nCSeq: 1 OPTIONS\r\n\r\n"
        let bytes = Array(message.utf8)
        try bytes.withUnsafeBytes { raw in
            var parser = SIPParser()
            guard case .message(let view, _) = parser.parse(raw, stream: false) else {
                Issue.record("not parsed")
                return
            }
            let field = try #require(view.first(.via))
            #expect(view.lastPart(field.valueRange) == view.splitCommas(field.valueRange).last)
        }
    }

    @Test(
        arguments: [
            (";tag=abc", "abc"),
            ("; TAG = abc ;x", "abc"),
            (";tagx=1;tag=2", "2"),
            (";x=\"a;tag=1\";tag=2", "1\""),  // as before: quotes do not hide a `;`
            (";tag", ""),
            (";tag;lr", ""),
            (";x;y=2", nil),
            ("", nil),
            (";tag=\"quoted\"", "quoted"),
            (";tag=a,b", "a"),
            (";tag=\r\n x", "x"),
        ] as [(String, String?)])
    func parameterSearch(text: String, expected: String?) {
        let bytes = Array(("<sip:a@b>" + text).utf8)
        let found = bytes.withUnsafeBytes { raw in
            unquotedParameterRange(raw, 9..<raw.count, named: .tag).map { String(decoding: raw[$0], as: UTF8.self) }
        }
        #expect(found == expected)
    }
}

/// `NameAddress.user` and the SDP proto check read bytes for ASCII text; they
/// must give what the `Character`-based reading gives.
@Suite struct ASCIIShortCutTests {
    /// The reading `user` had before its byte path, kept here as the reference.
    static func referenceUser(_ uri: String) -> String? {
        var rest = Substring(uri)
        if let colon = rest.firstIndex(of: ":") { rest = rest[rest.index(after: colon)...] }
        if uri.hasPrefix("tel:") { return String(rest.prefix { $0 != ";" }) }
        guard let at = rest.firstIndex(of: "@") else { return nil }
        return String(rest[..<at].prefix { $0 != ";" && $0 != ":" })
    }

    @Test func userAgreesWithTheCharacterReading() {
        var uris = [
            "sip:alice@example.com", "sips:bob@x", "sip:alice;x=1@h", "sip:alice:pw@h", "tel:+1555;phone-context=x",
            "tel:+1555", "sip:example.com", "", "alice@x", ":", "@", "sip:@x", "tel:", "sip:a@b@c", "sip:josé@x",
            "sip:a\u{301}:b@x", "tel:+1;x", "sip::@",
        ]
        // Every string of up to four characters from the ones that matter.
        let alphabet: [Character] = ["s", ":", "@", ";", "a", "t", "e", "l"]
        func grow(_ prefix: String, _ depth: Int) {
            uris.append(prefix)
            guard depth > 0 else { return }
            for c in alphabet { grow(prefix + String(c), depth - 1) }
        }
        grow("", 4)
        grow("tel:", 3)
        for uri in uris {
            #expect(NameAddress(uri: uri).user == ASCIIShortCutTests.referenceUser(uri), "\(uri)")
        }
    }

    @Test func rtpInAnyCase() {
        #expect(SDPParser.mentionsRTP("RTP/AVP"))
        #expect(SDPParser.mentionsRTP("UDP/TLS/RTP/SAVPF"))
        #expect(SDPParser.mentionsRTP("rtp/avp"))
        #expect(SDPParser.mentionsRTP("xRtP"))
        #expect(!SDPParser.mentionsRTP("udp"))
        #expect(!SDPParser.mentionsRTP("RT"))
        #expect(!SDPParser.mentionsRTP("R TP"))
        #expect(!SDPParser.mentionsRTP(""))
        #expect(!SDPParser.mentionsRTP("TCP/MSRP"))
        // Not ASCII: the Character reading decides.
        #expect(SDPParser.mentionsRTP("RTP/é"))
        #expect(!SDPParser.mentionsRTP("RTP\u{301}"))
    }

    /// A quoted display name without escapes is taken as its bytes; with
    /// escapes, each backslash drops and keeps the byte after it; empty is none.
    @Test(
        arguments: [
            (#""Bob Smith" <sip:b@x>"#, "Bob Smith"),
            (#""Zoë \"Z\" Ng" <sip:z@x>;tag=1"#, #"Zoë "Z" Ng"#),
            (#""back\\slash" <sip:s@x>"#, #"back\slash"#),
            (#""" <sip:e@x>"#, nil),
            (#"Plain Name <sip:p@x>"#, "Plain Name"),
            (#""unterminated <sip:u@x>"#, "unterminated <sip:u@x>"),
        ] as [(String, String?)])
    func quotedDisplayNames(value: String, name: String?) {
        let bytes = Array(value.utf8)
        let parsed = bytes.withUnsafeBytes { NameAddress.parse($0, 0..<$0.count) }
        #expect(parsed.displayName == name)
    }
}

extension SDPParser {
    /// `mentionsRTP` of a proto given as a string (its bytes).
    static func mentionsRTP(_ proto: String) -> Bool {
        var proto = proto
        return proto.withUTF8 { mentionsRTP(UnsafeRawBufferPointer($0), 0..<$0.count) }
    }
}
