import SIP
import TestSupport
import Testing

/// Facts read in place from the bytes, and the facts of the owned copy of the
/// same message: the summary uses the first, a full report the second, so
/// they must agree on every message, odd ones most of all.
private func facts(_ text: String) throws -> (view: MessageFacts, owned: MessageFacts, callID: [UInt8]?) {
    let bytes = sipBytes(text)
    var parser = SIPParser()
    return try bytes.withUnsafeBytes { raw in
        guard case .message(let view, _) = parser.parse(raw, stream: false) else {
            throw ParseFailure()
        }
        let callID = view.callIDRange.map { view.withUnfoldedBytes($0) { Array($0) } }
        return (MessageFacts(view), MessageFacts(SIPMessage(view)), callID)
    }
}

private struct ParseFailure: Error {}

@Suite struct MessageFactsTests {
    @Test func inviteFactsMatchTheOwnedMessage() throws {
        let f = try facts(
            """
            INVITE sip:bob@example.com SIP/2.0
            Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKtop
            Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKmid, SIP/2.0/UDP b.example.com ;branch="z9hG4bKbottom"
            From: "Al, \\"the\\" caller" <sip:alice@example.com;tag=not-this>;tag=1928
            To: <sip:bob@example.com>
            Call-ID: abc@example.com
            CSeq: 7 INVITE
            Content-Type: application/sdp
            Content-Length: 10

            v=0\r\ns=-

            """)
        #expect(f.view == f.owned)
        #expect(f.view.method == .invite && f.view.isRequest && f.view.status == 0)
        #expect(f.view.cseqMethod == .invite && f.view.cseqNumber == 7)
        #expect(f.view.hasFromTag && f.view.fromTag == ByteHash.of("1928"))
        #expect(!f.view.hasToTag)
        #expect(f.view.hasBranch && f.view.bottomBranch == ByteHash.of("z9hG4bKbottom"))
        #expect(f.view.hasSDP)
        #expect(f.callID == Array("abc@example.com".utf8))
    }

    /// The Call-ID the facts find in their pass over the headers is the
    /// view's `callIDRange`; the bottom branch comes from the last Via line
    /// that has a value, found from the last Via line back.
    @Test(arguments: [
        "Call-ID: abc@example.com\n",
        "",
        "Call-ID:   \n",
        "i: compact@x\n",
        "Call-ID:  spaced@x  \nCall-ID: second@x\n",
        "Call-ID: folded\n @x\n",
    ])
    func callIDAndBottomViaInOnePass(callIDLines: String) throws {
        let text = """
            OPTIONS sip:bob@example.com SIP/2.0
            Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKa
            Max-Forwards: 70
            Via: SIP/2.0/UDP b.example.com;branch=z9hG4bKb
            Via:\u{20}
            From: <sip:alice@example.com>;tag=1
            To: <sip:bob@example.com>
            \(callIDLines)CSeq: 1 OPTIONS
            Content-Length: 0


            """
        let bytes = sipBytes(text)
        var parser = SIPParser()
        try bytes.withUnsafeBytes { raw in
            guard case .message(let view, _) = parser.parse(raw, stream: false) else { throw ParseFailure() }
            var sources = MessageFacts.TagSources()
            var callID: Range<Int>? = (0..<1)
            var facts = MessageFacts(view, tagSources: &sources, callID: &callID)
            #expect(callID == view.callIDRange)
            facts.readTags(view.bytes, sources)
            #expect(facts == MessageFacts(SIPMessage(view)))
            #expect(facts.hasBranch && facts.bottomBranch == ByteHash.of("z9hG4bKb"))
            #expect(sources.bottomVia.map { view.string($0) } == "SIP/2.0/UDP b.example.com;branch=z9hG4bKb")
        }
    }

