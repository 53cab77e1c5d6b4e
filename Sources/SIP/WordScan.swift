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
}
