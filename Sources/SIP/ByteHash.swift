#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A 64-bit hash of byte strings, for the per-packet path: Call-IDs, tags and
/// branches are compared by hash instead of being copied into `String`s.
///
/// Reads eight bytes at a time and mixes with a multiply; the seed is drawn at
/// random once per process, so a capture cannot be crafted to make two
/// different tags collide on purpose (the same reason Swift's `Hasher` is
/// seeded). It is not a cryptographic hash: where a collision would change a
/// result (Call-ID grouping), the bytes are compared as well.
///
/// Header values are hashed as the `String` siptrace would report for them:
/// a folded value (CRLF and white space inside it, RFC 3261 §7.3.1) hashes like
/// its unfolded text, so a message and its refolded copy agree.
public struct ByteHash: Sendable {
    private var state: UInt64

    /// The process-wide seed.
    static let seed: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next() | 1
    }()

    static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    public init() {
        state = ByteHash.seed
    }

    public mutating func combine(_ value: UInt64) {
        state = (state ^ value) &* ByteHash.multiplier
        state ^= state >> 29
    }

    /// Mixes in `range` of `bytes` as it reads once unfolded (see the type).
    public mutating func combine(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        if !combineUnfolded(bytes, range) {
            let folded = bytes.unfolded(range)
            folded.withUnsafeBytes { raw in
                _ = combineUnfolded(raw, 0..<raw.count)
            }
        }
    }

    /// Mixes in the UTF-8 of a `String` (messages built in tests, not from bytes).
    public mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            _ = combineUnfolded(UnsafeRawBufferPointer(utf8), 0..<utf8.count)
        }
    }

    public func finalize() -> UInt64 {
        // MurmurHash3's 64-bit finaliser: every input bit reaches every output bit.
        var h = state
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// One byte string's hash.
    public static func of(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> UInt64 {
        var hasher = ByteHash()
        hasher.combine(bytes, range)
        return hasher.finalize()
    }

    public static func of(_ text: String) -> UInt64 {
        var hasher = ByteHash()
        hasher.combine(text)
        return hasher.finalize()
    }

    /// Mixes `range` in eight bytes at a time; returns false, having mixed in
    /// nothing that matters, when the range holds a CR or LF (a folded value,
    /// which must be hashed unfolded).
    private mutating func combineUnfolded(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty, let base = bytes.baseAddress, range.lowerBound >= 0, range.upperBound <= bytes.count
        else {
            combine(0)
            return true
        }
        var h = state
        var offset = range.lowerBound
        let end = range.upperBound
        var lineBreaks: UInt64 = 0
        while offset + 8 <= end {
            // SAFETY: offset + 8 <= end <= bytes.count, checked above.
            let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            lineBreaks |= WordScan.hasByte(word, 0x0D) | WordScan.hasByte(word, 0x0A)
            h = (h ^ word) &* ByteHash.multiplier
            h ^= h >> 29
            offset += 8
        }
        if offset < end {
            var tail: UInt64 = 0
            if offset + 8 <= bytes.count {
                // The last 1 to 7 bytes in one load, the bytes past `end` masked
                // off: the same little-endian word the loop below builds.
                // SAFETY: offset + 8 <= bytes.count, checked just above.
                let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
                tail = word & (~UInt64(0) >> (64 - 8 * UInt64(end - offset)))
                // Masked-off bytes are zero, never CR or LF.
                lineBreaks |= WordScan.hasByte(tail, 0x0D) | WordScan.hasByte(tail, 0x0A)
            } else {
                var shift: UInt64 = 0
                while offset < end {
                    let b = bytes[offset]
                    if b == 0x0D || b == 0x0A { lineBreaks = 1 }
                    tail |= UInt64(b) << shift
                    shift += 8
                    offset += 1
                }
            }
            h = (h ^ tail) &* ByteHash.multiplier
            h ^= h >> 29
        }
        guard lineBreaks == 0 else { return false }
        state = h
        combine(UInt64(range.count))
        return true
    }

}
