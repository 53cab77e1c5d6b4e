import Decode
import TestSupport
import Testing

private func endpoint(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ port: UInt16) -> Endpoint {
    Endpoint(address: IPAddress(ipv4: UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)), port: port)
}

private func parse(_ bytes: [UInt8]) -> Result<HEPPacket, HEPParseError> {
    bytes.withUnsafeBytes { HEP.parse($0) }
}

private func looksLikeHEP(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { HEP.looksLikeHEP($0) }
}

private func text(_ bytes: [UInt8], _ range: Range<Int>?) -> String? {
    range.map { String(decoding: bytes[$0], as: UTF8.self) }
}

/// One HEPv3 chunk of the generic vendor: vendor 0000, type, length (6 + data), data.
private func chunk(_ type: UInt16, _ data: [UInt8]) -> [UInt8] {
    let length = UInt16(6 + data.count)
    return [0, 0, UInt8(type >> 8), UInt8(type & 0xFF), UInt8(length >> 8), UInt8(length & 0xFF)] + data
}

/// "HEP3", the total length, then the chunks.
private func hep3(_ chunks: [[UInt8]]) -> [UInt8] {
    let body = chunks.flatMap { $0 }
    let total = UInt16(6 + body.count)
    return Array("HEP3".utf8) + [UInt8(total >> 8), UInt8(total & 0xFF)] + body
}

/// Frame 5 of sipcapture/hep-wireshark `hep.pcap` (UDP payload to port 9060): a HEP3
/// log record. Chunks: family 2, protocol 17, 192.168.1.1 → 192.168.1.2, ports 0 and 0,
/// seconds 0x584d365f, microseconds 126, type 100 (log), capture ID 2001, auth key
/// "myHep", correlation ID (the Call-ID), and the payload at 137..<220.
private let hepLogRecord = hexBytes(
    [
        "48 45 50 33 00 dc 00 00 00 01 00 07 02 00 00 00",  // HEP3............
        "02 00 07 11 00 00 00 03 00 0a c0 a8 01 01 00 00",  // ................
        "00 04 00 0a c0 a8 01 02 00 00 00 07 00 08 00 00",  // ................
        "00 00 00 08 00 08 00 00 00 00 00 09 00 0a 58 4d",  // ..............XM
        "36 5f 00 00 00 0a 00 0a 00 00 00 7e 00 00 00 0b",  // 6_.........~....
        "00 07 64 00 00 00 0c 00 0a 00 00 07 d1 00 00 00",  // ..d.............
        "0e 00 0b 6d 79 48 65 70 00 00 00 11 00 1b 71 67",  // ...myHep......qg
        "66 33 64 6d 39 72 75 64 69 40 31 32 37 2e 30 2e",  // f3dm9rudi@127.0.
        "30 2e 31 00 00 00 0f 00 59 53 59 53 4c 4f 47 3a",  // 0.1.....YSYSLOG:
        "20 50 72 6f 63 65 73 73 69 6e 67 20 4f 50 54 49",  //  Processing OPTI
        "4f 4e 53 20 72 65 71 75 65 73 74 20 66 72 6f 6d",  // ONS request from
        "20 6e 6f 64 65 6a 73 20 75 73 69 6e 67 20 43 61",  //  nodejs using Ca
        "6c 6c 2d 49 64 3a 20 71 67 66 33 64 6d 39 72 75",  // ll-Id: qgf3dm9ru
        "64 69 40 31 32 37 2e 30 2e 30 2e 31",  // di@127.0.0.1
    ].joined())

