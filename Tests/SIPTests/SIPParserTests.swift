import SIP
import TestSupport
import Testing

/// Parses `bytes` and hands the result to `body` while the bytes are alive.
func withParse<T>(_ bytes: [UInt8], stream: Bool = false, _ body: (SIPParser.Outcome) -> T) -> T {
    var parser = SIPParser()
    return bytes.withUnsafeBytes { body(parser.parse($0, stream: stream)) }
}

/// Parses and copies the message out, or nil when it is not a message.
func message(_ bytes: [UInt8], stream: Bool = false) -> SIPMessage? {
    withParse(bytes, stream: stream) { outcome in
        if case .message(let view, _) = outcome { return SIPMessage(view) }
        return nil
    }
}

let invite = sipBytes(
    """
    INVITE sip:bob@biloxi.example.com SIP/2.0
    Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds, SIP/2.0/UDP proxy.example.com;branch=z9hG4bKabc
    Via: SIP/2.0/TCP edge.example.com:5061 ;branch=z9hG4bKedge
    Max-Forwards: 70
    To: Bob <sip:bob@biloxi.example.com>
    From: "Alice \\"A\\" Liddell" <sip:alice@atlanta.example.com>;tag=1928301774
    Call-ID: a84b4c76e66710@pc33.atlanta.example.com
    CSeq: 314159 INVITE
    Contact: <sip:alice@pc33.atlanta.example.com>
    Subject: a long
      folded subject
    Content-Type: application/sdp
    Content-Length: 168

    v=0
    o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com
    s=-
    c=IN IP4 192.0.2.101
    t=0 0
    m=audio 49172 RTP/AVP 0 8 101
    a=rtpmap:101 telephone-event/8000

    """)

