import Decode
import SIP
import TestSupport
import Testing

@testable import Calls

/// The call table behind `CallTracker`: Call-IDs found by hash and confirmed
/// by their bytes, slots reused as calls end, tombstones for late copies.
@Suite struct CallTrackerTableTests {
    /// `count` calls, their messages interleaved: INVITE, 180, 200, ACK for
    /// all, then BYE and its 200 for all, with one INVITE retransmitted.
    func interleavedCalls(_ count: Int) -> [MessageRecord] {
        var out: [MessageRecord] = []
        var frame = 0
        func add(_ ms: Int64, _ text: String, fromCaller: Bool = true) {
            frame += 1
            out.append(record(frame, ms: ms, text, fromCaller: fromCaller))
        }
        for step in 0..<4 {
            for n in 0..<count {
                let id = "call-\(n)@example.com"
                let ms = Int64(step * 100 + n)
                switch step {
                case 0: add(ms, request("INVITE", cseq: 1, branch: "z9hG4bKi\(n)", callID: id))
                case 1:
                    add(ms, response(180, "Ringing", cseq: 1, branch: "z9hG4bKi\(n)", callID: id), fromCaller: false)
                case 2: add(ms, response(200, "OK", cseq: 1, branch: "z9hG4bKi\(n)", callID: id), fromCaller: false)
                default: add(ms, request("ACK", cseq: 1, branch: "z9hG4bKa\(n)", toTag: "t1", callID: id))
                }
            }
        }
        add(450, request("INVITE", cseq: 1, branch: "z9hG4bKi3", callID: "call-3@example.com"))
        for n in 0..<count {
            let id = "call-\(n)@example.com"
            add(Int64(1000 + n), request("BYE", cseq: 2, branch: "z9hG4bKb\(n)", toTag: "t1", callID: id))
            add(
                Int64(1100 + n), response(200, "OK", cseq: 2, method: "BYE", branch: "z9hG4bKb\(n)", callID: id),
                fromCaller: false)
        }
        return out
    }

    func summary(_ calls: [Call]) -> [String] {
        calls.map { "\($0.callID) \($0.outcome) \($0.messages.count) r\($0.retransmissions) t\($0.transactions)" }
    }

    /// Every Call-ID hashing to the same value must change nothing: calls are
    /// told apart by their bytes.
    @Test func collidingHashesAreToldApartByBytes() {
        var plain = CallTracker()
        var colliding = CallTracker()
        colliding.hashMask = 0
        for r in interleavedCalls(40) {
            plain.add(r)
            colliding.add(r)
        }
        #expect(plain.count == 40 && colliding.count == 40)
        let expected = summary(plain.finish())
        #expect(expected.count == 40)
        #expect(expected[3] == "call-3@example.com answered 7 r1 t3")
        #expect(expected[0] == "call-0@example.com answered 6 r0 t3")
        #expect(summary(colliding.finish()) == expected)
    }