/// Frame 10 of sipcapture/hep-wireshark `hep3_compressed.pcap.pcapng`: HEP3 from an
/// agent that compresses, with the SIP (a 401 over TCP) in chunk 0x0010 at 110..<481.
private let hepCompressed = hexBytes(
    [
        "48 45 50 33 01 e1 00 00 00 01 00 07 02 00 00 00",  // HEP3............
        "02 00 07 06 00 00 00 07 00 08 13 c4 00 00 00 08",  // ................
        "00 08 d4 49 00 00 00 09 00 0a 59 95 0f a2 00 00",  // ...I......Y.....
        "00 0a 00 0a 00 0a 20 4f 00 00 00 0b 00 07 01 00",  // ...... O........
        "00 00 0c 00 0a 00 00 00 e4 00 00 00 03 00 0a c0",  // ................
        "a8 89 f7 00 00 00 04 00 0a c0 a8 89 01 00 00 00",  // ................
        "0e 00 0b 6d 79 48 65 70 00 00 00 10 01 79 78 9c",  // ...myHep.....yx.
        "85 51 cb 6e db 30 10 bc 0b d0 3f 10 ba 36 52 48",  // .Q.n.0....?..6RH
        "8a d4 83 ae 8a b4 b6 e3 ba ae 51 23 76 db a0 37",  // ..........Q#v..7
        "8a 5a 4a 6a 6d 51 a6 e8 38 c8 d7 97 45 4e 39 f5",  // .ZJjmQ..8...EN9.
        "b6 98 c7 62 76 67 bf de dd d2 04 23 86 09 fa 3e",  // ...bvg.....#...>
        "c8 8b eb 8c ed 5f a0 09 83 1f bd 14 68 ff 4a df",  // ....._......h.J.
        "1e e6 3b 44 4a 9a 90 ac 48 48 9a 27 44 a4 b4 c0",  // ..;DJ...HH.'D...
        "7c 66 47 63 5d c5 59 ca fc 0c 0a fa 27 68 aa 37",  // |fGc].Y.....'h.7
        "c2 59 6d e5 a0 ba ea a5 ec 56 ac de 70 22 d3 52",  // .Ym......V..p".R
        "17 8c 11 85 eb ba 94 79 51 94 0c 58 4a 69 c1 f3",  // .......yQ..XJi..
        "26 ab 67 7f 00 c6 30 b8 b7 e6 24 d0 fb a9 1f c5",  // &.g...0...$.....
        "3b c2 09 e3 9c 63 cc d9 9d 55 53 32 b9 0f 33 27",  // ;....c...US2..3'
        "db aa a1 5a a6 34 67 99 4f 42 a1 84 98 69 89 53",  // ...Z.4g.OB...i.S
        "25 55 82 c3 e0 60 fe 67 97 bf ba 74 a1 c3 60 2e",  // %U...`.g...t..`.
        "8f c7 78 bd 10 a8 d0 0a 6b 9d 43 5c 6a ac a1 c6",  // ..x.....k.C.j...
        "38 ce 28 e3 b5 a4 e4 ee cd 45 de b2 87 b3 40 04",  // 8.(......E....@.
        "3d 2c 57 eb fd 61 f9 10 06 5b f9 1c df 1b 7b 95",  // =,W..a...[....{.
        "b6 99 04 ca 7d 80 b9 19 1c 0c 2e fe 0a 43 eb 3a",  // ....}........C.:
        "81 3c f4 f3 7a 8d 3f fa 0f 7b b8 57 d2 81 40 8b",  // .<..z.?..{.W..@.
        "be 85 c9 21 0b f2 78 aa a2 d7 74 d1 0d 1a cc a0",  // ...!..x...t.....
        "a0 8a be 34 ed a7 f6 f1 77 ff 2d bb 3c a5 9b fe",  // ...4....w.-.<...
        "b3 db ee 9e c9 72 6e 57 8f 1b 2f 92 c7 d6 57 e5",  // .....rnW../...W.
        "ba 53 b5 5d f0 1b 74 36 63 15 fd eb cf 53 66 94",  // .S.]..t6c....Sf.
        "e7 8b 5f c0 0a 30 30 45 61 10 06 7f 01 e7 26 8c",  // .._..00Ea.....&.
        "70",  // p
    ].joined())

