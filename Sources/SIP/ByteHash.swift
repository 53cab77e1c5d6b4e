import CByteScan

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
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

    /// The process-wide seed, drawn when the program is loaded (C, so that
    /// reading it is a load: see `siptrace_hash_seed`).
    static var seed: UInt64 { siptrace_hash_seed() }

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

    /// One byte string's hash. Inlined, the short path only: the tags, the
    /// branch and the Call-ID of each message are hashed where they are
    /// read, and a call's prologue and epilogue cost as much as its loads.
    @inline(__always)
    public static func of(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> UInt64 {
        if let hash = ofShort(bytes, range) { return hash }
        return ofAny(bytes, range)
    }

    /// `of` the general way, for any range.
    @inline(never)
    static func ofAny(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> UInt64 {
        var hasher = ByteHash()
        hasher.combine(bytes, range)
        return hasher.finalize()
    }

    /// `of` for 8 to 24 bytes without a line break (most tags, branches and
    /// Call-IDs), inlined: the same words mixed in the same order as
    /// `combineUnfolded`'s loop (a word per eight bytes, the last eight
    /// bytes' word last), without its setup and call. Nil for any other range.
    @inline(__always)
    static func ofShort(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> UInt64? {
        let count = range.count
        guard count >= 8, count <= 24, let base = bytes.baseAddress, range.lowerBound >= 0,
            range.upperBound <= bytes.count
        else { return nil }
        // SAFETY: every load is of eight bytes inside `range` (checked against
        // the buffer above): at its start, eight in when it is over sixteen
        // long, and its last eight.
        let first = base.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt64.self).littleEndian
        let last = base.loadUnaligned(fromByteOffset: range.upperBound - 8, as: UInt64.self).littleEndian
        let middle =
            count > 16 ? base.loadUnaligned(fromByteOffset: range.lowerBound + 8, as: UInt64.self).littleEndian : 0
        // No CR or LF: looked for as any byte below 0x0E, one test a word
        // instead of two. A value with another control byte (rare) takes the
        // general path, which mixes the same words (no line break there).
        let inside = count > 16 ? middle : first
        guard
            WordScan.hasByteBelow(first, 0x0E) | WordScan.hasByteBelow(last, 0x0E)
                | WordScan.hasByteBelow(inside, 0x0E) == 0
        else { return nil }
        var hasher = ByteHash()
        if count > 8 { hasher.combine(first) }
        if count > 16 { hasher.combine(middle) }
        hasher.combine(last)
        hasher.combine(UInt64(count))
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
    ///
    /// A value of eight bytes or more ends with the word of its last eight
    /// bytes, which may overlap the word before: every byte is read, with no
    /// masking and no byte loop, and the length mixed in after makes values
    /// of different lengths differ. A shorter value is one word, its bytes
    /// read in one load (those around it masked or shifted off). Tags,
    /// branches and Call-IDs are mostly 10 to 30 bytes long: two to four loads.
    private mutating func combineUnfolded(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty, let base = bytes.baseAddress, range.lowerBound >= 0, range.upperBound <= bytes.count
        else {
            combine(0)
            return true
        }
        var h = state
        var lineBreaks: UInt64 = 0
        let count = range.count
        @inline(__always) func mix(_ word: UInt64) {
            lineBreaks |= WordScan.hasByte(word, 0x0D) | WordScan.hasByte(word, 0x0A)
            h = (h ^ word) &* ByteHash.multiplier
            h ^= h >> 29
        }
        if count >= 8 {
            let last = range.upperBound - 8
            var offset = range.lowerBound
            while offset < last {
                // SAFETY: offset + 8 <= last + 8 = range.upperBound <= bytes.count.
                mix(base.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
                offset += 8
            }
            // SAFETY: last >= range.lowerBound >= 0 and last + 8 = range.upperBound.
            mix(base.loadUnaligned(fromByteOffset: last, as: UInt64.self).littleEndian)
        } else {
            // 1 to 7 bytes, as the low bytes of one word, the rest zero (never
            // CR or LF).
            let shift = 64 - 8 * UInt64(count)
            var word: UInt64 = 0
            if range.lowerBound + 8 <= bytes.count {
                // SAFETY: the eight bytes at range.lowerBound are in the buffer.
                word = base.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt64.self).littleEndian
                word = (word << shift) >> shift
            } else if range.upperBound >= 8 {
                // SAFETY: the eight bytes ending at range.upperBound are in the buffer.
                word = base.loadUnaligned(fromByteOffset: range.upperBound - 8, as: UInt64.self).littleEndian
                word >>= shift
            } else {
                // A buffer of fewer than eight bytes.
                for k in 0..<count { word |= UInt64(bytes[range.lowerBound + k]) << (8 * UInt64(k)) }
            }
            mix(word)
        }
        guard lineBreaks == 0 else { return false }
        state = h
        combine(UInt64(count))
        return true
    }

}
