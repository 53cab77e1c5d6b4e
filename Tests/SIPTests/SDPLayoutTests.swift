import Testing

@testable import SIP

/// An `SDPLayout` is kept and reused by its reader: each `read` must forget
/// the body before, whatever it held.
@Suite struct SDPLayoutTests {
    static let big =
        "v=0\r\nc=IN IP4 10.0.0.1\r\na=sendonly\r\nm=audio 5004 RTP/AVP 0 8 96 101\r\na=rtpmap:96 opus/48000/2\r\n"
        + "a=rtpmap:101 telephone-event/8000\r\nm=video 5006 RTP/AVP 96\r\nc=IN IP4 10.0.0.2\r\na=inactive\r\n"
        + "a=rtpmap:96 H264/90000\r\n"
    static let small = "v=0\r\nm=audio 6000 RTP/AVP 96\r\n"

    /// A body that Content-Length ends inside `a=rtpmap:` (the bytes after it
    /// in the datagram spell the rest): it reads as the same body alone, and
    /// must not trap. It did, from the first version of the SDP parser until
    /// this test.
    @Test(arguments: 0...9)
    func bodyCutInsideAnAttributeName(cut: Int) {
        let head = "v=0\r\nm=audio 6000 RTP/AVP 0\r\na="
        let text = Array((head + "rtpmap:0 PCMU/8000\r\n").utf8)
        let end = head.utf8.count + cut
        let alone = Array(text[..<end])
        text.withUnsafeBytes { raw in
            alone.withUnsafeBytes { aloneRaw in
                var layout = SDPLayout()
                let read = layout.read(raw, 0..<end)
                var expected = SDPLayout()
                let readAlone = expected.read(aloneRaw, 0..<end)
                #expect(read && readAlone)
                #expect(layout.session(raw) == expected.session(aloneRaw))
                #expect(layout.session(raw).media.count == 1)
            }
        }
    }

    /// Read after a bigger body, a small one reads as it does in a fresh
    /// layout: no address, direction, media or rtpmap of the first is left
    /// (its format 96 would have named opus).
    @Test func readForgetsTheBodyBefore() throws {
        var reused = SDPLayout()
        let text = Array((SDPLayoutTests.big + SDPLayoutTests.small).utf8)
        let split = SDPLayoutTests.big.utf8.count
        try text.withUnsafeBytes { raw in
            let read1 = reused.read(raw, 0..<split)
            #expect(read1)
            #expect(reused.session(raw).media.count == 2)
            let read2 = reused.read(raw, split..<raw.count)
            #expect(read2)
            var fresh = SDPLayout()
            let read3 = fresh.read(raw, split..<raw.count)
            #expect(read3)
            let session = reused.session(raw)
            #expect(session == fresh.session(raw))
            let media = try #require(session.media.first)
            #expect(session.media.count == 1 && session.connectionAddress == nil)
            #expect(media.codecs == ["96"] && media.direction == .sendrecv && media.connectionAddress == nil)
            // And a body that is no session leaves nothing to read either.
            // (The big body's session lines, after its v= and before its
            // first m=: a c= and an a=, no session.)
            let firstMedia = text.firstRange(of: Array("m=".utf8))!.lowerBound
            let read4 = reused.read(raw, 5..<firstMedia)
            #expect(!read4)
            #expect(reused.media.isEmpty && reused.formats.isEmpty)
        }
    }

    /// Each media alone (what a streamed message keeps of an offer) is the
    /// session's media at that index, inherited address and direction and
    /// all.
    @Test func mediaAloneIsTheSessions() throws {
        let text = Array(SDPLayoutTests.big.utf8)
        text.withUnsafeBytes { raw in
            var layout = SDPLayout()
            let read5 = layout.read(raw, 0..<raw.count)
            #expect(read5)
            let session = layout.session(raw)
            for i in layout.media.indices { #expect(layout.media(raw, i) == session.media[i]) }
            #expect(session.media[0].connectionAddress == "10.0.0.1" && session.media[0].direction == .sendonly)
            #expect(session.media[1].connectionAddress == "10.0.0.2" && session.media[1].direction == .inactive)
            #expect(session.media[0].codecs == ["PCMU/8000", "PCMA/8000", "opus/48000/2", "telephone-event/8000"])
            #expect(session.media[1].codecs == ["H264/90000"])
        }
    }
}
