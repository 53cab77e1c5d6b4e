import Decode
import TestSupport
import Testing

/// The message every wrapper below compresses (63 bytes; the repeated header line
/// makes the compressor use back-references).
private let inflateMessage = Array("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 1\r\nCall-ID: 1\r\nCall-ID: 1\r\n\r\n".utf8)

/// `inflateMessage` in a zlib wrapper (RFC 1950), level 9: header 78 da, Adler-32 1d560f57.
private let zlibMessage = hexBytes(
    [
        "78 da f3 0f 08 f1 f4 f7 0b 56 28 ce 2c b0 4a 74",  // x........V(.,.Jt
        "48 52 08 f6 0c d0 37 d2 33 e0 e5 72 4e cc c9 d1",  // HR....7.3..rN...
        "f5 74 b1 52 30 c4 cd e6 e5 02 00 1d 56 0f 57",  // .t.R0.......V.W
    ].joined())

/// The same deflate blocks in a gzip wrapper (RFC 1952), MTIME zeroed; CRC-32 and ISIZE 63 at the end.
private let gzipMessage = hexBytes(
    [
        "1f 8b 08 00 00 00 00 00 02 03 f3 0f 08 f1 f4 f7",  // ................
        "0b 56 28 ce 2c b0 4a 74 48 52 08 f6 0c d0 37 d2",  // .V(.,.JtHR....7.
        "33 e0 e5 72 4e cc c9 d1 f5 74 b1 52 30 c4 cd e6",  // 3..rN....t.R0...
        "e5 02 00 da ee 47 02 3f 00 00 00",  // .....G.?...
    ].joined())

/// The bare deflate blocks (RFC 1951).
private let rawMessage = hexBytes(
    [
        "f3 0f 08 f1 f4 f7 0b 56 28 ce 2c b0 4a 74 48 52",  // .......V(.,.JtHR
        "08 f6 0c d0 37 d2 33 e0 e5 72 4e cc c9 d1 f5 74",  // ....7.3..rN....t
        "b1 52 30 c4 cd e6 e5 02 00",  // .R0......
    ].joined())

/// Deflate of `inflateMessage` ended by a sync flush instead of a final block, as
/// permessage-deflate sends it (RFC 7692 §7.2.1), with the trailing 00 00 ff ff kept.
private let syncFlushedMessage = hexBytes(
    [
        "f2 0f 08 f1 f4 f7 0b 56 28 ce 2c b0 4a 74 48 52",  // .......V(.,.JtHR
        "08 f6 0c d0 37 d2 33 e0 e5 72 4e cc c9 d1 f5 74",  // ....7.3..rN....t
        "b1 52 30 c4 cd e6 e5 02 00 00 00 ff ff",  // .R0..........
    ].joined())

/// 65 536 zero bytes, zlib level 9: 84 bytes that inflate 780-fold.
private let zlibZeros = hexBytes(
    [
        "78 da ed c1 01 01 00 00 00 80 90 fe af ee 08 0a",  // x...............
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",  // ................
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",  // ................
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",  // ................
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 6a",  // ...............j
        "00 0f 00 01",  // ....
    ].joined())

private func inflate(_ bytes: [UInt8], limit: Int = 1 << 20) -> [UInt8]? {
    bytes.withUnsafeBytes { Inflate.decompress($0, limit: limit) }
}

private func inflate(
    _ bytes: [UInt8], format: Inflate.Format, limit: Int = 1 << 20, requireEnd: Bool = true
)
    -> [UInt8]?
{
    bytes.withUnsafeBytes { Inflate.decompress($0, format: format, limit: limit, requireEnd: requireEnd) }
}

@Suite struct InflateTests {
    @Test(arguments: [zlibMessage, gzipMessage, rawMessage])
    func everyWrapperIsDetectedAndInflated(_ compressed: [UInt8]) {
        #expect(inflate(compressed) == inflateMessage)
    }

    @Test func detectReadsTheWrapperFromTheFirstBytes() {
        #expect(zlibMessage.withUnsafeBytes { Inflate.detect($0) } == .zlib)
        #expect(gzipMessage.withUnsafeBytes { Inflate.detect($0) } == .gzip)
        #expect(rawMessage.withUnsafeBytes { Inflate.detect($0) } == .raw)
        // 78 9c (the default level) passes the check; 78 9d does not (not a multiple of 31).
        #expect(hexBytes("78 9c").withUnsafeBytes { Inflate.detect($0) } == .zlib)
        #expect(hexBytes("78 9d").withUnsafeBytes { Inflate.detect($0) } == .raw)
        #expect(hexBytes("78").withUnsafeBytes { Inflate.detect($0) } == .raw)
    }

