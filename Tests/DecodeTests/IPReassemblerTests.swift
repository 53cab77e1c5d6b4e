import Decode
import Testing

@Suite struct IPReassemblerTests {
    let key = FragmentKey(
        source: IPAddress(ipv4: 0x0A00_0001), destination: IPAddress(ipv4: 0x0A00_0002), identification: 7,
        protocolField: 17, isIPv6: false)

    /// Adds `data` as the fragment at `offset`; returns the payload when complete.
    func add(_ r: inout IPReassembler, _ data: [UInt8], at offset: Int, more: Bool, time: Int64 = 0) -> [UInt8]? {
        let fragment = IPFragment(key: key, offset: offset, moreFragments: more, data: 0..<data.count, nextProtocol: 17)
        return data.withUnsafeBytes { r.add(fragment, bytes: $0, timestamp: time) }?.payload
    }

    let whole: [UInt8] = Array(0..<24)

    @Test func inOrder() {
        var r = IPReassembler()
        #expect(add(&r, Array(whole[0..<8]), at: 0, more: true) == nil)
        #expect(add(&r, Array(whole[8..<16]), at: 8, more: true) == nil)
        #expect(add(&r, Array(whole[16..<24]), at: 16, more: false) == whole)
        #expect(r.counters.datagramsCompleted == 1)
        #expect(r.pendingCount == 0)
        #expect(r.pendingBytes == 0)
    }

    @Test func outOfOrderWithDuplicateAndOverlap() {
        var r = IPReassembler()
        #expect(add(&r, Array(whole[16..<24]), at: 16, more: false) == nil)
        #expect(add(&r, Array(whole[0..<8]), at: 0, more: true) == nil)
        #expect(add(&r, Array(whole[0..<8]), at: 0, more: true) == nil)  // duplicate
        // Overlap: bytes 4..<16, where 4..<8 were already here (first data wins).
        var overlapping = Array(whole[4..<16])
        overlapping[0] = 0xFF
        #expect(add(&r, overlapping, at: 4, more: true) == whole)
        #expect(r.counters.duplicateFragments == 1)
        #expect(r.counters.overlappingFragments == 1)
    }

    @Test func timeoutDropsAndCounts() {
        var r = IPReassembler()
        _ = add(&r, Array(whole[0..<8]), at: 0, more: true, time: 0)
        r.expire(now: 31_000_000_000)
        #expect(r.pendingCount == 0)
        #expect(r.counters.datagramsIncomplete == 1)
        // The rest arriving late does not complete anything.
        #expect(add(&r, Array(whole[8..<24]), at: 8, more: false, time: 31_000_000_001) == nil)
    }

    /// Far more unfinished datagrams than the cap: pending stays at the cap,
    /// buffered bytes stay bounded, every dropped one is counted.
    @Test func capsHold() {
        var limits = IPReassembler.Limits()
        limits.maximumPending = 100
        limits.maximumBufferedBytes = 64 * 1024
        var r = IPReassembler(limits: limits)
        let data = [UInt8](repeating: 1, count: 1000)
        for id in 0..<10_000 {
            let k = FragmentKey(
                source: key.source, destination: key.destination, identification: UInt32(id), protocolField: 17,
                isIPv6: false)
            let fragment = IPFragment(key: k, offset: 0, moreFragments: true, data: 0..<data.count, nextProtocol: 17)
            _ = data.withUnsafeBytes { r.add(fragment, bytes: $0, timestamp: Int64(id)) }
            #expect(r.pendingCount <= 100)
            #expect(r.pendingBytes <= 64 * 1024)
        }
        r.finish()
        #expect(r.counters.datagramsIncomplete == 10_000)
        #expect(r.pendingBytes == 0)
    }

    @Test func oversizedFragmentIsRefused() {
        var r = IPReassembler()
        #expect(add(&r, [1, 2, 3], at: 65_534, more: false) == nil)
        #expect(r.counters.oversizedFragments == 1)
        #expect(r.pendingCount == 0)
    }
}
