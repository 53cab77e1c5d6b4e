import Testing

@testable import Calls

/// A Call-ID as calls keep it: inline up to 48 bytes, by its array beyond;
/// either way the same bytes, text and comparisons.
@Suite struct CallIDKeyTests {
    @Test(arguments: [0, 1, 7, 8, 47, 48, 49, 64, 300])
    func keepsItsBytes(length: Int) {
        let bytes = (0..<length).map { UInt8(0x21 + $0 % 90) }
        let key = CallIDKey(bytes)
        #expect(key.bytes == bytes)
        #expect(key.text == String(decoding: bytes, as: UTF8.self))
        key.withUnsafeBytes { #expect(Array($0) == bytes) }
        bytes.withUnsafeBytes { #expect(key.matches($0)) }
        // One byte changed, one more, one fewer: not the same Call-ID.
        if length > 0 {
            var changed = bytes
            changed[length - 1] ^= 1
            changed.withUnsafeBytes { #expect(!key.matches($0)) }
            Array(bytes.dropLast()).withUnsafeBytes { #expect(!key.matches($0)) }
        }
        (bytes + [0x41]).withUnsafeBytes { #expect(!key.matches($0)) }
        // Made from a buffer, the same key.
        bytes.withUnsafeBytes { raw in #expect(CallIDKey(raw).bytes == bytes) }
    }

    /// Calls with Call-IDs past the inline size, every hash colliding or
    /// none: each is its own call, reported with its whole Call-ID.
    @Test func longCallIDsAreCallsOfTheirOwn() {
        for mask: UInt64 in [~0, 0] {
            var tracker = CallTracker()
            tracker.hashMask = mask
            let ids = (0..<6).map { String(repeating: "x", count: 45 + $0) + "@\($0).example.com" }
            var frame = 0
            for id in ids + ids {
                frame += 1
                tracker.add(
                    record(
                        frame, ms: Int64(frame), request("OPTIONS", cseq: frame, branch: "z9hG4bK\(frame)", callID: id))
                )
            }
            #expect(tracker.count == ids.count)
            #expect(tracker.finish().map(\.callID) == ids)
            // Ended (idle), each is buried under its whole Call-ID: a late
            // copy of one is late, not a new call.
            let base = record(1, ms: 0, request("OPTIONS", cseq: 1, branch: "z9hG4bK1", callID: ids[0])).timestamp
            let ended = tracker.expire(now: base + 5_000_000_000, linger: 0, idleTimeout: 1_000_000_000)
            #expect(ended.map(\.callID) == ids && tracker.count == 0)
            tracker.add(
                record(99, ms: 6_000, request("OPTIONS", cseq: 3, branch: "z9hG4bK3", callID: ids[2])))
            #expect(tracker.count == 0 && tracker.lateMessages == 1)
        }
    }
}
