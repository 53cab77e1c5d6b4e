/// Call-ID hash → tracker slot: an open-addressing table (linear probing,
/// deletion by backward shift) of plain integers.
///
/// Why not `Dictionary`: every message looks its call up here, and a
/// dictionary hashes its `UInt64` key again with SipHash. The keys are
/// `ByteHash` values, already well mixed, so their low bits index the table
/// directly. Keys are unique: the tracker keeps a second Call-ID with the same
/// hash elsewhere (`CallTracker.collided`).
struct SlotTable {
    private var keys: [UInt64]
    /// The slot stored for each key; -1 marks an empty entry.
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The slot stored for `key`, or nil.
    func find(_ key: UInt64) -> Int? {
        var i = Int(truncatingIfNeeded: key) & mask
        while values[i] >= 0 {
            if keys[i] == key { return Int(values[i]) }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Stores `slot` for `key`, which must not be in the table.
    mutating func insert(_ key: UInt64, _ slot: Int) {
        if (count + 1) * 2 > values.count { grow() }
        var i = Int(truncatingIfNeeded: key) & mask
        while values[i] >= 0 { i = (i + 1) & mask }
        keys[i] = key
        values[i] = Int32(slot)
        count += 1
    }

    /// Removes `key` if it is there.
    mutating func remove(_ key: UInt64) {
        var i = Int(truncatingIfNeeded: key) & mask
        while values[i] >= 0 {
            if keys[i] == key {
                values[i] = -1
                count -= 1
                shiftBack(from: i)
                return
            }
            i = (i + 1) & mask
        }
    }

    mutating func removeAll() {
        for i in values.indices { values[i] = -1 }
        count = 0
    }

    /// After emptying entry `hole`, moves later entries of the same run back
    /// into it when their home is at or before it, so every key stays
    /// reachable from its home without tombstone markers.
    private mutating func shiftBack(from hole: Int) {
        var hole = hole
        var j = (hole + 1) & mask
        while values[j] >= 0 {
            let home = Int(truncatingIfNeeded: keys[j]) & mask
            // The entry at j may move to the hole when its home is not in
            // (hole, j] going round the table.
            if (j &- home) & mask >= (j &- hole) & mask {
                keys[hole] = keys[j]
                values[hole] = values[j]
                values[j] = -1
                hole = j
            }
            j = (j + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        let size = values.count * 2
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
        count = 0
        for i in oldValues.indices where oldValues[i] >= 0 { insert(oldKeys[i], Int(oldValues[i])) }
    }
}
