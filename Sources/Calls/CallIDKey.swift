#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A call's Call-ID as siptrace keeps it: up to 48 bytes inline, in a plain
/// value (no reference to count, no separate allocation to fetch or free); a
/// longer one by its array.
///
/// Why: every live call is looked up by it once per message (the tracker keeps
/// the keys in one flat array), and every call keeps it until its report is
/// written. Kept as an array, a Call-ID cost each call an allocation and a
/// free, and the summary, which never shows a Call-ID, paid for them too.
package struct CallIDKey: Sendable {
    // Set once: `long` is nil exactly when `count` is at most 48, the bytes
    // then the first `count` of `words` (the SAFETY notes below rely on it).
    private let count: Int
    private let words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    private let long: [UInt8]?
    static let inlineCapacity = 48

    /// The key of the Call-ID `bytes` (unfolded, as compared).
    package init(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        var inline: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        if n > CallIDKey.inlineCapacity {
            long = Array(bytes)
        } else {
            long = nil
            if let from = bytes.baseAddress, n > 0 {
                withUnsafeMutableBytes(of: &inline) { target in
                    // SAFETY: n <= 48, the size of `inline`, and `bytes` holds n bytes.
                    target.baseAddress!.copyMemory(from: from, byteCount: n)
                }
            }
        }
        count = n
        words = inline
    }

    package init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { CallIDKey($0) }
    }

    /// Calls `body` with the Call-ID's bytes (valid only inside it).
    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let long { return try long.withUnsafeBytes(body) }
        // SAFETY: without `long`, count <= 48, the size of `words` (see the fields).
        return try Swift.withUnsafeBytes(of: words) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    /// The bytes as an array: for the rare maps keyed by them (two live
    /// Call-IDs with one hash).
    package var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The Call-ID as text (as `String(decoding:as:)` reads its bytes).
    package var text: String { withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    /// Byte equality with a Call-ID in a packet. Inlined: called on a key in
    /// an array (`callIDs[slot]`), it copied the key out first (64 bytes, and
    /// a retain), for every message.
    @inline(__always)
    package func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == count else { return false }
        if let long { return CallTracker.same(long, bytes) }
        guard count > 0, let base = bytes.baseAddress else { return true }
        // SAFETY: without `long`, count <= 48, the size of `words`; `bytes`
        // holds `count` bytes (checked first).
        return Swift.withUnsafeBytes(of: words) { memcmp($0.baseAddress!, base, count) == 0 }
    }
}
