import Calls
import Decode
import SIP
import TestSupport
import Testing

@testable import SIPTrace

/// A batch is handed over when it is full of entries, or of bytes: huge
/// messages must not make one batch grow without bound.
@Suite struct MessageBatchTests {
    static let source = Endpoint(address: IPAddress(ipv4: 1), port: 5060)
    static let destination = Endpoint(address: IPAddress(ipv4: 2), port: 5060)
    let message = TrackedMessage(
        facts: MessageFacts(), timestamp: 0, source: MessageBatchTests.source,
        destination: MessageBatchTests.destination)

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

    /// Each message entry reaches the tracker with the Call-ID hashes of the
    /// messages 4, 8 and 16 entries later (0 when there is none), for its
    /// prefetch; an expiry between them counts as an entry and has no hash.
    @Test func entriesKnowTheCallIDsAhead() {
        var batch = MessageBatch(capacity: 64)
        let ids = (0..<30).map { Array("call-\($0)@host".utf8) }
        for (n, id) in ids.enumerated() {
            if n == 10 { batch.appendExpiry(now: 1, linger: 2, idleTimeout: 3) }
            id.withUnsafeBytes {
                batch.append(.message, message, callID: $0, unknownMethod: nil, packet: $0, tagSources: nil)
            }
        }
        let hashes = batch.entries.map { $0.kind.isMessage ? $0.callIDHash : 0 }
        #expect(hashes[0] == ids[0].withUnsafeBytes { ByteHash.of($0, 0..<$0.count) })
        var seen: [(near: UInt64, ahead: UInt64, farAhead: UInt64, isMessage: Bool)] = []
        batch.forEach { entry, lookahead, _, _, _, _, _ in
            seen.append((lookahead.near, lookahead.ahead, lookahead.farAhead, entry.kind.isMessage))
        }
        #expect(seen.count == hashes.count)
        var expiries: [(Int64, Int64, Int64)] = []
        batch.forEach { entry, _, _, _, _, _, _ in
            if case .expire = entry.kind {
                expiries.append((entry.message.timestamp, entry.expiry.linger, entry.expiry.idleTimeout))
            }
        }
        #expect(expiries.count == 1 && expiries[0] == (1, 2, 3))
        // Copied in and read once for every message: 152 bytes on 64-bit
        // Linux with Swift 6.3 (192 before the prefetch hashes and the
        // expiry's times left it); growing it should be a decision.
        #expect(MemoryLayout<MessageBatch.Entry>.stride <= 160)
        for (index, entry) in seen.enumerated() where entry.isMessage {
            func later(_ k: Int) -> UInt64 { index + k < hashes.count ? hashes[index + k] : 0 }
            #expect(entry.near == later(4), "entry \(index)")
            #expect(entry.ahead == later(8), "entry \(index)")
            #expect(entry.farAhead == later(16), "entry \(index)")
        }
    }

    /// A summary's reading side may leave a Call-ID's hash to the tracking
    /// side (`Pipeline.hashesAway`): every entry still reaches it with its
    /// own hash, and with the right ones of the entries 4, 8 and 16 later,
    /// whichever side worked each out (here every third on the reading side).
    @Test func hashesLeftToTheTrackingSideAreWorkedOut() {
        var batch = MessageBatch(capacity: 64)
        // Short, middling and long Call-IDs: the hash's three paths.
        let ids = (0..<40).map { n in
            Array((n % 3 == 0 ? "c\(n)" : n % 3 == 1 ? "left-\(n)@host" : "a-long-call-id-\(n)@host.example.net").utf8)
        }
        let want = ids.map { id in id.withUnsafeBytes { ByteHash.of($0, 0..<$0.count) } }
        var expected: [UInt64] = []
        for (n, id) in ids.enumerated() {
            if n == 12 {
                batch.appendExpiry(now: 1, linger: 2, idleTimeout: 3)
                expected.append(0)
            }
            id.withUnsafeBytes {
                batch.append(
                    .message, message, callID: $0, unknownMethod: nil, packet: $0, tagSources: nil,
                    hashHere: n % 3 == 0)
            }
            expected.append(want[n])
        }
        #expect(batch.entries.filter { $0.kind.isMessage && $0.callIDHash == 0 }.count == 26)
        #expect(ids.contains { $0.count < 8 } && ids.contains { $0.count > 24 })
        var index = 0
        batch.forEach { entry, lookahead, _, callID, _, _, _ in
            func later(_ k: Int) -> UInt64 { index + k < expected.count ? expected[index + k] : 0 }
            if entry.kind.isMessage {
                #expect(entry.callIDHash == ByteHash.of(callID, 0..<callID.count), "entry \(index)")
                #expect(entry.callIDHash == expected[index], "entry \(index)")
                #expect(lookahead.near == later(4), "entry \(index)")
                #expect(lookahead.ahead == later(8), "entry \(index)")
                #expect(lookahead.farAhead == later(16), "entry \(index)")
            }
            index += 1
        }
        #expect(index == 41)
        // Replayed again, the entries keep the hashes worked out.
        var again: [UInt64] = []
        batch.forEach { entry, _, _, _, _, _, _ in again.append(entry.kind.isMessage ? entry.callIDHash : 0) }
        #expect(again == expected)
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
        batch.forEach { _, _, _, callID, _, _, _ in lengths.append(callID.count) }
        #expect(lengths == [3 << 20, 3 << 20, 3 << 20])
    }

