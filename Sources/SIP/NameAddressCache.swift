#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// From and To values already parsed, by their exact bytes.
///
/// Every message of a call repeats its From and To (the To gains a tag once
/// answered), and parsing one makes a `String` for its URI, so a capture of a
/// million messages parsed the same few hundred thousand values again and
/// again: a sixth of the reading thread's work in `--format ndjson`. A value
/// seen recently is handed back from here instead, sharing the strings of the
/// first parse. `NameAddress.parse` depends on the bytes alone and a hit
/// compares all of them, so the result is the same either way.
///
/// Direct-mapped by hash, a fixed number of slots: memory stays bounded
/// whatever the capture (a slot holds one value and its bytes), and an
/// evicted value is simply parsed again.
public struct NameAddressCache {
    private struct Slot {
        var bytes: [UInt8] = []
        var value: NameAddress? = nil
    }

    /// Made on first use: a summary, which copies no message, never needs it.
    private var slots: [Slot] = []
    private let size: Int
    /// Values longer than this are parsed every time, not kept.
    static let longestKept = 512

    /// `slots` is rounded up to a power of two. The default holds the three
    /// values (From, To, To with tag) of some five thousand calls in progress:
    /// on the 20k-packet capture, 71% of lookups hit where 4,096 slots gave 60%.
    /// 0 slots: keep nothing (`none`).
    public init(slots: Int = 16384) {
        var size = slots > 0 ? 1 : 0
        while size < slots { size <<= 1 }
        self.size = size
    }

    /// A cache that keeps nothing: every value is parsed (for a message
    /// made on its own, outside the pipeline).
    public static var none: NameAddressCache { NameAddressCache(slots: 0) }

    /// `NameAddress.parse(bytes, range)`, from a slot when the same bytes were
    /// parsed there last.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> NameAddress {
        guard size > 0, range.count <= NameAddressCache.longestKept, let base = bytes.baseAddress,
            range.lowerBound >= 0, range.upperBound <= bytes.count
        else { return NameAddress.parse(bytes, range) }
        if slots.isEmpty { slots = Array(repeating: Slot(), count: size) }
        let index = Int(truncatingIfNeeded: ByteHash.of(bytes, range)) & (size - 1)
        if let value = slots[index].value, slots[index].bytes.count == range.count,
            slots[index].bytes.withUnsafeBytes({ memcmp($0.baseAddress!, base + range.lowerBound, range.count) }) == 0
        {
            return value
        }
        let value = NameAddress.parse(bytes, range)
        slots[index].bytes.removeAll(keepingCapacity: true)
        slots[index].bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
        slots[index].value = value
        return value
    }
}
