import Decode
import TestSupport
import Testing

private let alice = IPAddress(ipv4: 0x0a00_0001)  // 10.0.0.1
private let bob = IPAddress(ipv4: 0x0a00_0002)  // 10.0.0.2

/// DATA chunk flags (RFC 9260 §3.3.1): E = 1, B = 2, U = 4.
private let whole: UInt8 = 0x03
private let first: UInt8 = 0x02
private let middle: UInt8 = 0x00
private let last: UInt8 = 0x01
private let unordered: UInt8 = 0x04

private func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
private func be32(_ v: UInt32) -> [UInt8] { be16(UInt16(v >> 16)) + be16(UInt16(v & 0xFFFF)) }

/// A DATA chunk, padded to 4 bytes.
private func dataChunk(_ tsn: UInt32, _ flags: UInt8, _ text: String, stream: UInt16 = 0, ssn: UInt16 = 0) -> [UInt8] {
    let data = Array(text.utf8)
    let chunk = [0, flags] + be16(UInt16(16 + data.count)) + be32(tsn) + be16(stream) + be16(ssn) + be32(0) + data
    return chunk + Array(repeating: 0, count: (4 - chunk.count % 4) % 4)
}

/// Common header (ports, verification tag, a zero checksum) and the chunks.
private func packet(
    _ chunks: [UInt8]..., source: UInt16 = 5060, destination: UInt16 = 5060, tag: UInt32 = 42
)
    -> [UInt8]
{
    be16(source) + be16(destination) + be32(tag) + be32(0) + chunks.flatMap { $0 }
}

/// Adds a packet from `from` to `to`; returns the texts of the messages it completed.
private func add(
    _ reassembler: inout SCTPReassembler, _ bytes: [UInt8], from: IPAddress = alice, to: IPAddress = bob
) -> [String] {
    var texts: [String] = []
    let error = bytes.withUnsafeBytes {
        reassembler.add(packet: $0, source: from, destination: to) { _, data in
            texts.append(String(decoding: data, as: UTF8.self))
        }
    }
    #expect(error == nil)
    return texts
}

private func parsePacket(_ bytes: [UInt8]) -> Result<SCTPPacket, SCTPParseError> {
    bytes.withUnsafeBytes { SCTP.parsePacket($0) }
}

/// 5060 → 5061, tag 0x2a: a SACK, then two DATA chunks: "BYE" (stream 1, SSN 5,
/// TSN 10, B+E, 1 byte of padding) and "OK" (stream 2, TSN 11, U+B+E, 2 bytes of padding).
private let bundled = hexBytes(
    [
        "13 c4 13 c5 00 00 00 2a 00 00 00 00",  // ports, verification tag, checksum
        "03 00 00 10 00 00 00 09 00 01 00 00 00 00 00 00",  // SACK, cumulative TSN 9
        "00 03 00 13 00 00 00 0a 00 01 00 05 00 00 00 00",  // DATA B+E, length 19, TSN 10, stream 1, SSN 5
        "42 59 45 00",  // BYE + padding
        "00 07 00 12 00 00 00 0b 00 02 00 00 00 00 00 00",  // DATA U+B+E, length 18, TSN 11, stream 2
        "4f 4b 00 00",  // OK + padding
    ].joined())

/// The first 64 bytes of frame 1 of sipcapture/heplify `sip_sctp.pcap` (the SCTP
/// packet, after SLL and IPv4): 57098 → 5060, tag 0x138d67a4, one DATA chunk with
/// U and B set, length 1468 (0x05bc), TSN 43003199, the start of an INVITE. Cut at
/// 64 bytes as a snap length would cut it.
private let realFirstFragmentCut = hexBytes(
    [
        "df 0a 13 c4 13 8d 67 a4 5b e3 e0 0b 00 06 05 bc",  // ......g.[.......
        "02 90 2d 3f 00 00 00 00 00 00 00 00 49 4e 56 49",  // ..-?........INVI
        "54 45 20 73 69 70 3a 39 32 37 35 38 39 30 30 30",  // TE sip:927589000
        "30 40 56 4d 53 53 4d 3b 75 73 65 72 3d 70 68 6f",  // 0@VMSSM;user=pho
    ].joined())