    /// Two live calls with one hash: the second is kept apart. When the
    /// first ends and leaves the table, the second's messages still find it
    /// (they started a call of their own before).
    @Test func aCallKeptApartIsFoundAfterTheOtherEnds() {
        var tracker = CallTracker()
        tracker.hashMask = 0
        tracker.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "z9hG4bKa", callID: "a@x")))
        tracker.add(record(2, ms: 1, request("INVITE", cseq: 1, branch: "z9hG4bKb", callID: "b@x")))
        tracker.add(
            record(
                3, ms: 2, response(486, "Busy Here", cseq: 1, branch: "z9hG4bKa", callID: "a@x"), fromCaller: false))
        let base = record(1, ms: 0, request("INVITE", cseq: 1, branch: "z9hG4bKa", callID: "a@x")).timestamp
        let ended = tracker.expire(now: base + 5_000_000_000, linger: 2_000_000_000, idleTimeout: .max)
        #expect(ended.map(\.callID) == ["a@x"] && tracker.count == 1)
        tracker.add(
            record(
                4, ms: 6_000, response(180, "Ringing", cseq: 1, branch: "z9hG4bKb", callID: "b@x"), fromCaller: false))
        #expect(tracker.count == 1)
        #expect(tracker.finish().map { "\($0.callID) \($0.messages.count)" } == ["b@x 2"])
    }

    /// Calls that end are removed (their slots reused), a late copy within
    /// 64×T1 is counted as late, and a later call with the same Call-ID after
    /// that is a new call. The same with every hash colliding.
    @Test func expiryTombstonesAndReuse() {
        for mask: UInt64 in [~0, 0] {
            var tracker = CallTracker()
            tracker.hashMask = mask
            for r in interleavedCalls(10) { tracker.add(r) }
            let base = interleavedCalls(1)[0].timestamp
            let ended = tracker.expire(now: base + 5_000_000_000, linger: 2_000_000_000, idleTimeout: .max)
            #expect(ended.count == 10 && tracker.count == 0)
            #expect(ended.map(\.callID) == (0..<10).map { "call-\($0)@example.com" })
            // A late BYE 200 for call 4, ten seconds on: late, not a new call.
            tracker.add(
                record(
                    99, ms: 10_000,
                    response(200, "OK", cseq: 2, method: "BYE", branch: "z9hG4bKb4", callID: "call-4@example.com"),
                    fromCaller: false))
            #expect(tracker.lateMessages == 1 && tracker.count == 0)
            // A new call reuses a slot; a Call-ID never seen is a call.
            tracker.add(record(100, ms: 10_001, request("INVITE", cseq: 1, branch: "z9hG4bKn", callID: "new@x")))
            #expect(tracker.count == 1)
            // Past the tombstone time, call 4's Call-ID starts a call again.
            tracker.add(
                record(101, ms: 60_000, request("OPTIONS", cseq: 9, branch: "z9hG4bKo", callID: "call-4@example.com")))
            #expect(tracker.count == 2 && tracker.lateMessages == 1)
            #expect(tracker.finish().map(\.callID) == ["new@x", "call-4@example.com"])
        }
    }

    /// Past `linearSearchLimit` messages a call indexes its retransmission
    /// keys; marks stay what a linear search gives.
    @Test func longCallsIndexTheirKeys() {
        var tracker = CallTracker()
        var frame = 0
        for n in 0..<40 {
            // Each in-dialog OPTIONS sent twice (a retransmission), then answered.
            for _ in 0..<2 {
                frame += 1
                tracker.add(record(frame, ms: Int64(frame), request("OPTIONS", cseq: n + 1, branch: "z9hG4bKo\(n)")))
            }
            frame += 1
            tracker.add(
                record(
                    frame, ms: Int64(frame),
                    response(200, "OK", cseq: n + 1, method: "OPTIONS", branch: "z9hG4bKo\(n)"),
                    fromCaller: false))
        }
        let call = tracker.finish()[0]
        #expect(call.messages.count == 120)
        #expect(call.retransmissions == 40)
        #expect(call.messages.filter(\.isRetransmission).map(\.frame) == (0..<40).map { $0 * 3 + 2 })
        #expect(call.transactions == 40)
    }

    /// A tombstone keeps the first eight messages inline and the rest apart:
    /// late copies of either are marked against the right one, as a
    /// retransmission (same endpoints) or another hop's copy (other ones).
    @Test func lateCopiesOfLongCallsAreMarked() {
        for mask: UInt64 in [~0, 0] {
            var tracker = CallTracker()
            tracker.hashMask = mask
            var frame = 0
            // Twelve distinct OPTIONS transactions, then nothing.
            for n in 0..<12 {
                frame += 1
                tracker.add(record(frame, ms: Int64(frame), request("OPTIONS", cseq: n + 1, branch: "z9hG4bKo\(n)")))
            }
            let base = record(1, ms: 1, request("OPTIONS", cseq: 1, branch: "z9hG4bKo0")).timestamp
            _ = tracker.expire(now: base + 6_000_000_000, linger: 2_000_000_000, idleTimeout: 5_000_000_000)
            #expect(tracker.count == 0)
            // Late: the 11th (kept apart) again from the caller, the 3rd
            // (inline) seen from the other side, and one never seen.
            var late11 = record(100, ms: 10_000, request("OPTIONS", cseq: 11, branch: "z9hG4bKo10"))
            var late3 = record(101, ms: 10_001, request("OPTIONS", cseq: 3, branch: "z9hG4bKo2"), fromCaller: false)
            var lateNew = record(102, ms: 10_002, request("OPTIONS", cseq: 99, branch: "z9hG4bKo99"))
            tracker.add(&late11)
            tracker.add(&late3)
            tracker.add(&lateNew)
            #expect(tracker.lateMessages == 3 && tracker.count == 0)
            #expect(late11.isRetransmission && !late11.isOtherHop)
            #expect(late3.isOtherHop && !late3.isRetransmission)
            #expect(!lateNew.isRetransmission && !lateNew.isOtherHop)
        }
    }

    /// A 401/407 challenge does not end the exchange for `linger` only: the
    /// client comes back with credentials when it is ready (here after 5 s),
    /// and the registration cycle stays whole.
    @Test func challengedExchangesWaitForTheCredentials() {
        var tracker = CallTracker()
        tracker.add(record(1, ms: 0, request("REGISTER", cseq: 1, branch: "z9hG4bKr1", callID: "reg")))
        tracker.add(
            record(
                2, ms: 20,
                response(401, "Unauthorized", cseq: 1, method: "REGISTER", branch: "z9hG4bKr1", callID: "reg"),
                fromCaller: false))
        let base = record(1, ms: 0, request("REGISTER", cseq: 1, branch: "z9hG4bKr1", callID: "reg")).timestamp
        #expect(tracker.expire(now: base + 4_000_000_000, linger: 2_000_000_000, idleTimeout: .max).isEmpty)
        tracker.add(record(3, ms: 5000, request("REGISTER", cseq: 2, branch: "z9hG4bKr2", callID: "reg")))
        tracker.add(
            record(
                4, ms: 5030, response(200, "OK", cseq: 2, method: "REGISTER", branch: "z9hG4bKr2", callID: "reg"),
                fromCaller: false))
        // Answered: now linger applies again.
        let ended = tracker.expire(now: base + 7_100_000_000, linger: 2_000_000_000, idleTimeout: .max)
        #expect(ended.count == 1 && tracker.lateMessages == 0)
        #expect(ended.first?.outcome == .completed && ended.first?.messages.count == 4)
        #expect(ended.first?.registrationDelaysMs == [5030])
        // A challenge nobody answers ends after 64×T1.
        tracker.add(record(5, ms: 60_000, request("REGISTER", cseq: 1, branch: "z9hG4bKx", callID: "gone")))
        tracker.add(
            record(
                6, ms: 60_010,
                response(
                    407, "Proxy Authentication Required", cseq: 1, method: "REGISTER", branch: "z9hG4bKx",
                    callID: "gone"),
                fromCaller: false))
        #expect(tracker.expire(now: base + 91_000_000_000, linger: 2_000_000_000, idleTimeout: .max).isEmpty)
        #expect(
            tracker.expire(now: base + 92_010_000_000, linger: 2_000_000_000, idleTimeout: .max).map(\.outcome) == [
                .failed
            ])
    }
}
