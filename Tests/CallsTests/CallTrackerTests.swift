import Calls
import Decode
import SIP
import TestSupport
import Testing

let caller = Endpoint(address: IPAddress(ipv4: 0x7F00_0001), port: 5061)
let callee = Endpoint(address: IPAddress(ipv4: 0x7F00_0001), port: 5060)

/// A message from SIP text, as if captured in `frame` at `ms` milliseconds.
func record(_ frame: Int, ms: Int64, _ text: String, fromCaller: Bool = true) -> MessageRecord {
    let bytes = sipBytes(text)
    let message = bytes.withUnsafeBytes { raw -> SIPMessage in
        var parser = SIPParser()
        guard case .message(let view, _) = parser.parse(raw, stream: false) else { fatalError("bad test message") }
        return SIPMessage(view)
    }
    return MessageRecord(
        frame: frame, timestamp: 1_700_000_000_000_000_000 + ms * 1_000_000, source: fromCaller ? caller : callee,
        destination: fromCaller ? callee : caller, transport: .udp, message: message)
}

func request(
    _ method: String, cseq: Int, branch: String, toTag: String? = nil, callID: String = "c1", sdp: Bool = false
) -> String {
    var s = "\(method) sip:bob@b SIP/2.0\nVia: SIP/2.0/UDP a;branch=\(branch)\nFrom: <sip:alice@a>;tag=f1\n"
    s += "To: <sip:bob@b>" + (toTag.map { ";tag=\($0)" } ?? "") + "\nCall-ID: \(callID)\nCSeq: \(cseq) \(method)\n"
    s += sdp ? "Content-Type: application/sdp\nContent-Length: 10\n\nv=0\nm=a\n" : "Content-Length: 0\n\n"
    return s
}

func response(
    _ status: Int, _ reason: String, cseq: Int, method: String = "INVITE", branch: String, toTag: String? = "t1",
    callID: String = "c1", sdp: Bool = false
) -> String {
    var s = "SIP/2.0 \(status) \(reason)\nVia: SIP/2.0/UDP a;branch=\(branch)\nFrom: <sip:alice@a>;tag=f1\n"
    s += "To: <sip:bob@b>" + (toTag.map { ";tag=\($0)" } ?? "") + "\nCall-ID: \(callID)\nCSeq: \(cseq) \(method)\n"
    s += sdp ? "Content-Type: application/sdp\nContent-Length: 10\n\nv=0\nm=a\n" : "Content-Length: 0\n\n"
    return s
}