@Suite struct SCTPReassemblerTests {
    @Test func bundledChunksOnTheWire() {
        let expected = SCTPPacket(
            sourcePort: 5060, destinationPort: 5061, verificationTag: 42, checksum: 0,
            dataChunks: [
                SCTPDataChunk(
                    tsn: 10, streamID: 1, streamSequence: 5, ppid: 0, beginning: true, ending: true, unordered: false,
                    data: 44..<47),
                SCTPDataChunk(
                    tsn: 11, streamID: 2, streamSequence: 0, ppid: 0, beginning: true, ending: true, unordered: true,
                    data: 64..<66),
            ], otherChunks: 1)
        #expect(parsePacket(bundled) == .success(expected))
        let strict = bundled.withUnsafeBytes { SCTP.parse($0) }
        guard case .success(let parsed) = strict else {
            Issue.record("not parsed")
            return
        }
        #expect(parsed.sourcePort == 5060)
        #expect(parsed.destinationPort == 5061)
        #expect(parsed.chunks == expected.dataChunks)

        var reassembler = SCTPReassembler()
        var messages: [SCTPReassembler.Message] = []
        var texts: [String] = []
        _ = bundled.withUnsafeBytes {
            reassembler.add(packet: $0, source: alice, destination: bob) { message, data in
                messages.append(message)
                texts.append(String(decoding: data, as: UTF8.self))
            }
        }
        #expect(texts == ["BYE", "OK"])
        #expect(
            messages == [
                SCTPReassembler.Message(
                    streamID: 1, streamSequence: 5, ppid: 0, unordered: false, firstTSN: 10, fragments: 1),
                SCTPReassembler.Message(
                    streamID: 2, streamSequence: 0, ppid: 0, unordered: true, firstTSN: 11, fragments: 1),
            ])
    }

    @Test func aRealPacketCutBySnapLengthKeepsItsHeader() {
        let error = SCTPParseError.truncatedChunk(offset: 12, length: 1468, available: 64)
        #expect(
            parsePacket(realFirstFragmentCut)
                == .success(
                    SCTPPacket(
                        sourcePort: 57098, destinationPort: 5060, verificationTag: 0x138d_67a4, checksum: 0x5be3_e00b,
                        error: error)))
        #expect(realFirstFragmentCut.withUnsafeBytes { SCTP.parse($0) }.map(\.chunks) == .failure(error))
    }

    @Test func fragmentsJoinInOrder() {
        var reassembler = SCTPReassembler()
        #expect(add(&reassembler, packet(dataChunk(1, first, "INVITE sip:"))) == [])
        #expect(reassembler.bufferedBytes == 11)
        #expect(add(&reassembler, packet(dataChunk(2, middle, "bob@b "))) == [])
        #expect(add(&reassembler, packet(dataChunk(3, last, "SIP/2.0"))) == ["INVITE sip:bob@b SIP/2.0"])
        #expect(reassembler.bufferedBytes == 0)
        #expect(reassembler.statistics.messages == 1)
        #expect(reassembler.statistics.reassembledMessages == 1)
    }

    @Test(arguments: [[3, 1, 2], [2, 3, 1], [3, 2, 1], [1, 3, 2]])
    func fragmentsJoinInAnyOrder(order: [Int]) {
        let pieces = [
            1: dataChunk(1, first | unordered, "He"), 2: dataChunk(2, unordered, "l"),
            3: dataChunk(3, last | unordered, "lo"),
        ]
        var reassembler = SCTPReassembler()
        var texts: [String] = []
        for tsn in order { texts += add(&reassembler, packet(pieces[tsn]!)) }
        #expect(texts == ["Hello"])
    }

    /// The two fragments of the real capture's INVITE were unordered, TSN n and n+1.
    @Test func tsnWrapAround() {
        var reassembler = SCTPReassembler()
        #expect(add(&reassembler, packet(dataChunk(0xFFFF_FFFF, first, "wr"))) == [])
        #expect(add(&reassembler, packet(dataChunk(0, last, "ap"))) == ["wrap"])
    }

    @Test func retransmissionsAreDroppedOnce() {
        var reassembler = SCTPReassembler()
        #expect(add(&reassembler, packet(dataChunk(7, whole, "ACK"))) == ["ACK"])
        #expect(add(&reassembler, packet(dataChunk(7, whole, "ACK"))) == [])
        #expect(add(&reassembler, packet(dataChunk(8, first, "B"))) == [])
        #expect(add(&reassembler, packet(dataChunk(8, first, "B"))) == [])
        #expect(add(&reassembler, packet(dataChunk(9, last, "YE"))) == ["BYE"])
        #expect(add(&reassembler, packet(dataChunk(9, last, "YE"))) == [])
        #expect(reassembler.statistics.duplicateChunks == 3)
        #expect(reassembler.statistics.messages == 2)
    }

    @Test func directionsAndAssociationsAreKeptApart() {
        var reassembler = SCTPReassembler()
        #expect(add(&reassembler, packet(dataChunk(1, whole, "a"))) == ["a"])
        #expect(add(&reassembler, packet(dataChunk(1, whole, "b")), from: bob, to: alice) == ["b"])
        #expect(add(&reassembler, packet(dataChunk(1, whole, "c"), tag: 43)) == ["c"])
        #expect(add(&reassembler, packet(dataChunk(1, whole, "d"), source: 5061)) == ["d"])
        #expect(add(&reassembler, packet(dataChunk(1, whole, "e"))) == [])
        // A fragment on one direction does not join one on another.
        #expect(add(&reassembler, packet(dataChunk(2, first, "x"))) == [])
        #expect(add(&reassembler, packet(dataChunk(3, last, "y")), from: bob, to: alice) == [])
        #expect(reassembler.bufferedBytes == 2)
    }

    @Test func fragmentsOfDifferentMessagesDoNotJoin() {
        var reassembler = SCTPReassembler()
        // Ordered, different stream sequence numbers; different streams; ordered then unordered.
        #expect(add(&reassembler, packet(dataChunk(1, first, "a", ssn: 1))) == [])
        #expect(add(&reassembler, packet(dataChunk(2, last, "b", ssn: 2))) == [])
        #expect(add(&reassembler, packet(dataChunk(3, first, "c", stream: 1))) == [])
        #expect(add(&reassembler, packet(dataChunk(4, last, "d", stream: 2))) == [])
        #expect(add(&reassembler, packet(dataChunk(5, first, "e"))) == [])
        #expect(add(&reassembler, packet(dataChunk(6, last | unordered, "f"))) == [])
        // Two B fragments in a row: the first message lost its end.
        #expect(add(&reassembler, packet(dataChunk(7, first, "g"))) == [])
        #expect(add(&reassembler, packet(dataChunk(8, first, "h"))) == [])
        #expect(add(&reassembler, packet(dataChunk(9, last, "i"))) == ["hi"])
        #expect(reassembler.statistics.messages == 1)
        #expect(reassembler.bufferedBytes == 7)
        #expect(reassembler.flush() == 7)
        #expect(reassembler.bufferedBytes == 0)
        #expect(reassembler.statistics.droppedFragments == 7)
        #expect(reassembler.statistics.droppedBytes == 7)
    }

    @Test func oversizedMessagesAreDropped() {
        var reassembler = SCTPReassembler(maximumMessage: 4)
        #expect(add(&reassembler, packet(dataChunk(1, first, "Hel"))) == [])
        #expect(add(&reassembler, packet(dataChunk(2, last, "lo"))) == [])
        #expect(add(&reassembler, packet(dataChunk(3, first, "Hello"))) == [])
        #expect(reassembler.statistics.oversizedMessages == 2)
        #expect(reassembler.bufferedBytes == 0)
        // Unfragmented messages are passed through uncopied, whatever their size.
        #expect(add(&reassembler, packet(dataChunk(4, whole, "Hello"))) == ["Hello"])
        #expect(add(&reassembler, packet(dataChunk(5, first, "ab"), dataChunk(6, last, "cd"))) == ["abcd"])
    }

    @Test func theBufferCapDropsTheOldestFragment() {
        var reassembler = SCTPReassembler(maximumBufferedBytes: 10)
        #expect(add(&reassembler, packet(dataChunk(1, first, "aaaaaa"))) == [])
        #expect(add(&reassembler, packet(dataChunk(3, first, "bbbbbb"))) == [])
        #expect(reassembler.bufferedBytes == 6)
        #expect(reassembler.statistics.droppedFragments == 1)
        #expect(reassembler.statistics.droppedBytes == 6)
        #expect(add(&reassembler, packet(dataChunk(2, last, "z"))) == [])
        #expect(add(&reassembler, packet(dataChunk(4, last, "z"))) == ["bbbbbbz"])
    }

    @Test func staleFragmentsFallOut() {
        var reassembler = SCTPReassembler(maximumTSNDistance: 10)
        #expect(add(&reassembler, packet(dataChunk(1, first, "lost"))) == [])
        for tsn in UInt32(2)...11 { #expect(add(&reassembler, packet(dataChunk(tsn, whole, "m"))) == ["m"]) }
        #expect(reassembler.bufferedBytes == 4)
        #expect(add(&reassembler, packet(dataChunk(12, whole, "m"))) == ["m"])
        #expect(reassembler.bufferedBytes == 0)
        #expect(reassembler.statistics.droppedFragments == 1)
    }

    /// Within the window a repeated TSN is a retransmission; far behind it, a new run.
    @Test func theRetransmissionWindow() {
        var reassembler = SCTPReassembler()
        #expect(add(&reassembler, packet(dataChunk(5000, whole, "a"))) == ["a"])
        #expect(add(&reassembler, packet(dataChunk(5000 - 1023, whole, "b"))) == ["b"])
        #expect(add(&reassembler, packet(dataChunk(5000 - 1023, whole, "b"))) == [])
        // 2000 behind: outside the window, cannot tell, delivered (and again).
        #expect(add(&reassembler, packet(dataChunk(3000, whole, "c"))) == ["c"])
        #expect(add(&reassembler, packet(dataChunk(3000, whole, "c"))) == ["c"])
        // Far behind: a new run of TSNs, remembered from there.
        #expect(add(&reassembler, packet(dataChunk(1_000_000_000, whole, "d"))) == ["d"])
        #expect(add(&reassembler, packet(dataChunk(5, whole, "e"))) == ["e"])
        #expect(add(&reassembler, packet(dataChunk(5, whole, "e"))) == [])
        #expect(add(&reassembler, packet(dataChunk(6, whole, "f"))) == ["f"])
    }

    @Test func tooManyDirectionsForgetsIdleOnes() {
        var reassembler = SCTPReassembler(maximumDirections: 2)
        #expect(add(&reassembler, packet(dataChunk(1, whole, "a"), source: 1)) == ["a"])
        #expect(add(&reassembler, packet(dataChunk(1, whole, "b"), source: 2)) == ["b"])
        #expect(add(&reassembler, packet(dataChunk(1, whole, "c"), source: 3)) == ["c"])
        // Direction 1 was forgotten, so its retransmission is not recognised.
        #expect(add(&reassembler, packet(dataChunk(1, whole, "a"), source: 1)) == ["a"])
    }

    @Test func aChunkOutsideItsBytesIsRefused() {
        var reassembler = SCTPReassembler()
        let chunk = SCTPDataChunk(
            tsn: 1, streamID: 0, streamSequence: 0, ppid: 0, beginning: true, ending: true, unordered: false,
            data: 10..<20)
        let direction = SCTPReassembler.Direction(
            source: Endpoint(address: alice, port: 1), destination: Endpoint(address: bob, port: 2))
        [UInt8](repeating: 0, count: 12).withUnsafeBytes {
            reassembler.add(chunk, in: $0, direction: direction) { _, _ in Issue.record("delivered") }
        }
        #expect(reassembler.statistics.invalidChunks == 1)
    }

    @Test func impossibleLengths() {
        for n in 0..<12 {
            #expect(parsePacket(Array(bundled[0..<n])) == .failure(.truncatedHeader(available: n)))
        }
        let header = Array(bundled[0..<12])
        let bye = Array(bundled[28..<48])
        // A chunk length of 2: the walk stops, what came before is kept.
        let short = parsePacket(header + bye + [0x03, 0x00, 0x00, 0x02])
        #expect((try? short.get())?.error == .badChunkLength(offset: 32, length: 2))
        #expect((try? short.get())?.dataChunks.count == 1)
        // A chunk running past the end.
        #expect(
            (try? parsePacket(header + [0x00, 0x03, 0x00, 0x40] + bye).get())?.error
                == .truncatedChunk(offset: 12, length: 64, available: 36))
        // A DATA chunk without user data (length 16) is skipped, the next one kept.
        let empty = parsePacket(header + hexBytes("00 03 00 10 00 00 00 01 00 00 00 00 00 00 00 00") + bye)
        #expect((try? empty.get())?.error == .badDataChunk(offset: 12, length: 16))
        #expect((try? empty.get())?.dataChunks.map(\.tsn) == [10])
        // Two stray bytes after the last chunk.
        #expect(
            (try? parsePacket(header + bye + [0, 0]).get())?.error
                == .truncatedChunk(offset: 32, length: 2, available: 34))
        #expect(
            SCTPParseError.badChunkLength(offset: 32, length: 2).description
                == "SCTP chunk at offset 32 has impossible length 2")
    }

    @Test func everyTruncationAndGarbageNeverTraps() {
        for n in 0...bundled.count {
            if case .success(let packet) = parsePacket(Array(bundled[0..<n])) {
                #expect(packet.dataChunks.allSatisfy { $0.data.upperBound <= n })
            }
        }
        var rng = GarbageRandom(seed: 9260)
        var reassembler = SCTPReassembler(maximumMessage: 64, maximumBufferedBytes: 256)
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                // Plausible chunks with random flags, TSNs near each other, random lengths.
                bytes = packet(
                    dataChunk(
                        UInt32(rng.next(40)), UInt8(rng.next(8)), String(repeating: "x", count: 1 + rng.next(30)),
                        stream: UInt16(rng.next(2))))
                if rng.next(4) == 0 { bytes[14 + rng.next(2)] = UInt8(truncatingIfNeeded: rng.next(256)) }
            } else {
                bytes = (0..<rng.next(80)).map { _ in UInt8(truncatingIfNeeded: rng.next(256)) }
            }
            _ = bytes.withUnsafeBytes {
                reassembler.add(packet: $0, source: alice, destination: bob) { _, data in #expect(data.count <= 64) }
            }
            #expect(reassembler.bufferedBytes >= 0 && reassembler.bufferedBytes <= 256)
        }
    }
}