/// HEPv2, IPv4 (header length 16): version 2, length 16, family 2, protocol 17,
/// ports 5060 → 5061, 10.0.0.1 → 10.0.0.2, then `hep_timehdr` in the sender's
/// (little-endian) order: seconds 0x584d365c, microseconds 250000, capture ID 2001,
/// 2 bytes of padding, then 18 bytes of SIP.
private let hepV2 = hexBytes(
    [
        "02 10 02 11 13 c4 13 c5 0a 00 00 01 0a 00 00 02",  // version, length, family, protocol, ports, addresses
        "5c 36 4d 58 90 d0 03 00 d1 07 00 00",  // seconds, microseconds, capture ID, padding
        "53 49 50 2f 32 2e 30 20 32 30 30 20 4f 4b 0d 0a",  // SIP/2.0 200 OK..
        "0d 0a",  // ..
    ].joined())

@Suite struct HEPPacketTests {
    @Test func realLogRecord() {
        let expected = HEPPacket(
            version: 3, ipProtocol: 17, source: endpoint(192, 168, 1, 1, 0), destination: endpoint(192, 168, 1, 2, 0),
            timestampNanos: 1_481_455_199_000_126_000, payloadType: HEP.PayloadType.log, payload: 137..<220,
            captureID: 2001, correlationID: 110..<131, length: 220)
        #expect(parse(hepLogRecord) == .success(expected))
        #expect(text(hepLogRecord, 110..<131) == "qgf3dm9rudi@127.0.0.1")
        #expect(text(hepLogRecord, 137..<157) == "SYSLOG: Processing O")
        #expect(looksLikeHEP(hepLogRecord))
    }

