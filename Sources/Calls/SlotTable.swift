import CPrefetch

/// Call-ID hash → tracker slot: an open-addressing table (linear probing,
/// deletion by backward shift) of plain integers.
///
/// Why not `Dictionary`: every message looks its call up here, and a
/// dictionary hashes its `UInt64` key again with SipHash. The keys are
/// `ByteHash` values, already well mixed, so their low bits index the table
/// directly. Keys are unique: the tracker keeps a second Call-ID with the same
/// hash elsewhere (`CallTracker.collided`).
struct SlotTable {
    /// Key and slot side by side, so a probe touches one cache line; a
    /// negative slot marks an empty entry.
    private struct Entry {
        var key: UInt64
        var value: Int
    }
    private var entries: [Entry]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        entries = [Entry](repeating: Entry(key: 0, value: -1), count: size)
        mask = size - 1
    }

    /// Starts loading the entry where a lookup of `key` begins (a hint to the
    /// CPU, see `CallTracker.add`).
    @inline(__always)
    func prefetch(_ key: UInt64) {
        entries.withUnsafeBufferPointer { table in
            siptrace_prefetch(table.baseAddress! + (Int(truncatingIfNeeded: key) & mask))
        }
    }

    /// The slot stored for `key`, or nil.
    func find(_ key: UInt64) -> Int? {
        var i = Int(truncatingIfNeeded: key) & mask
        while entries[i].value >= 0 {
            if entries[i].key == key { return entries[i].value }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Stores `slot` for `key`, which must not be in the table.
    mutating func insert(_ key: UInt64, _ slot: Int) {
        if (count + 1) * 2 > entries.count { grow() }
        var i = Int(truncatingIfNeeded: key) & mask
        while entries[i].value >= 0 { i = (i + 1) & mask }
        entries[i] = Entry(key: key, value: slot)
        count += 1
    }

    /// Removes `key` if it is there.
    mutating func remove(_ key: UInt64) {
        var i = Int(truncatingIfNeeded: key) & mask
        while entries[i].value >= 0 {
            if entries[i].key == key {
                entries[i].value = -1
                count -= 1
                shiftBack(from: i)
                return
            }
            i = (i + 1) & mask
        }
    }

    mutating func removeAll() {
        for i in entries.indices { entries[i].value = -1 }
        count = 0
    }

    /// After emptying entry `hole`, moves later entries of the same run back
    /// into it when their home is at or before it, so every key stays
    /// reachable from its home without tombstone markers.
    private mutating func shiftBack(from hole: Int) {
        var hole = hole
        var j = (hole + 1) & mask
        while entries[j].value >= 0 {
            let home = Int(truncatingIfNeeded: entries[j].key) & mask
            // The entry at j may move to the hole when its home is not in
            // (hole, j] going round the table.
            if (j &- home) & mask >= (j &- hole) & mask {
                entries[hole] = entries[j]
                entries[j].value = -1
                hole = j
            }
            j = (j + 1) & mask
        }
    }

    private mutating func grow() {
        let old = entries
        let size = entries.count * 2
        entries = [Entry](repeating: Entry(key: 0, value: -1), count: size)
        mask = size - 1
        count = 0
        for entry in old where entry.value >= 0 { insert(entry.key, entry.value) }
    }
}
