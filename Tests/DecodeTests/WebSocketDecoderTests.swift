import Decode
import TestSupport
import Testing

/// What a decoder made of a stream.
private struct Outcome {
    var messages: [[UInt8]] = []
    var errors: [WebSocketError] = []
    var decoder: WebSocketDecoder

    var texts: [String] { messages.map { String(decoding: $0, as: UTF8.self) } }
}

/// Feeds `stream` to a fresh decoder whole (`chunk` 0) or in chunks of `chunk` bytes.
private func decodeStream(_ stream: [UInt8], chunk: Int = 0, maximumMessage: Int = 1 << 20) -> Outcome {
    var outcome = Outcome(decoder: WebSocketDecoder(maximumMessage: maximumMessage))
    let size = chunk == 0 ? max(stream.count, 1) : chunk
    var start = 0
    repeat {
        let end = min(start + size, stream.count)
        let piece = Array(stream[start..<end])
        outcome.errors += piece.withUnsafeBytes { bytes in
            outcome.decoder.feed(bytes) { outcome.messages.append(Array($0)) }
        }
        start = end
    } while start < stream.count
    return outcome
}

private func header(_ bytes: [UInt8]) -> WebSocketFrame.HeaderResult {
    bytes.withUnsafeBytes { WebSocketFrame.parseHeader($0) }
}

private func scan(_ text: String) -> WebSocketHandshake.Scan {
    Array(text.utf8).withUnsafeBytes { WebSocketHandshake.scan($0) }
}

// RFC 6455 §5.7 examples.
/// A single-frame unmasked text message: "Hello".
private let unmaskedHello = hexBytes("81 05 48 65 6c 6c 6f")
/// A single-frame masked text message: "Hello", key 37 fa 21 3d.
private let maskedHello = hexBytes("81 85 37 fa 21 3d 7f 9f 4d 51 58")
/// A fragmented unmasked text message: "Hel" then "lo".
private let fragmentedHello = hexBytes("01 03 48 65 6c 80 02 6c 6f")
/// An unmasked ping with "Hello", and a masked pong answering it.
private let pingPong = hexBytes("89 05 48 65 6c 6c 6f 8a 85 37 fa 21 3d 7f 9f 4d 51 58")

/// Frame 15 of sipcapture/heplify `sip_tcp_websocket.pcap`, client to server: one
/// masked text frame, FIN, 16-bit length 0x01c5 = 453, key 63 8e 0c d1, carrying an
/// ACK (RFC 7118: SIP over WebSocket from a browser).
private let realMaskedACK = hexBytes(
    [
        "81 fe 01 c5 63 8e 0c d1 22 cd 47 f1 10 e7 7c eb",  // ....c...".G...|.
        "48 bf 3e e3 55 bd 3f e9 51 b9 38 e3 23 ea 69 a7",  // H.>.U.?.Q.8.#.i.
        "4e e3 65 ba 06 a0 78 bf 00 fe 22 a5 06 f6 78 bf",  // N.e...x..."...x.
        "0c f9 22 b2 0c e3 2c 82 2a de 23 e3 4d be 01 db",  // .."...,.*.#.M...
        "35 e7 6d eb 43 dd 45 81 4c bc 22 e1 4c d9 5f 82",  // 5.m.C.E.L.".L._.
        "43 bf 66 be 0d b6 60 ba 09 be 35 a2 53 a0 65 bf",  // C.f...`...5.S.e.
        "15 ef 60 b8 07 b5 6e a3 02 e0 6f b9 5e f4 35 b9",  // ..`...n...o.^.5.
        "24 ba 6e 9a 54 b6 3b e2 53 bb 35 dc 69 c3 6d a9",  // $.n.T.;.S.5.i.m.
        "4e c8 63 a3 14 ef 7e b5 10 b4 2c e6 53 83 06 85",  // N.c...~...,.S...
        "0c b4 2c ed 10 e7 7c eb 48 bf 3e e3 55 bd 3f e9",  // ..,...|.H.>.U.?.
        "51 b9 38 e3 23 ea 69 a7 4e e3 65 ba 06 a0 78 bf",  // Q.8.#.i.N.e...x.
        "00 fe 22 a5 06 f6 78 bf 0c f9 22 b2 0c e3 32 ea",  // .."...x..."...2.
        "17 ef 6b ec 06 ed 6f b4 50 ba 3e b7 05 b9 35 e0",  // ..k...o.P.>...5.
        "55 b7 68 b5 00 bd 3d e3 51 ef 68 e2 5a b6 3f b0",  // U.h...=.Q.h.Z.?.
        "00 b6 6e e7 4d ef 3f b0 50 83 06 97 11 e1 61 eb",  // ..n.M.?.P.....a.
        "43 b2 7f b8 13 b4 3d e3 55 b9 39 e8 57 bf 3e e5",  // C.....=.U.9.W.>.
        "5a d1 59 b2 0f f6 34 a2 51 bf 4f ba 5b bc 47 85",  // Z.Y...4.Q.O.[.G.
        "29 fa 67 97 20 bf 60 a5 01 cb 6e b2 2b c9 47 bb",  // ).g. .`...n.+.G.
        "3b c2 7e a2 19 bc 6e b5 29 d8 5b 96 3b ce 68 b4",  // ;.~...n.).[.;.h.
        "15 a3 61 b8 08 eb 22 a5 0d ed 7c ff 17 eb 74 a5",  // ..a..."...|...t.
        "0d e1 7b ff 00 e1 61 ef 58 fa 6d b6 5e b6 7c b0",  // ..{...a.X.m.^.|.
        "0e fb 67 a0 10 e1 69 dc 69 cd 6d bd 0f a3 45 95",  // ..g...i.i.m...E.
        "59 ae 67 be 15 e8 64 be 13 fa 7f b9 04 e0 39 e8",  // Y.g...d.......9.
        "12 b9 3d e3 10 fc 01 db 20 dd 69 a0 59 ae 3e e3",  // ..=..... .i.Y.>.
        "53 b8 2c 90 20 c5 01 db 30 fb 7c a1 0c fc 78 b4",  // S.,. ...0.|...x.
        "07 b4 2c be 16 fa 6e be 16 e0 68 dc 69 db 7f b4",  // ..,...n...h.i...
        "11 a3 4d b6 06 e0 78 eb 43 dd 45 81 4d e4 7f fe",  // ..M...x.C.E.M...
        "53 a0 3d e0 4d bb 01 db 20 e1 62 a5 06 e0 78 fc",  // S.=.M... .b...x.
        "2f eb 62 b6 17 e6 36 f1 53 83 06 dc 69",  // /.b...6.S...i
    ].joined())

