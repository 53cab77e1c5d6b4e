/// Tests of eight bytes at once (SWAR, Hacker's Delight §6-1), for scanners
/// that look for a few byte values in long runs of ordinary text: the Call-ID
/// hash looks for line breaks, the JSON writer for bytes it must escape.
///
/// Each answers for the word as a whole, exactly: `x - 0x01…` borrows into
/// the top bit of a zero byte and `& ~x` drops bytes whose top bit was already
/// set; a borrow may mark a byte above one that really matched, never a word
/// where none did. The result is non-zero or zero, not a position.
public enum WordScan {
    /// Non-zero when some byte of `word` equals `byte`.
    @inlinable @inline(__always)
    public static func hasByte(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// Non-zero when some byte of `word` is below `limit` (at most 0x80).
    @inlinable @inline(__always)
    public static func hasByteBelow(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &- 0x0101_0101_0101_0101 &* UInt64(limit)) & ~word & 0x8080_8080_8080_8080
    }

    /// Non-zero when some byte of `word` has its top bit set (is not ASCII).
    @inlinable @inline(__always)
    public static func hasHighByte(_ word: UInt64) -> UInt64 {
        word & 0x8080_8080_8080_8080
    }

    /// Whether every byte is ASCII (below 0x80): the test that lets a value
    /// be written or compared as its bytes, because decoding it as UTF-8
    /// would change nothing.
    @inlinable
    public static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // Most values asked about are a few bytes long: OR them together
        // rather than gather them into a word.
        guard bytes.count >= 8 else {
            var high: UInt8 = 0
            for byte in bytes { high |= byte }
            return high < 0x80
        }
        return !anyWord(bytes) { hasHighByte($0) }
    }

    /// Whether every byte is ASCII and none is CR or LF: a header value on
    /// one line, not folded.
    @inlinable
    public static func isOneLineASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !anyWord(bytes) { hasHighByte($0) | hasByte($0, 0x0D) | hasByte($0, 0x0A) }
    }

    /// Whether `hit` is non-zero for a word of `bytes`, read eight bytes at a
    /// time; the last word ends at the last byte (it may overlap the one
    /// before), and fewer than eight bytes make one word padded with zero
    /// bytes. So `hit` must not take a zero byte for a hit: `hasHighByte`
    /// and `hasByte` of a non-zero byte are safe, `hasByteBelow` and
    /// `hasByte(_, 0)` are not. (Byte loops did this in five places, one
    /// byte per step.)
    @usableFromInline @inline(__always)
    static func anyWord(_ bytes: UnsafeRawBufferPointer, _ hit: (UInt64) -> UInt64) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        let count = bytes.count
        guard count >= 8 else {
            var word: UInt64 = 0
            for k in 0..<count { word |= UInt64(bytes[k]) << (8 * UInt64(k)) }
            return hit(word) != 0
        }
        var offset = 0
        while offset + 8 < count {
            // SAFETY: offset + 8 < count, so the eight bytes are in the buffer.
            if hit(base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) != 0 { return true }
            offset += 8
        }
        // SAFETY: count >= 8, so the last eight bytes start at count - 8 >= 0.
        return hit(base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) != 0
    }
}
