import CByteScan
import TestSupport
import Testing

@testable import SIP

/// `LineFeeds` finds each line end as a scan byte by byte would, whatever the
/// lengths of lines and buffers (windows of 64 bytes, cut at the end).
@Suite struct LineFeedsTests {
    @Test func maskMarksEveryMatchInTheBytesItMayRead() {
        var rng = SplitMix64(seed: 64)
        for available in 0...64 {
            // No bytes before the window, too few to read back from the end,
            // just enough, and more (in order: a set's order changes from
            // run to run, and with it which random bytes each case gets).
            for behind in Set([0, max(0, 63 - available), 64 - available, 70, 130 - available]).sorted() {
                for _ in 0..<20 {
                    // Exactly the bytes it may read, in an allocation of their
                    // own (a read outside it is caught under the address
                    // sanitizer, as CI runs the suite); the bytes before the
                    // window match often, so a window read back and shifted
                    // wrong would show them.
                    let count = behind + available
                    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(count, 1))
                    defer { buffer.deallocate() }
                    for k in 0..<count { buffer[k] = [UInt8(10), 13, 0x41, 0][Int.random(in: 0..<4, using: &rng)] }
                    for byte in [UInt8(10), 0] {
                        var expected: UInt64 = 0
                        for k in 0..<available where buffer[behind + k] == byte { expected |= 1 << UInt64(k) }
                        let mask = siptrace_byte_mask64(buffer.baseAddress! + behind, available, behind, byte)
                        #expect(mask == expected, "available \(available), behind \(behind), byte \(byte)")
                    }
                }
            }
        }
    }

    @Test func linesAsAByteScanFindsThem() {
        var rng = SplitMix64(seed: 10)
        for round in 0..<3_000 {
            let count = Int.random(in: 0...300, using: &rng)
            let density = [2, 8, 40, 100, 1000][round % 5]
            let bytes = (0..<count).map { _ in Int.random(in: 0..<density, using: &rng) == 0 ? UInt8(10) : 0x61 }
            let from = count == 0 ? 0 : Int.random(in: 0...count, using: &rng)
            bytes.withUnsafeBufferPointer { buffer in
                let p = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                var feeds = LineFeeds(p, count: count, from: from)
                var cursor = from
                while true {
                    let expected = (cursor..<count).first { bytes[$0] == 10 }
                    let found = feeds.next(from: cursor)
                    #expect(found == expected, "round \(round), cursor \(cursor)")
                    guard let at = expected else { break }
                    // Lines are asked for in order; sometimes further on than the last end.
                    cursor =
                        at + 1 + (Int.random(in: 0..<8, using: &rng) == 0 ? Int.random(in: 0...70, using: &rng) : 0)
                    if cursor > count { break }
                }
            }
        }
    }
}