    @Test func responsesWithOddTagsAndNoCSeq() throws {
        let f = try facts(
            """
            SIP/2.0 486 Busy Here
            Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1
            From: sip:alice@example.com;tag
            To: Bob <sip:bob@example.com>;TAG="q1"
            Call-ID: x
            Content-Length: 0


            """)
        #expect(f.view == f.owned)
        #expect(f.view.status == 486 && !f.view.isRequest && f.view.method == .none)
        #expect(!f.view.hasCSeq && f.view.cseqMethod == .none)
        // `;tag` without a value is an empty tag, not no tag.
        #expect(f.view.hasFromTag && f.view.fromTag == ByteHash.of(""))
        #expect(f.view.hasToTag && f.view.toTag == ByteHash.of("q1"))
    }

    /// Methods are case-sensitive; a method siptrace does not know is still a
    /// method of its own, the same whichever way it is read.
    @Test func unknownAndMiscasedMethods() throws {
        let odd = try facts("REGIStER sip:r SIP/2.0\nCall-ID: 1\nCSeq: 1 REGIStER\nContent-Length: 0\n\n")
        #expect(odd.view == odd.owned)
        #expect(!odd.view.method.isKnown && odd.view.method != .register && odd.view.method == MethodCode("REGIStER"))
        #expect(odd.view.cseqMethod == odd.view.method)
        let custom = try facts("FOO sip:r SIP/2.0\nCall-ID: 1\nCSeq: 2 FOO\nContent-Length: 0\n\n")
        #expect(custom.view == custom.owned)
        #expect(custom.view.method != odd.view.method && custom.view.method.knownName == nil)
        #expect(MethodCode("SUBSCRIBE") == .subscribe && MethodCode.subscribe.knownName == "SUBSCRIBE")
    }