@Suite struct CallTrackerTests {
    @Test func answeredCallWithTimings() throws {
        var tracker = CallTracker()
        tracker.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "z9hG4bK1", sdp: true)))
        tracker.add(
            record(2, ms: 2, response(100, "Trying", cseq: 1, branch: "z9hG4bK1", toTag: nil), fromCaller: false))
        tracker.add(record(3, ms: 250, response(180, "Ringing", cseq: 1, branch: "z9hG4bK1"), fromCaller: false))
        tracker.add(record(4, ms: 1250, response(200, "OK", cseq: 1, branch: "z9hG4bK1", sdp: true), fromCaller: false))
        tracker.add(record(5, ms: 1251, request("ACK", cseq: 1, branch: "z9hG4bK2", toTag: "t1")))
        tracker.add(record(6, ms: 31250, request("BYE", cseq: 2, branch: "z9hG4bK3", toTag: "t1")))
        tracker.add(
            record(7, ms: 31251, response(200, "OK", cseq: 2, method: "BYE", branch: "z9hG4bK3"), fromCaller: false))
        let calls = tracker.finish()
        #expect(calls.count == 1)
        let call = try #require(calls.first)
        #expect(call.method == "INVITE")
        #expect(call.outcome == .answered)
        #expect(call.finalStatus == 200)
        #expect(call.pddMs == 250)
        #expect(call.setupMs == 1250)
        #expect(call.durationMs == 30000)
        #expect(call.earlyMedia == false)
        #expect(call.retransmissions == 0)
        #expect(call.from?.user == "alice")
    }

    @Test func earlyMediaAndRetransmissions() throws {
        var tracker = CallTracker()
        tracker.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "z9hG4bKa")))
        tracker.add(record(2, ms: 500, request("INVITE", cseq: 1, branch: "z9hG4bKa")))
        tracker.add(
            record(
                3, ms: 600, response(183, "Session Progress", cseq: 1, branch: "z9hG4bKa", sdp: true), fromCaller: false
            ))
        tracker.add(
            record(
                4, ms: 700, response(183, "Session Progress", cseq: 1, branch: "z9hG4bKa", sdp: true), fromCaller: false
            ))
        tracker.add(record(5, ms: 900, response(410, "Gone", cseq: 1, branch: "z9hG4bKa"), fromCaller: false))
        let call = try #require(tracker.finish().first)
        #expect(call.earlyMedia)
        #expect(call.pddMs == 600)
        #expect(call.outcome == .failed)
        #expect(call.finalStatus == 410)
        #expect(call.finalReason == "Gone")
        #expect(call.messages.map(\.isRetransmission) == [false, true, false, true, false])
        #expect(call.retransmissions == 2)
    }

    @Test func cancelledCall() throws {
        var tracker = CallTracker()
        tracker.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "z9hG4bKc")))
        tracker.add(record(2, ms: 100, response(180, "Ringing", cseq: 1, branch: "z9hG4bKc"), fromCaller: false))
        tracker.add(record(3, ms: 2000, request("CANCEL", cseq: 1, branch: "z9hG4bKc")))
        tracker.add(
            record(4, ms: 2001, response(200, "OK", cseq: 1, method: "CANCEL", branch: "z9hG4bKc"), fromCaller: false))
        tracker.add(
            record(5, ms: 2002, response(487, "Request Terminated", cseq: 1, branch: "z9hG4bKc"), fromCaller: false))
        let call = try #require(tracker.finish().first)
        #expect(call.outcome == .cancelled)
        #expect(call.finalStatus == 487)
        #expect(call.setupMs == nil)
    }

    /// A 407 challenge then a retry with credentials: the retry decides.
    @Test func challengedThenRejected() throws {
        var tracker = CallTracker()
        tracker.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "z9hG4bKd1")))
        tracker.add(
            record(
                2, ms: 10, response(407, "Proxy Authentication Required", cseq: 1, branch: "z9hG4bKd1"),
                fromCaller: false))
        tracker.add(record(3, ms: 11, request("ACK", cseq: 1, branch: "z9hG4bKd1", toTag: "t1")))
        tracker.add(record(4, ms: 20, request("INVITE", cseq: 2, branch: "z9hG4bKd2")))
        tracker.add(record(5, ms: 30, response(403, "Forbidden", cseq: 2, branch: "z9hG4bKd2"), fromCaller: false))
        let call = try #require(tracker.finish().first)
        #expect(call.outcome == .failed)
        #expect(call.finalStatus == 403)
    }

    @Test func incompleteCall() throws {
        var tracker = CallTracker()
        tracker.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "z9hG4bKe")))
        tracker.add(
            record(2, ms: 10, response(100, "Trying", cseq: 1, branch: "z9hG4bKe", toTag: nil), fromCaller: false))
        let call = try #require(tracker.finish().first)
        #expect(call.outcome == .incomplete)
        #expect(call.finalStatus == nil)
        #expect(call.pddMs == nil)
    }

    @Test func registerChallengeThenOK() throws {
        var tracker = CallTracker()
        tracker.add(record(1, ms: 0, request("REGISTER", cseq: 1, branch: "z9hG4bKr1", callID: "r")))
        tracker.add(
            record(
                2, ms: 1, response(401, "Unauthorized", cseq: 1, method: "REGISTER", branch: "z9hG4bKr1", callID: "r"),
                fromCaller: false))
        tracker.add(record(3, ms: 2, request("REGISTER", cseq: 2, branch: "z9hG4bKr2", callID: "r")))
        tracker.add(
            record(
                4, ms: 3, response(200, "OK", cseq: 2, method: "REGISTER", branch: "z9hG4bKr2", callID: "r"),
                fromCaller: false))
        let call = try #require(tracker.finish().first)
        #expect(call.method == "REGISTER")
        #expect(call.outcome == .completed)
        #expect(call.finalStatus == 200)
        #expect(call.pddMs == nil)
    }

    @Test func groupsByCallIDInOrderOfAppearance() {
        var tracker = CallTracker()
        tracker.add(record(1, ms: 0, request("OPTIONS", cseq: 1, branch: "z9hG4bKo1", callID: "b")))
        tracker.add(record(2, ms: 1, request("OPTIONS", cseq: 1, branch: "z9hG4bKo2", callID: "a")))
        tracker.add(
            record(
                3, ms: 2, response(200, "OK", cseq: 1, method: "OPTIONS", branch: "z9hG4bKo1", callID: "b"),
                fromCaller: false))
        let calls = tracker.finish()
        #expect(calls.map(\.callID) == ["b", "a"])
        #expect(calls.map(\.outcome) == [.completed, .incomplete])
    }
}