    @Test func realCompressedPayloadInflatesToSIP() throws {
        let packet = try parse(hepCompressed).get()
        #expect(packet.version == 3)
        #expect(packet.ipProtocol == 6)
        #expect(packet.source == endpoint(192, 168, 137, 247, 5060))
        #expect(packet.destination == endpoint(192, 168, 137, 1, 54345))
        #expect(packet.timestampNanos == 1_502_941_090_663_631_000)
        #expect(packet.payloadType == HEP.PayloadType.sip)
        #expect(packet.captureID == 228)
        #expect(packet.payload == nil)
        #expect(packet.compressedPayload == 110..<481)
        let range = try #require(packet.compressedPayload)
        let sip = try #require(
            hepCompressed.withUnsafeBytes { Inflate.decompress(UnsafeRawBufferPointer(rebasing: $0[range])) })
        #expect(sip.count == 488)
        #expect(String(decoding: sip.prefix(26), as: UTF8.self) == "SIP/2.0 401 Unauthorized\r\n")
        #expect(String(decoding: sip.suffix(4), as: UTF8.self) == "\r\n\r\n")
    }

    @Test func ipv6ChunksAnyOrderVendorChunksSkipped() {
        let source: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1]
        let destination: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [2]
        let bytes = hep3([
            chunk(0x000f, Array("BYE".utf8)),
            chunk(0x0008, [0x13, 0xc4]),
            [0x00, 0x27, 0x00, 0x03, 0x00, 0x08, 0xff, 0xff],  // vendor 0x0027's type 3: not an address
            chunk(0x0006, destination),
            chunk(0x0005, source),
            chunk(0x0001, [10]),
            chunk(0x0002, [132]),
            chunk(0x0007, [0x16, 0x2e]),
            chunk(0x000c, [0x00, 0x07]),  // a 16-bit capture ID, as older agents send
        ])
        guard case .success(let packet) = parse(bytes) else {
            Issue.record("not parsed: \(parse(bytes))")
            return
        }
        #expect(packet.version == 3)
        #expect(packet.ipProtocol == 132)
        #expect(packet.source.description == "[2001:db8::1]:5678")
        #expect(packet.destination.description == "[2001:db8::2]:5060")
        #expect(packet.payload == 12..<15)
        #expect(packet.captureID == 7)
        #expect(packet.timestampNanos == nil)
        #expect(packet.payloadType == nil)
        #expect(packet.length == bytes.count)
    }

    @Test func familyIsInferredWhenItsChunkIsMissing() {
        let bytes = hep3([chunk(0x0003, [10, 0, 0, 1]), chunk(0x0004, [10, 0, 0, 2])])
        let expected = HEPPacket(
            version: 3, ipProtocol: 0, source: endpoint(10, 0, 0, 1, 0), destination: endpoint(10, 0, 0, 2, 0),
            length: 26)
        #expect(parse(bytes) == .success(expected))
    }

    /// HEP over TCP sends packets back to back: `length` says where the next starts.
    @Test func totalLengthBoundsThePacket() {
        let first = hep3([chunk(0x0003, [10, 0, 0, 1]), chunk(0x0004, [10, 0, 0, 2]), chunk(0x000f, [0x41])])
        let stream = first + hepLogRecord
        guard case .success(let packet) = parse(stream) else {
            Issue.record("not parsed")
            return
        }
        #expect(packet.length == first.count)
        #expect(packet.payload == 32..<33)
        #expect(parse(Array(stream[packet.length...])).map(\.length) == .success(220))
    }

    @Test func hepV2LittleEndianTime() {
        let expected = HEPPacket(
            version: 2, ipProtocol: 17, source: endpoint(10, 0, 0, 1, 5060), destination: endpoint(10, 0, 0, 2, 5061),
            timestampNanos: 1_481_455_196_250_000_000, payload: 28..<46, captureID: 2001, length: 46)
        #expect(parse(hepV2) == .success(expected))
        #expect(text(hepV2, 28..<44) == "SIP/2.0 200 OK\r\n")
        #expect(looksLikeHEP(hepV2))
    }

    /// The same header with the time in big-endian order: only that reading gives
    /// microseconds below a million, so it is taken.
    @Test func hepV2BigEndianTime() {
        var bytes = hepV2
        bytes.replaceSubrange(16..<26, with: [0x58, 0x4d, 0x36, 0x5c, 0x00, 0x03, 0xd0, 0x90, 0x07, 0xd1])
        let packet = try? parse(bytes).get()
        #expect(packet?.timestampNanos == 1_481_455_196_250_000_000)
        #expect(packet?.captureID == 2001)
    }

    // HEPv1, IPv6 (header length 40): no time header, payload right after the addresses.
    @Test func hepV1IPv6() {
        let bytes = hexBytes(
            [
                "01 28 0a 06 13 c4 13 c4",  // version 1, length 40, family 10, TCP, ports
                "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01",  // 2001:db8::1
                "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02",  // 2001:db8::2
                "41 43 4b",  // ACK
            ].joined())
        guard case .success(let packet) = parse(bytes) else {
            Issue.record("not parsed")
            return
        }
        #expect(packet.version == 1)
        #expect(packet.ipProtocol == 6)
        #expect(packet.source.description == "[2001:db8::1]:5060")
        #expect(packet.timestampNanos == nil)
        #expect(packet.captureID == nil)
        #expect(packet.payload == 40..<43)
    }

    @Test func looksLikeHEPRejectsSIPAndBadHeaders() {
        #expect(!looksLikeHEP(Array("INVITE sip:a@b SIP/2.0\r\n".utf8)))
        #expect(!looksLikeHEP(Array("HEP2abcdef".utf8)))
        #expect(!looksLikeHEP([]))
        #expect(!looksLikeHEP(Array("HEP3".utf8)))
        // A v2 header whose length byte does not match the family.
        #expect(
            !looksLikeHEP(
                hexBytes("02 28 02 11 13 c4 13 c5 0a 00 00 01 0a 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00")))
        // A v2 header cut before its time header.
        #expect(!looksLikeHEP(Array(hepV2[0..<20])))
    }

    @Test func everyTruncationOfARealPacketFails() {
        for n in 0..<hepLogRecord.count {
            let result = parse(Array(hepLogRecord[0..<n]))
            switch n {
            case 0..<4: #expect(result == .failure(.notHEP), "prefix \(n)")
            case 4..<6: #expect(result == .failure(.truncated(needed: 6, available: n)), "prefix \(n)")
            default: #expect(result == .failure(.badTotalLength(declared: 220, available: n)), "prefix \(n)")
            }
        }
        for n in 0..<28 {
            if case .success = parse(Array(hepV2[0..<n])) { Issue.record("v2 prefix \(n) parsed") }
        }
    }

    @Test func impossibleLengthsAreErrors() {
        let address = [chunk(0x0003, [10, 0, 0, 1]), chunk(0x0004, [10, 0, 0, 2])]
        // Total length below the header.
        #expect(parse(Array("HEP3".utf8) + [0x00, 0x05]) == .failure(.badTotalLength(declared: 5, available: 6)))
        // A chunk length below the chunk header.
        #expect(
            parse(hep3(address + [[0, 0, 0, 0x0f, 0, 3]])) == .failure(.badChunk(type: 0x0f, offset: 26, length: 3)))
        // A chunk running past the total length.
        #expect(
            parse(hep3(address + [[0, 0, 0, 0x0f, 0, 9, 0x41]]))
                == .failure(.badChunk(type: 0x0f, offset: 26, length: 9)))
        // Bytes left after the last chunk, too few for a chunk header.
        #expect(parse(hep3(address + [[0, 0, 0]])) == .failure(.badChunk(type: 0, offset: 26, length: 3)))
        // An IPv4 address of 5 bytes, a port of 1.
        #expect(parse(hep3([chunk(0x0003, [10, 0, 0, 1, 9])])) == .failure(.badChunk(type: 3, offset: 6, length: 11)))
        #expect(parse(hep3(address + [chunk(0x0007, [1])])) == .failure(.badChunk(type: 7, offset: 26, length: 7)))
        // No destination address; an unknown family; a v2 length that does not match.
        #expect(parse(hep3([chunk(0x0003, [10, 0, 0, 1])])) == .failure(.missingChunk(type: 4)))
        #expect(parse(hep3([chunk(0x0001, [7])] + address)) == .failure(.unsupportedFamily(7)))
        #expect(parse(hexBytes("02 28 02 11 13 c4 13 c5")) == .failure(.badHeaderLength(declared: 40, expected: 16)))
        #expect(parse(hexBytes("02 10 07 11 13 c4 13 c5")) == .failure(.unsupportedFamily(7)))
    }

    @Test func errorsDescribeThemselvesOnOneLine() {
        #expect(
            HEPParseError.badChunk(type: 0x0f, offset: 26, length: 3).description
                == "HEP3 chunk 0x000f at offset 26 has impossible length 3")
        #expect(HEPParseError.missingChunk(type: 4).description == "HEP3 chunk 0x0004 missing")
        #expect(
            HEPParseError.badTotalLength(declared: 220, available: 100).description
                == "HEP3 total length 220 impossible with 100 bytes available")
        #expect(HEPParseError.notHEP.description == "not HEP: no HEP3 magic and no HEPv1/v2 header")
    }

    /// Random chunk soup after a valid header, and random bytes after each version
    /// byte: never a trap, and any payload found lies inside the input.
    @Test func garbageNeverTraps() {
        var rng = GarbageRandom(seed: 0x4845_5033)
        for round in 0..<3000 {
            var bytes: [UInt8]
            switch round % 3 {
            case 0:
                bytes = Array(hepLogRecord[0..<(6 + rng.next(hepLogRecord.count - 6))])
                for _ in 0..<(1 + rng.next(4)) {
                    bytes[rng.next(bytes.count)] = UInt8(truncatingIfNeeded: rng.next(256))
                }
                let total = bytes.count
                bytes[4] = UInt8(total >> 8)
                bytes[5] = UInt8(total & 0xFF)
            case 1:
                bytes =
                    [1 + UInt8(rng.next(2))] + (0..<rng.next(80)).map { _ in UInt8(truncatingIfNeeded: rng.next(256)) }
            default:
                bytes = (0..<rng.next(60)).map { _ in UInt8(truncatingIfNeeded: rng.next(256)) }
            }
            _ = looksLikeHEP(bytes)
            if case .success(let packet) = parse(bytes) {
                #expect(packet.length <= bytes.count)
                for range in [packet.payload, packet.compressedPayload, packet.correlationID].compactMap({ $0 }) {
                    #expect(range.lowerBound >= 0 && range.upperBound <= bytes.count)
                }
            }
        }
    }
}