@Suite struct SIPParserTests {
    @Test func requestHeadersAndBody() throws {
        let m = try #require(message(invite))
        #expect(m.kind == .request(method: "INVITE", uri: "sip:bob@biloxi.example.com"))
        #expect(m.callID == "a84b4c76e66710@pc33.atlanta.example.com")
        #expect(
            m.from
                == NameAddress(
                    displayName: "Alice \"A\" Liddell", uri: "sip:alice@atlanta.example.com", tag: "1928301774"))
        #expect(m.to == NameAddress(displayName: "Bob", uri: "sip:bob@biloxi.example.com", tag: nil))
        #expect(m.cseq == CSeq(number: 314159, method: "INVITE"))
        #expect(
            m.vias == [
                Via(transport: "UDP", sentBy: "pc33.atlanta.example.com", branch: "z9hG4bK776asdhds"),
                Via(transport: "UDP", sentBy: "proxy.example.com", branch: "z9hG4bKabc"),
                Via(transport: "TCP", sentBy: "edge.example.com:5061", branch: "z9hG4bKedge"),
            ])
        #expect(m.branch == "z9hG4bK776asdhds")
        #expect(m.contact == "<sip:alice@pc33.atlanta.example.com>")
        #expect(m.contentLength == 168)
        #expect(m.bodyLength == 168)
        #expect(m.problems.isEmpty)
        let sdp = try #require(m.sdp)
        #expect(sdp.connectionAddress == "192.0.2.101")
        #expect(
            sdp.media == [
                SDPMedia(
                    type: "audio", port: 49172, proto: "RTP/AVP", formats: ["0", "8", "101"],
                    codecs: ["PCMU/8000", "PCMA/8000", "telephone-event/8000"], connectionAddress: "192.0.2.101",
                    direction: .sendrecv)
            ])
    }

    /// The compact copy keeps what outcomes, dialogs and the JSON report need
    /// (display names, every SDP medium), drops the rest.
    @Test func compactMessage() throws {
        let m = try #require(
            withParse(invite) { outcome -> SIPMessage? in
                if case .message(let view, _) = outcome { return SIPMessage(view, compact: true) }
                return nil
            })
        #expect(m.isCompact && m.vias.isEmpty && m.callID == nil)
        #expect(m.contact == nil && m.contentType == nil && m.userAgent == nil && m.reasonHeader == nil)
        #expect(m.from?.displayName == #"Alice "A" Liddell"#)
        #expect(m.from?.tag == "1928301774")
        #expect(m.sdp?.media.count == 1)
        #expect(m.cseq == CSeq(number: 314159, method: "INVITE"))
    }

    @Test func foldedHeaderIsJoined() throws {
        let subject = withParse(invite) { outcome -> String? in
            guard case .message(let view, _) = outcome, let field = view.first(.subject) else { return nil }
            return view.string(field.valueRange)
        }
        #expect(subject == "a long folded subject")
    }

    @Test func repeatedAndCommaJoinedHeadersKeepOrder() {
        let count = withParse(invite) { outcome -> Int in
            guard case .message(let view, _) = outcome else { return -1 }
            return view.values(of: .via).count
        }
        #expect(count == 3)
    }

    // Compact forms (RFC 3261 §7.3.3), lower-case names, and a tag without display name.
    @Test func compactForms() throws {
        let m = try #require(
            message(
                sipBytes(
                    """
                    SIP/2.0 486 Busy Here
                    v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1
                    f: <sip:a@x>;tag=aa
                    t: sip:b@y;tag=bb
                    i: cid-1
                    cseq: 2 INVITE
                    RETRY-AFTER: 30 (lunch)
                    Reason: Q.850;cause=17;text="User busy"
                    l: 0


                    """)))
        #expect(m.kind == .response(status: 486, reason: "Busy Here"))
        #expect(m.callID == "cid-1")
        #expect(m.from?.tag == "aa")
        #expect(m.to == NameAddress(displayName: nil, uri: "sip:b@y", tag: "bb"))
        #expect(m.cseq == CSeq(number: 2, method: "INVITE"))
        #expect(m.retryAfter == 30)
        #expect(m.reasonHeader == "Q.850;cause=17;text=\"User busy\"")
        #expect(m.bodyLength == 0)
    }

    // Two messages in one TCP segment, framed by Content-Length.
    @Test func twoMessagesInOneStreamSegment() {
        let one = sipBytes("OPTIONS sip:a@b SIP/2.0\nCall-ID: 1\nContent-Length: 4\n\nabcd")
        let two = sipBytes("SIP/2.0 200 OK\nCall-ID: 1\nContent-Length: 0\n\n")
        let both = one + two
        both.withUnsafeBytes { raw in
            var parser = SIPParser()
            guard case .message(let first, let consumed) = parser.parse(raw, stream: true) else {
                Issue.record("first message not parsed")
                return
            }
            #expect(consumed == one.count)
            #expect(first.body.count == 4)
            let rest = UnsafeRawBufferPointer(rebasing: raw[consumed...])
            guard case .message(let second, let used) = parser.parse(rest, stream: true) else {
                Issue.record("second message not parsed")
                return
            }
            #expect(used == two.count)
            guard case .response(let status, let reason) = second.startLine else {
                Issue.record("second message is not a response")
                return
            }
            #expect(status == 200)
            #expect(second.string(reason) == "OK")
        }
    }

    @Test func contentLengthLargerThanPacket() throws {
        let m = try #require(message(sipBytes("BYE sip:a@b SIP/2.0\nCall-ID: x\nContent-Length: 5000\n\nshort")))
        #expect(m.problems == [.contentLengthExceedsPacket(declared: 5000, available: 5)])
        #expect(m.bodyLength == 5)
    }

    @Test func absurdContentLengthIsNotANumber() throws {
        let m = try #require(
            message(sipBytes("BYE sip:a@b SIP/2.0\nCall-ID: x\nContent-Length: 99999999999999999999999\n\n")))
        #expect(m.problems == [.badContentLength])
    }

    @Test(arguments: [
        ("INVITE sip:a@b SIP/3.0\n\n", "broken start line: version is not SIP/2.0"),
        ("SIP/2.0 2x0 OK\n\n", "broken start line: status code is not a number from 100 to 699"),
        ("SIP/2.0 999 Nope\n\n", "broken start line: status code is not a number from 100 to 699"),
        ("INVITE  SIP/2.0\n\n", "broken start line: empty Request-URI"),
        ("SIP/1.0 200 OK\n\n", "broken start line: unsupported SIP version"),
    ])
    func brokenStartLines(text: String, reason: String) {
        let got = withParse(sipBytes(text)) { outcome -> String? in
            if case .malformed(let error, _) = outcome { return error.description }
            return nil
        }
        #expect(got == reason)
    }

    @Test(arguments: ["GET / HTTP/1.1\n\n", "\u{1}\u{2}binary", "", "\n\n", "OPTIONS * HTTP/1.1\n\n", "hello world"])
    func notSIP(text: String) {
        let isNotSIP = withParse(Array(text.utf8)) { outcome -> Bool in
            if case .notSIP = outcome { return true }
            return false
        }
        #expect(isNotSIP)
    }

    @Test func headerWithoutColonIsReportedAndSkipped() throws {
        let m = try #require(
            message(sipBytes("OPTIONS sip:a@b SIP/2.0\nCall-ID: z\nthis is junk\nCSeq: 1 OPTIONS\n\n")))
        #expect(m.problems == [.badHeaderLine(line: 3)])
        #expect(m.cseq == CSeq(number: 1, method: "OPTIONS"))
    }

    /// On a stream, a message cut anywhere is "incomplete" until its last byte.
    @Test func streamWaitsForTheWholeMessage() {
        let whole = sipBytes("OPTIONS sip:a@b SIP/2.0\nCall-ID: 1\nContent-Length: 4\n\nabcd")
        for length in 1..<whole.count {
            let incomplete = withParse(Array(whole.prefix(length)), stream: true) { outcome -> Bool in
                if case .incomplete = outcome { return true }
                return false
            }
            #expect(
                incomplete,
                "prefix of \(length) bytes: \(String(decoding: whole.prefix(length), as: UTF8.self).debugDescription)")
        }
        let consumed = withParse(whole, stream: true) { outcome -> Int? in
            if case .message(_, let consumed) = outcome { return consumed }
            return nil
        }
        #expect(consumed == whole.count)
    }

    @Test func missingBlankLine() throws {
        let m = try #require(message(sipBytes("OPTIONS sip:a@b SIP/2.0\nCall-ID: z")))
        #expect(m.callID == "z")
        #expect(m.problems == [.noEndOfHeaders])
    }

    /// Every prefix of a real message, and random bytes behind a SIP start line:
    /// no trap, and every range the view returns lies inside the input.
    @Test func truncatedAndGarbageNeverTrap() {
        for length in 0...invite.count {
            let prefix = Array(invite.prefix(length))
            for stream in [false, true] {
                withParse(prefix, stream: stream) { outcome in
                    switch outcome {
                    case .message(let view, let consumed):
                        #expect(consumed <= length)
                        #expect(view.body.upperBound <= length)
                        _ = SIPMessage(view)
                    case .malformed(_, let consumed): #expect(consumed <= length)
                    case .notSIP, .incomplete: break
                    }
                }
            }
        }
        var state: UInt64 = 42
        for _ in 0..<2000 {
            var bytes = Array("SIP/2.0 200 OK\r\n".utf8)
            state = state &* 6_364_136_223_846_793_005 &+ 1
            for _ in 0..<Int(state >> 55) {
                state = state &* 6_364_136_223_846_793_005 &+ 1
                let choices: [UInt8] = [0x0D, 0x0A, 0x3A, 0x3B, 0x22, 0x3C, 0x3E, 0x20, 0x2C, 0x61, 0x3D, 0x5C]
                bytes.append(
                    state >> 63 == 0
                        ? choices[Int(state >> 40) % choices.count] : UInt8(truncatingIfNeeded: state >> 20))
            }
            for stream in [false, true] {
                withParse(bytes, stream: stream) { outcome in
                    if case .message(let view, _) = outcome { _ = SIPMessage(view) }
                }
            }
        }
    }
}