    /// Streaming, each message's record rides with its entry and is moved out
    /// as the batch is replayed: in order, the entries without one get nil,
    /// and an emptied batch is filled again from the start.
    @Test func recordsRideWithTheirEntries() {
        var batch = MessageBatch(capacity: 8)
        let callID = Array("a@b".utf8)
        let ok = sipBytes("SIP/2.0 200 OK\nCall-ID: a@b\nCSeq: 1 INVITE\nContent-Length: 0\n\n")
        let parsed = ok.withUnsafeBytes { raw -> SIPMessage? in
            var parser = SIPParser()
            guard case .message(let view, _) = parser.parse(raw, stream: false) else { return nil }
            return SIPMessage(view)
        }
        func record(_ frame: Int) -> MessageRecord {
            MessageRecord(
                frame: frame, timestamp: 0, source: MessageBatchTests.source,
                destination: MessageBatchTests.destination,
                transport: .udp, message: parsed!)
        }
        for round in 0..<2 {
            callID.withUnsafeBytes {
                batch.append(
                    .message, message, callID: $0, unknownMethod: nil, packet: $0, tagSources: nil,
                    record: record(10 * round + 1))
                batch.append(.withoutCallID, message, callID: $0, unknownMethod: nil, packet: $0, tagSources: nil)
                batch.append(
                    .message, message, callID: $0, unknownMethod: "X", packet: $0, tagSources: nil,
                    record: record(10 * round + 3))
            }
            batch.appendExpiry(now: 5, linger: 1, idleTimeout: 2)
            var frames: [Int?] = []
            batch.forEach { _, _, _, _, _, record, _ in frames.append(record?.frame) }
            #expect(frames == [10 * round + 1, nil, 10 * round + 3, nil], "round \(round)")
            var again: [Int?] = []
            batch.forEach { _, _, _, _, _, record, _ in again.append(record?.frame) }
            #expect(again == [nil, nil, nil, nil], "records are moved out, not copied")
            batch.removeAll()
            #expect(batch.count == 0)
        }
    }

    /// A streamed message's part rides with its entry: its bytes come back
    /// from the batch's arena as they went in, once; a second pass finds it
    /// taken, as a record is (and does not look among the records).
    @Test func arrivalsRideWithTheirEntries() {
        var batch = MessageBatch(capacity: 16)
        let message = TrackedMessage(
            facts: MessageFacts(), timestamp: 0, source: MessageBatchTests.source,
            destination: MessageBatchTests.destination)
        let callID = Array("arrival@x".utf8)
        let text = Array(",\"src\":\"x\"".utf8)
        let from = Array("<sip:a@x>;tag=1".utf8)
        let details = StreamedMessage.Details(
            rseq: 1, sipfrag: nil, referTo: nil, minSE: nil, sessionExpires: nil, firstMedia: nil)
        callID.withUnsafeBytes { id in
            text.withUnsafeBytes { text in
                from.withUnsafeBytes { from in
                    for frame in [7, 8] {
                        let arrival = StreamedArrival(
                            message: StreamedMessage(frame: frame, timestamp: 0), text: text,
                            details: frame == 7 ? details : nil, from: frame == 7 ? from : nil, to: nil)
                        batch.append(
                            .message, message, callID: id, unknownMethod: nil, packet: id, tagSources: nil,
                            arrival: arrival)
                    }
                }
            }
        }
        var seen: [(Int, [UInt8], StreamedMessage.Details?, [UInt8]?)] = []
        batch.forEach { _, _, _, _, _, record, arrival in
            #expect(record == nil)
            if let a = arrival {
                seen.append((a.message.frame, Array(a.text), a.details, a.from.map { Array($0) }))
            }
        }
        #expect(seen.map(\.0) == [7, 8])
        #expect(seen.allSatisfy { $0.1 == text })
        #expect(seen[0].2 === details && seen[1].2 == nil)
        #expect(seen.map(\.3) == [from, nil])
        var again = 0
        batch.forEach { _, _, _, _, _, record, arrival in
            if record != nil || arrival != nil { again += 1 }
        }
        #expect(again == 0, "arrivals are moved out, not copied")
    }

    /// An arrival lends its details (see `StreamedArrival.details`): the
    /// batch holds them from `append` until it is emptied, so they outlive
    /// the reading side's own reference, and a call that keeps them has its
    /// own once the batch lets go.
    @Test func theBatchHoldsTheDetailsItLends() {
        var batch = MessageBatch(capacity: 16)
        let text = Array(",\"src\":\"x\"".utf8)
        let callID = Array("details@x".utf8)
        weak var lent: StreamedMessage.Details? = nil
        callID.withUnsafeBytes { id in
            text.withUnsafeBytes { text in
                let details = StreamedMessage.Details(
                    rseq: 9, sipfrag: nil, referTo: nil, minSE: nil, sessionExpires: nil, firstMedia: nil)
                lent = details
                withExtendedLifetime(details) {
                    let arrival = StreamedArrival(
                        message: StreamedMessage(frame: 1, timestamp: 0), text: text, details: details, from: nil,
                        to: nil)
                    batch.append(
                        .message, message, callID: id, unknownMethod: nil, packet: id, tagSources: nil,
                        arrival: arrival)
                }
            }
        }
        #expect(lent != nil, "the batch holds the details once the maker has let go")
        var kept: StreamedMessage.Details? = nil
        batch.forEach { _, _, _, _, _, _, arrival in
            #expect(arrival?.details?.rseq == 9)
            kept = arrival?.details
        }
        batch.removeAll()
        #expect(lent === kept && kept?.rseq == 9, "a reference taken from the arrival keeps them")
        kept = nil
        #expect(lent == nil, "emptied, the batch holds them no more")
    }
}