@Suite struct CallTrackerExpiryTests {
    /// Ended calls leave after the linger time; live ones stay until idle.
    @Test func endedCallsExpireAfterLingerIdleOnesAfterTimeout() {
        var tracker = CallTracker()
        let second: Int64 = 1_000_000_000
        let base: Int64 = 1_700_000_000_000_000_000
        tracker.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "z9hG4bKx1", callID: "ended")))
        tracker.add(
            record(
                2, ms: 5, response(486, "Busy Here", cseq: 1, branch: "z9hG4bKx1", callID: "ended"), fromCaller: false))
        tracker.add(record(3, ms: 0, request("INVITE", cseq: 1, branch: "z9hG4bKx2", callID: "ringing")))
        tracker.add(
            record(
                4, ms: 10, response(180, "Ringing", cseq: 1, branch: "z9hG4bKx2", callID: "ringing"), fromCaller: false)
        )
        #expect(tracker.expire(now: base + 10 * second, linger: 32 * second, idleTimeout: 3600 * second).isEmpty)
        let gone = tracker.expire(now: base + 33 * second, linger: 32 * second, idleTimeout: 3600 * second)
        #expect(gone.map(\.callID) == ["ended"])
        #expect(gone.first?.outcome == .failed)
        #expect(tracker.count == 1)
        let idle = tracker.expire(now: base + 3601 * second, linger: 32 * second, idleTimeout: 3600 * second)
        #expect(idle.map(\.callID) == ["ringing"])
        #expect(idle.first?.outcome == .incomplete)
        #expect(tracker.count == 0)
    }

    /// Many thousands of short calls, expired as time moves on: the tracker
    /// never holds more than the calls of the last linger window.
    @Test func trackedCallsStayBounded() {
        var tracker = CallTracker()
        let second: Int64 = 1_000_000_000
        var peak = 0
        var expired = 0
        for i in 0..<20_000 {
            let ms = Int64(i) * 10  // 100 calls per second
            let id = "call-\(i)"
            tracker.add(record(1, ms: ms, request("INVITE", cseq: 1, branch: "z9hG4bK\(i)", callID: id)))
            tracker.add(
                record(
                    2, ms: ms + 1, response(200, "OK", cseq: 1, branch: "z9hG4bK\(i)", callID: id), fromCaller: false))
            tracker.add(record(3, ms: ms + 2, request("BYE", cseq: 2, branch: "z9hG4bKb\(i)", toTag: "t1", callID: id)))
            tracker.add(
                record(
                    4, ms: ms + 3, response(200, "OK", cseq: 2, method: "BYE", branch: "z9hG4bKb\(i)", callID: id),
                    fromCaller: false))
            if i % 100 == 0 {
                expired +=
                    tracker.expire(
                        now: 1_700_000_000_000_000_000 + ms * 1_000_000, linger: 5 * second, idleTimeout: 60 * second
                    ).count
            }
            peak = max(peak, tracker.count)
        }
        #expect(peak <= 700)
        #expect(expired + tracker.count == 20_000)
    }
}

@Suite struct RegistrationTests {
    @Test func registerChallengeGrantsExpiry() throws {
        var tracker = CallTracker()
        tracker.add(record(1, ms: 0, request("REGISTER", cseq: 1, branch: "z9hG4bKg1", callID: "r")))
        tracker.add(
            record(
                2, ms: 2, response(401, "Unauthorized", cseq: 1, method: "REGISTER", branch: "z9hG4bKg1", callID: "r"),
                fromCaller: false))
        tracker.add(record(3, ms: 5, request("REGISTER", cseq: 2, branch: "z9hG4bKg2", callID: "r")))
        let ok =
            "SIP/2.0 200 OK\nVia: SIP/2.0/UDP a;branch=z9hG4bKg2\nFrom: <sip:alice@a>;tag=f1\nTo: <sip:bob@b>;tag=t1\nCall-ID: r\nCSeq: 2 REGISTER\nContact: <sip:alice@10.0.0.1>;expires=3600\nExpires: 7200\nContent-Length: 0\n\n"
        tracker.add(record(4, ms: 9, ok, fromCaller: false))
        let call = try #require(tracker.finish().first)
        #expect(call.rrdMs == 9)
        #expect(call.expiresGranted == 3600)  // the Contact's parameter wins over Expires
        #expect(call.challenges == 1)
    }
}
