import Decode
import SIP
import Testing

@testable import Calls

/// The address hints a builder keeps for the tracker's prefetch follow its
/// messages' storage: after each message, where the next one goes and where
/// the storage's header ends, also when the storage grows and moves.
@Suite struct PrefetchHintTests {
    @Test func hintsFollowTheStorage() {
        var builder = CallBuilder(hash: 1, order: 0, keepsRecords: false)
        let endpoint = Endpoint(address: IPAddress(ipv4: 0x0A00_0001), port: 5060)
        var record: MessageRecord? = nil
        var arrival: StreamedArrival? = nil
        for n in 0..<40 {
            var facts = MessageFacts()
            facts.cseqNumber = UInt32(n)
            var message = TrackedMessage(facts: facts, timestamp: Int64(n), source: endpoint, destination: endpoint)
            builder.add(&message, record: &record, arrival: &arrival)
            let count = builder.tracked.count
            #expect(count == n + 1)
            builder.tracked.withUnsafeBytes { raw in
                let base = UInt(bitPattern: raw.baseAddress!)
                #expect(
                    builder.nextMessageHint == base + UInt(count * MemoryLayout<TrackedMessage>.stride),
                    "after \(n + 1)")
                #expect(builder.storageHint == base - 8, "after \(n + 1)")
            }
        }
    }
}