    @Test func explicitFormatsMustMatch() {
        #expect(inflate(zlibMessage, format: .zlib) == inflateMessage)
        #expect(inflate(gzipMessage, format: .gzip) == inflateMessage)
        #expect(inflate(rawMessage, format: .raw) == inflateMessage)
        #expect(inflate(rawMessage, format: .zlib) == nil)
        #expect(inflate(zlibMessage, format: .gzip) == nil)
    }

    @Test func theLimitIsInclusive() {
        #expect(inflate(zlibMessage, limit: 63) == inflateMessage)
        #expect(inflate(zlibMessage, limit: 62) == nil)
        #expect(inflate(zlibMessage, limit: 0) == nil)
        #expect(inflate(zlibMessage, limit: -5) == nil)
    }

    @Test func aDecompressionBombStopsAtTheLimit() {
        let bomb = zlibZeros
        #expect(inflate(bomb, limit: 1000) == nil)
        #expect(inflate(bomb, limit: 65535) == nil)
        let whole = inflate(bomb, limit: 65536)
        #expect(whole?.count == 65536)
        #expect(whole?.allSatisfy { $0 == 0 } == true)
    }

    @Test func aSyncFlushedStreamNeedsRequireEndFalse() {
        let flushed = syncFlushedMessage
        // No final block: an error when the end is required, the message when not.
        #expect(inflate(flushed, format: .raw) == nil)
        #expect(inflate(flushed, format: .raw, requireEnd: false) == inflateMessage)
    }

    // zlib with FDICT set (78 f9, dictionary id 0e4d0291): a passive observer has no dictionary.
    @Test func aPresetDictionaryIsRefused() {
        let withDictionary = hexBytes(
            [
                "78 f9 0e 4d 02 91 f3 0f 08 f1 f4 f7 0b 56 28 ce",  // x..M.........V(.
                "2c b0 4a 74 48 52 08 f6 0c d0 37 d2 33 e0 e5 72",  // ,.JtHR....7.3..r
                "86 a9 30 c4 cd e6 e5 02 00 1d 56 0f 57",  // ..0.......V.W
            ].joined())
        #expect(inflate(withDictionary) == nil)
    }

    @Test func trailingBytesAfterTheStreamAreIgnored() {
        #expect(inflate(zlibMessage + [0xde, 0xad]) == inflateMessage)
    }

    @Test func everyTruncationFails() {
        for bytes in [zlibMessage, gzipMessage] {
            for n in 0..<bytes.count {
                #expect(inflate(Array(bytes[0..<n])) == nil, "prefix \(n)")
            }
        }
    }

    @Test func aCorruptChecksumFails() {
        var bytes = zlibMessage
        bytes[bytes.count - 1] ^= 0xFF
        #expect(inflate(bytes) == nil)
    }

    @Test func emptyInputFails() {
        #expect(inflate([]) == nil)
        #expect(inflate([], format: .raw, requireEnd: false) == nil)
    }

    /// Flipped bits and random bytes never trap; whatever comes out respects the limit.
    @Test func garbageNeverTraps() {
        var rng = GarbageRandom(seed: 0x1f8b)
        let valid = zlibMessage
        for _ in 0..<2000 {
            var bytes = valid
            for _ in 0..<(1 + rng.next(3)) {
                let i = rng.next(bytes.count)
                bytes[i] ^= UInt8(truncatingIfNeeded: 1 << rng.next(8))
            }
            if let out = inflate(bytes, limit: 100) { #expect(out.count <= 100) }
        }
        for _ in 0..<500 {
            let bytes = (0..<rng.next(200)).map { _ in UInt8(truncatingIfNeeded: rng.next(256)) }
            for format in [Inflate.Format.automatic, .raw, .gzip] {
                if let out = inflate(bytes, format: format, limit: 1000) { #expect(out.count <= 1000) }
            }
        }
    }
}

/// Garbage-input draws from `SplitMix64`: the same bytes on every run, so a
/// failure can be replayed.
struct GarbageRandom {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// A value in 0..<bound (0 when bound is 0).
    mutating func next(_ bound: Int) -> Int {
        let z = generator.next()
        return bound > 0 ? Int(z % UInt64(bound)) : 0
    }
}