    /// A folded Call-ID or tag reads as its unfolded text, as the owned copy does.
    @Test func foldedValuesHashAsUnfolded() throws {
        let f = try facts(
            """
            BYE sip:bob@example.com SIP/2.0
            Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKx
            From: <sip:alice@example.com>;tag=ab
            To: <sip:bob@example.com>;tag=cd
            Call-ID: part-one
              part-two
            CSeq: 2 BYE
            Content-Length: 0


            """)
        #expect(f.view == f.owned)
        #expect(f.callID == Array("part-one part-two".utf8))
        #expect(
            ByteHash.of("part-one part-two")
                == f.callID.map { b in b.withUnsafeBytes { ByteHash.of($0, 0..<$0.count) } })
    }

    /// The expiry of a REGISTER's 2xx: the Contact's parameter first (read as
    /// `Int` reads text, sign included), else the Expires header.
    @Test func registerExpiry() throws {
        let contact = try facts(
            """
            SIP/2.0 200 OK
            Call-ID: r1
            CSeq: 3 REGISTER
            Contact: <sip:a@192.0.2.1>;expires=+600, <sip:b@192.0.2.2>;expires=30
            Expires: 3600
            Content-Length: 0


            """)
        #expect(contact.view == contact.owned)
        #expect(contact.view.hasExpires && contact.view.expires == 600)
        let header = try facts("SIP/2.0 200 OK\nCall-ID: r1\nCSeq: 3 REGISTER\nExpires: 3600\nContent-Length: 0\n\n")
        #expect(header.view == header.owned && header.view.expires == 3600)
        let bad = try facts(
            "SIP/2.0 200 OK\nCall-ID: r1\nCSeq: 3 REGISTER\nContact: <sip:a@x>;expires=1x\nExpires: 60\nContent-Length: 0\n\n"
        )
        #expect(bad.view == bad.owned && bad.view.expires == 60)
    }

    /// A body labelled SDP that describes no session (no v=, no usable m=) is
    /// not SDP for early media, in every mode.
    @Test func sdpThatIsNotASession() throws {
        let f = try facts(
            "SIP/2.0 183 Session Progress\nCall-ID: s\nCSeq: 1 INVITE\nContent-Type: application/sdp\nContent-Length: 9\n\nm=audio\r\n"
        )
        #expect(f.view == f.owned)
        #expect(!f.view.hasSDP)
        let ok = try facts(
            "SIP/2.0 183 Session Progress\nCall-ID: s\nCSeq: 1 INVITE\nContent-Type: Application/SDP; x=1\nContent-Length: 19\n\nm=audio 4000 RTP/AVP\r\n"
        )
        #expect(ok.view == ok.owned && ok.view.hasSDP)
    }

    /// The retransmission key tells apart what RFC 3261 tells apart, and
    /// ignores what a proxy may rewrite (the Request-URI, the reason phrase).
    @Test func retransmissionKey() throws {
        let a = try facts(
            "SIP/2.0 180 Ringing\nVia: SIP/2.0/UDP x;branch=z9hG4bK1\nTo: <sip:b>;tag=t\nCall-ID: k\nCSeq: 1 INVITE\n\n"
        )
        let b = try facts(
            "SIP/2.0 180 Ringing, really\nVia: SIP/2.0/UDP x;branch=z9hG4bK1\nTo: <sip:b>;tag=t\nCall-ID: k\nCSeq: 1 INVITE\n\n"
        )
        let forked = try facts(
            "SIP/2.0 180 Ringing\nVia: SIP/2.0/UDP x;branch=z9hG4bK1\nTo: <sip:b>;tag=u\nCall-ID: k\nCSeq: 1 INVITE\n\n"
        )
        let other = try facts(
            "SIP/2.0 183 Ringing\nVia: SIP/2.0/UDP x;branch=z9hG4bK1\nTo: <sip:b>;tag=t\nCall-ID: k\nCSeq: 1 INVITE\n\n"
        )
        #expect(a.view.retransmissionKey == b.view.retransmissionKey)
        #expect(a.view.retransmissionKey != forked.view.retransmissionKey)
        #expect(a.view.retransmissionKey != other.view.retransmissionKey)
        let r1 = try facts(
            "INVITE sip:b@one SIP/2.0\nVia: SIP/2.0/UDP x;branch=z9hG4bK2\nCall-ID: k\nCSeq: 1 INVITE\n\n")
        let r2 = try facts(
            "INVITE sip:b@two SIP/2.0\nVia: SIP/2.0/UDP p;branch=z9hG4bKp\nVia: SIP/2.0/UDP x;branch=z9hG4bK2\nCall-ID: k\nCSeq: 1 INVITE\n\n"
        )
        #expect(r1.view.retransmissionKey == r2.view.retransmissionKey)
        #expect(r1.view.transactionBranch == r2.view.transactionBranch)
    }

    @Test func byteHashReadsEightBytesAtATimeAndTheTail() {
        // Lengths around the 8-byte word, and a difference in every position.
        for length in 0..<20 {
            let base = [UInt8](repeating: 0x61, count: length)
            let h = base.withUnsafeBytes { ByteHash.of($0, 0..<$0.count) }
            #expect(h == ByteHash.of(String(decoding: base, as: UTF8.self)))
            for position in 0..<length {
                var changed = base
                changed[position] = 0x62
                #expect(changed.withUnsafeBytes { ByteHash.of($0, 0..<$0.count) } != h)
            }
            // A longer run of the same byte is another string.
            let longer = base + [0x61]
            #expect(longer.withUnsafeBytes { ByteHash.of($0, 0..<$0.count) } != h)
        }
    }

    @Test func aValueHashesAlikeWhereverItSits() {
        // The hash reads whole words around a value (masked, shifted or
        // overlapping): a value must hash the same alone in its buffer, at the
        // start, middle and end of a longer one, with any bytes around it.
        var random = SplitMix64(seed: 0xB17E)
        for length in 1...40 {
            let value = (0..<length).map { _ in UInt8.random(in: 0x21...0x7E, using: &random) }
            let alone = value.withUnsafeBytes { ByteHash.of($0, 0..<$0.count) }
            for (before, after) in [(0, 0), (0, 9), (9, 0), (3, 3), (1, 20), (20, 1)] {
                let around = { (n: Int) in (0..<n).map { _ in UInt8.random(in: 0...255, using: &random) } }
                let buffer = around(before) + value + around(after)
                let h = buffer.withUnsafeBytes { ByteHash.of($0, before..<(before + length)) }
                #expect(h == alone, "length \(length), \(before) before, \(after) after")
            }
        }
    }
}
