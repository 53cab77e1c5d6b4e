import Calls
import Decode
import SIP
import Testing

@testable import SIPTrace

/// A batch is handed over when it is full of entries, or of bytes: huge
/// messages must not make one batch grow without bound.
@Suite struct MessageBatchTests {
    let message = TrackedMessage(
        facts: MessageFacts(), timestamp: 0, source: Endpoint(address: IPAddress(ipv4: 1), port: 5060),
        destination: Endpoint(address: IPAddress(ipv4: 2), port: 5060))

    @Test func fullByEntries() {
        var batch = MessageBatch(capacity: 3)
        let callID = Array("a@b".utf8)
        for n in 0..<3 {
            #expect(!batch.isFull, "after \(n)")
            callID.withUnsafeBytes {
                batch.append(.message, message, callID: $0, unknownMethod: nil, packet: $0, tagSources: nil)
            }
        }
        #expect(batch.isFull && batch.count == 3)
    }

    @Test func fullByBytes() {
        var batch = MessageBatch(capacity: 2048)
        let big = [UInt8](repeating: 0x41, count: 3 << 20)
        var appended = 0
        while !batch.isFull {
            big.withUnsafeBytes {
                batch.append(.message, message, callID: $0, unknownMethod: nil, packet: $0, tagSources: nil)
            }
            appended += 1
        }
        // 3 MiB a message: full after three (9 MiB >= 8 MiB), long before 2,048 entries.
        #expect(appended == 3)
        // Every Call-ID still reads back whole.
        var lengths: [Int] = []
        batch.forEach { _, _, callID, _ in lengths.append(callID.count) }
        #expect(lengths == [3 << 20, 3 << 20, 3 << 20])
    }
}