/// The 101 response of the same connection (frame 8), as sent.
private let realResponse =
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    + "Sec-WebSocket-Protocol: sip\r\nSec-WebSocket-Accept: 73kZ5DOiufBXN3TwT4dTCGGEaYU=\r\n\r\n"

/// RFC 7118 §4's example handshake, with the extension offer of RFC 7692 §5.
private let exampleRequest =
    "GET / HTTP/1.1\r\nHost: sip-ws.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://www.example.com\r\n"
    + "Sec-WebSocket-Protocol: sip\r\nSec-WebSocket-Version: 13\r\n"
    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"

@Suite struct WebSocketDecoderTests {
    @Test(arguments: [0, 1, 2, 3, 7])
    func rfcExamplesWholeAndInPieces(chunk: Int) {
        let stream = unmaskedHello + maskedHello + fragmentedHello + pingPong
        let outcome = decodeStream(stream, chunk: chunk)
        #expect(outcome.texts == ["Hello", "Hello", "Hello"])
        #expect(outcome.errors == [])
        var expected = WebSocketDecoder.Statistics()
        expected.frames = 6
        expected.messages = 3
        expected.textMessages = 3
        expected.pings = 1
        expected.pongs = 1
        #expect(outcome.decoder.statistics == expected)
    }

    // RFC 6455 §5.7: 256 bytes in one unmasked binary frame (16-bit length), and
    // 64 KiB (64-bit length).
    @Test(arguments: [0, 5, 4096])
    func extendedLengths(chunk: Int) {
        let small = (0..<256).map { UInt8($0) }
        let large = (0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let stream = hexBytes("82 7e 01 00") + small + hexBytes("82 7f 00 00 00 00 00 01 00 00") + large
        let outcome = decodeStream(stream, chunk: chunk)
        #expect(outcome.messages == [small, large])
        #expect(outcome.decoder.statistics.binaryMessages == 2)
    }

    // §5.4: control frames may come between the fragments of a message.
    @Test func aPingBetweenFragments() {
        let outcome = decodeStream(hexBytes("01 03 48 65 6c 89 00 80 02 6c 6f"))
        #expect(outcome.texts == ["Hello"])
        #expect(outcome.decoder.statistics.pings == 1)
    }

    @Test func frameHeaders() {
        #expect(header([]) == .needMore(2))
        #expect(header([0x81]) == .needMore(2))
        #expect(header([0x81, 0xfe, 0x01]) == .needMore(8))
        #expect(header([0x82, 0x7f, 0, 0]) == .needMore(10))
        #expect(
            header(Array(maskedHello[0..<6]))
                == .frame(
                    WebSocketFrame(
                        fin: true, opcode: 1, masked: true, maskingKey: 0x37fa_213d, payloadLength: 5, headerLength: 6))
        )
        #expect(
            header(hexBytes("41 7e 00 10"))
                == .frame(
                    WebSocketFrame(
                        fin: false, reserved: 0b100, opcode: 1, masked: false, payloadLength: 16, headerLength: 4)))
        #expect(header(hexBytes("82 7f 80 00 00 00 00 00 00 00")) == .invalidLength)
    }

    @Test func realMaskedFrameWholeAndSplitEverywhere() {
        let whole = decodeStream(realMaskedACK)
        #expect(whole.messages.count == 1)
        #expect(whole.messages.first?.count == 453)
        #expect(
            whole.texts.first?.hasPrefix("ACK sip:+12263382742@dev-mike.tncp.textnow.com SIP/2.0\r\nVia: SIP/2.0/WSS ")
                == true)
        #expect(whole.texts.first?.hasSuffix("Content-Length: 0\r\n\r\n") == true)
        for cut in 1..<realMaskedACK.count {
            var decoder = WebSocketDecoder()
            var messages: [[UInt8]] = []
            for part in [realMaskedACK[0..<cut], realMaskedACK[cut...]] {
                let errors = Array(part).withUnsafeBytes { decoder.feed($0) { messages.append(Array($0)) } }
                #expect(errors == [])
            }
            #expect(messages == whole.messages, "cut at \(cut)")
        }
    }

    @Test func handshakes() {
        let request = scan(exampleRequest)
        #expect(
            request
                == .complete(
                    WebSocketHandshake.Head(
                        isRequest: true, length: exampleRequest.utf8.count, sipProtocol: true, permessageDeflate: true))
        )
        #expect(
            scan(realResponse)
                == .complete(
                    WebSocketHandshake.Head(isRequest: false, length: 158, sipProtocol: true, permessageDeflate: false))
        )
        let withFrames = Array(realResponse.utf8) + unmaskedHello
        let parsed = withFrames.withUnsafeBytes { WebSocketHandshake.parse($0) }
        #expect(parsed?.isRequest == false)
        #expect(parsed?.length == 158)
        #expect(decodeStream(Array(withFrames[158...])).texts == ["Hello"])
        // Header names and tokens are case-insensitive; a bare LF ends lines too.
        #expect(
            scan("GET /ws HTTP/1.1\nupgrade: WebSocket\nSEC-WEBSOCKET-PROTOCOL: chat, SIP\n\nxyz")
                == .complete(
                    WebSocketHandshake.Head(isRequest: true, length: 71, sipProtocol: true, permessageDeflate: false)))
    }

    @Test func notHandshakesAndIncompleteOnes() {
        #expect(scan("") == .incomplete)
        #expect(scan("GE") == .incomplete)
        #expect(scan("HTTP/1.1 10") == .incomplete)
        #expect(scan(String(exampleRequest.dropLast(2))) == .incomplete)
        #expect(scan("GET / HTTP/1.1\r\nHost: a\r\n\r\n") == .notHandshake)
        #expect(scan("HTTP/1.1 200 OK\r\n\r\n") == .notHandshake)
        #expect(scan("HTTP/1.1 1010\r\nUpgrade: websocket\r\n\r\n") == .notHandshake)
        #expect(scan("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n") == .notHandshake)
        #expect(scan("OPTIONS sip:a@b SIP/2.0\r\n\r\n") == .notHandshake)
        #expect(scan("GET / HTTP/1.1\r\n" + String(repeating: "X-Filler: 0123456789\r\n", count: 800)) == .notHandshake)
        #expect(Array("GE".utf8).withUnsafeBytes { WebSocketHandshake.parse($0) } == nil)
    }

    // RFC 7692 §7.2.3.1, §7.2.3.3: "Hello" compressed, in one frame, in two
    // fragments (RSV1 on the first only), and as a stored (uncompressed) block.
    @Test(arguments: [
        "c1 07 f2 48 cd c9 c9 07 00", "41 03 f2 48 cd 80 04 c9 c9 07 00", "c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00",
    ])
    func permessageDeflate(frames: String) {
        let outcome = decodeStream(hexBytes(frames))
        #expect(outcome.texts == ["Hello"])
        #expect(outcome.errors == [])
        #expect(outcome.decoder.statistics.compressedMessages == 1)
    }

    // RFC 7692 §7.2.3.2: with context takeover the second "Hello" refers to the first;
    // inflating messages one by one cannot read it, so it is dropped and reported.
    @Test func aSharedWindowMessageIsDroppedNotMisread() {
        let outcome = decodeStream(hexBytes("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00"))
        #expect(outcome.texts == ["Hello"])
        #expect(outcome.errors == [.decompressionFailed])
        #expect(outcome.decoder.statistics.droppedMessages == 1)
    }

    @Test func framingErrorsStopTheDecoder() {
        let reservedOpcode = decodeStream(hexBytes("83 00") + unmaskedHello)
        #expect(reservedOpcode.errors == [.reservedOpcode(3)])
        #expect(reservedOpcode.messages.isEmpty)
        #expect(reservedOpcode.decoder.isFailed)
        #expect(reservedOpcode.decoder.statistics.bytesIgnored == 7)

        #expect(decodeStream(hexBytes("a1 00") + unmaskedHello).errors == [.reservedBits(0b010)])
        #expect(decodeStream(hexBytes("91 00")).errors == [.reservedBits(0b001)])
        #expect(decodeStream(hexBytes("82 7f ff ff ff ff ff ff ff ff")).errors == [.invalidLength])
        #expect(WebSocketError.reservedOpcode(3).isFatal)
        #expect(!WebSocketError.messageTooLarge(atLeast: 9).isFatal)

        // Bytes fed after the failure are counted, not decoded; reset() starts over.
        var outcome = decodeStream(hexBytes("8f 00"))
        let later = unmaskedHello.withUnsafeBytes { outcome.decoder.feed($0) { _ in Issue.record("decoded") } }
        #expect(later == [])
        #expect(outcome.decoder.statistics.bytesIgnored == 7)
        outcome.decoder.reset()
        var texts: [String] = []
        _ = unmaskedHello.withUnsafeBytes {
            outcome.decoder.feed($0) { texts.append(String(decoding: $0, as: UTF8.self)) }
        }
        #expect(texts == ["Hello"])
    }

    /// Errors that leave the framing intact cost one message and nothing else.
    @Test func recoverableErrors() {
        // A ping of 126 bytes, then a fragmented ping.
        let longPing = hexBytes("89 7e 00 7e") + Array(repeating: 0x41, count: 126)
        var outcome = decodeStream(longPing + hexBytes("09 00") + unmaskedHello)
        #expect(
            outcome.errors == [
                .invalidControlFrame(opcode: 9, length: 126), .invalidControlFrame(opcode: 9, length: 0),
            ])
        #expect(outcome.texts == ["Hello"])

        // A continuation with nothing open.
        outcome = decodeStream(hexBytes("80 02 6c 6f") + unmaskedHello)
        #expect(outcome.errors == [.unexpectedContinuation])
        #expect(outcome.texts == ["Hello"])

        // A message interrupted by another.
        outcome = decodeStream(hexBytes("01 03 48 65 6c") + unmaskedHello)
        #expect(outcome.errors == [.interruptedMessage])
        #expect(outcome.texts == ["Hello"])
        #expect(outcome.decoder.statistics.droppedMessages == 1)

        // RSV1 on a continuation: reported, ignored.
        outcome = decodeStream(hexBytes("01 03 48 65 6c c0 02 6c 6f"))
        #expect(outcome.errors == [.misplacedCompressionBit])
        #expect(outcome.texts == ["Hello"])
    }

    @Test(arguments: [0, 1])
    func messagesOverTheLimitAreSkipped(chunk: Int) {
        let ok = hexBytes("81 02 6f 6b")
        // One frame of 5 bytes, then 3 + 2 bytes in two frames, over a limit of 4.
        let outcome = decodeStream(unmaskedHello + fragmentedHello + ok, chunk: chunk, maximumMessage: 4)
        #expect(outcome.errors == [.messageTooLarge(atLeast: 5), .messageTooLarge(atLeast: 5)])
        #expect(outcome.texts == ["ok"])
        #expect(outcome.decoder.statistics.droppedMessages == 2)
        // At the limit exactly, a message passes.
        #expect(decodeStream(unmaskedHello, maximumMessage: 5).texts == ["Hello"])
    }

    @Test func everyTruncationDeliversOnlyWholeMessages() {
        let stream = maskedHello + fragmentedHello
        for n in 0...stream.count {
            let outcome = decodeStream(Array(stream[0..<n]))
            #expect(outcome.errors == [])
            let expected = n >= stream.count ? 2 : n >= maskedHello.count ? 1 : 0
            #expect(outcome.messages.count == expected, "prefix \(n)")
        }
    }

    @Test func garbageNeverTraps() {
        var rng = GarbageRandom(seed: 6455)
        for _ in 0..<1500 {
            var decoder = WebSocketDecoder(maximumMessage: 300)
            for _ in 0..<(1 + rng.next(5)) {
                let bytes = (0..<rng.next(120)).map { _ -> UInt8 in
                    // Mostly plausible headers: low opcodes, small lengths.
                    rng.next(3) == 0
                        ? UInt8(truncatingIfNeeded: rng.next(256))
                        : [0x81, 0x01, 0x80, 0x00, 0x02, 0x7e, 0x05, 0xc1][rng.next(8)]
                }
                _ = bytes.withUnsafeBytes { decoder.feed($0) { #expect($0.count <= 300) } }
            }
        }
    }
}
