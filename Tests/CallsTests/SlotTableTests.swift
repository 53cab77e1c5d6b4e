import TestSupport
import Testing

@testable import Calls

/// The open-addressing Call-ID table behaves as a dictionary would, through
/// growth, long probe runs and deletions inside them.
@Suite struct SlotTableTests {
    /// Random inserts, lookups and removals against a `Dictionary`, with keys
    /// drawn so that many share their low bits (long runs, wrap-around).
    @Test(arguments: [0xF, 0xFFFF, ~UInt64(0)] as [UInt64])
    func agreesWithADictionary(lowBits: UInt64) {
        var generator = SplitMix64(seed: 42 ^ lowBits)
        var table = SlotTable(capacity: 4)
        var reference: [UInt64: Int] = [:]
        var mismatches = 0
        var present: [UInt64] = []
        for step in 0..<6_000 {
            // High bits random, low bits from a small set when lowBits is small.
            let key = (generator.next() & ~lowBits) | (generator.next() & lowBits & 0x3F)
            switch generator.next() % 3 {
            case 0, 1:
                if reference[key] == nil {
                    table.insert(key, step)
                    reference[key] = step
                    present.append(key)
                }
            default:
                // Remove a key that is there, or one that is not.
                if present.isEmpty || generator.next() % 4 == 0 {
                    table.remove(key)
                    if reference.removeValue(forKey: key) != nil { present.removeAll { $0 == key } }
                } else {
                    let index = Int(generator.next() % UInt64(present.count))
                    present.swapAt(index, present.count - 1)
                    let victim = present.removeLast()
                    table.remove(victim)
                    reference.removeValue(forKey: victim)
                }
            }
            if step % 599 == 0 {
                #expect(reference.allSatisfy { table.find($0.key) == $0.value })
                #expect(table.count == reference.count)
            }
            if table.find(key) != reference[key] { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(reference.allSatisfy { table.find($0.key) == $0.value })
        table.removeAll()
        #expect(reference.keys.allSatisfy { table.find($0) == nil })
    }

    /// A run that wraps from the end of the table to its start, emptied from
    /// its middle: the entries after the hole stay reachable.
    @Test func deletionInsideAWrappedRun() {
        var table = SlotTable(capacity: 8)  // 16 entries
        let keys: [UInt64] = [15, 31, 47, 14, 63, 0]  // homes 15, 15, 15, 14, 15, 0
        for (i, key) in keys.enumerated() { table.insert(key, i) }
        table.remove(31)
        table.remove(14)
        for (i, key) in keys.enumerated() where key != 31 && key != 14 { #expect(table.find(key) == i) }
        #expect(table.find(31) == nil && table.find(14) == nil)
        #expect(table.count == 4)
    }
}
