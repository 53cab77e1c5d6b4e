import Calls
import Decode
import SIP
import TestSupport
import Testing

/// Feeds messages the way the pipeline does: the tracker marks retransmissions,
/// then the detector sees each record. Uses `record`, `request` and `response`
/// from CallTrackerTests.swift.
private struct Feed {
    var tracker = CallTracker()
    var detector = CallEventDetector()
    var events: [CallEvent] = []

    mutating func add(_ r: MessageRecord) {
        let recorded = tracker.add(r)
        if let event = detector.observe(recorded) { events.append(event) }
    }

    var kinds: [CallEvent.Kind] { events.map(\.kind) }
}

/// Capture time of `ms` in the helpers' clock.
private func at(_ ms: Int64) -> Int64 { 1_700_000_000_000_000_000 + ms * 1_000_000 }

@Suite struct CallEventDetectorTests {
    @Test func answeredCallTellsStartRingAnswerEnd() throws {
        var feed = Feed()
        feed.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "z9hG4bK1", sdp: true)))
        feed.add(record(2, ms: 2, response(100, "Trying", cseq: 1, branch: "z9hG4bK1", toTag: nil), fromCaller: false))
        feed.add(record(3, ms: 250, response(180, "Ringing", cseq: 1, branch: "z9hG4bK1"), fromCaller: false))
        feed.add(record(4, ms: 1250, response(200, "OK", cseq: 1, branch: "z9hG4bK1", sdp: true), fromCaller: false))
        feed.add(record(5, ms: 1251, request("ACK", cseq: 1, branch: "z9hG4bK2", toTag: "t1")))
        feed.add(record(6, ms: 31250, request("BYE", cseq: 2, branch: "z9hG4bK3", toTag: "t1")))
        feed.add(
            record(7, ms: 31251, response(200, "OK", cseq: 2, method: "BYE", branch: "z9hG4bK3"), fromCaller: false))
        #expect(feed.kinds == [.callStarted, .provisional, .answered, .ended])

        let alice = NameAddress(uri: "sip:alice@a", tag: "f1")
        #expect(
            feed.events[0]
                == CallEvent(
                    kind: .callStarted, time: at(0), frame: 1, callID: "c1", method: "INVITE", from: alice,
                    to: NameAddress(uri: "sip:bob@b"), source: caller, destination: callee))
        let bob = NameAddress(uri: "sip:bob@b", tag: "t1")
        #expect(
            feed.events[1]
                == CallEvent(
                    kind: .provisional, time: at(250), frame: 3, callID: "c1", method: "INVITE", from: alice, to: bob,
                    source: callee, destination: caller, status: 180, reason: "Ringing", earlyMedia: false))
        #expect(
            feed.events[2]
                == CallEvent(
                    kind: .answered, time: at(1250), frame: 4, callID: "c1", method: "INVITE", from: alice, to: bob,
                    source: callee, destination: caller, status: 200, reason: "OK", earlyMedia: false, setupMs: 1250))
        #expect(
            feed.events[3]
                == CallEvent(
                    kind: .ended, time: at(31250), frame: 6, callID: "c1", method: "INVITE", from: alice, to: bob,
                    source: caller, destination: callee, durationMs: 30000, endedBy: .caller))
    }

    @Test func earlyMediaOnTheProvisionalAndTheAnswer() {
        var feed = Feed()
        feed.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "b1", sdp: true)))
        feed.add(
            record(2, ms: 40, response(183, "Session Progress", cseq: 1, branch: "b1", sdp: true), fromCaller: false))
        feed.add(record(3, ms: 900, response(200, "OK", cseq: 1, branch: "b1", sdp: true), fromCaller: false))
        #expect(feed.kinds == [.callStarted, .provisional, .answered])
        #expect(feed.events[1].earlyMedia == true)
        #expect(feed.events[1].status == 183)
        #expect(feed.events[2].earlyMedia == true)
        #expect(feed.events[2].setupMs == 900)
    }

    @Test func retransmissionsTellNothingNew() {
        var feed = Feed()
        feed.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "b1")))
        feed.add(record(2, ms: 500, request("INVITE", cseq: 1, branch: "b1")))
        feed.add(record(3, ms: 600, response(180, "Ringing", cseq: 1, branch: "b1"), fromCaller: false))
        feed.add(record(4, ms: 700, response(180, "Ringing", cseq: 1, branch: "b1"), fromCaller: false))
        feed.add(record(5, ms: 800, response(486, "Busy Here", cseq: 1, branch: "b1"), fromCaller: false))
        feed.add(record(6, ms: 1300, response(486, "Busy Here", cseq: 1, branch: "b1"), fromCaller: false))
        #expect(feed.kinds == [.callStarted, .provisional, .failed])
        #expect(feed.events.map(\.frame) == [1, 3, 5])
        #expect(feed.events[2].status == 486)
        #expect(feed.events[2].reason == "Busy Here")
    }

    /// A capture taken at two points sees each message twice, between different
    /// endpoints; the second copy is not news.
    @Test func copiesFromAnotherHopTellNothingNew() {
        let other = Endpoint(address: IPAddress(ipv4: 0x0A00_0001), port: 5060)
        func copy(_ r: MessageRecord) -> MessageRecord {
            var r = r
            r.source = other
            r.frame += 100
            return r
        }
        var feed = Feed()
        let invite = record(1, ms: 0, request("INVITE", cseq: 1, branch: "b1"))
        let ringing = record(2, ms: 10, response(180, "Ringing", cseq: 1, branch: "b1"), fromCaller: false)
        feed.add(invite)
        feed.add(copy(invite))
        feed.add(ringing)
        feed.add(copy(ringing))
        #expect(feed.kinds == [.callStarted, .provisional])
        #expect(feed.events.map(\.frame) == [1, 2])
    }

    @Test func cancelThen487IsCancelledNotFailed() {
        var feed = Feed()
        feed.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "b1")))
        feed.add(record(2, ms: 10, response(180, "Ringing", cseq: 1, branch: "b1"), fromCaller: false))
        feed.add(record(3, ms: 3000, request("CANCEL", cseq: 1, branch: "b1")))
        feed.add(record(4, ms: 3001, response(200, "OK", cseq: 1, method: "CANCEL", branch: "b1"), fromCaller: false))
        feed.add(record(5, ms: 3002, response(487, "Request Terminated", cseq: 1, branch: "b1"), fromCaller: false))
        feed.add(record(6, ms: 3003, request("ACK", cseq: 1, branch: "b1", toTag: "t1")))
        #expect(feed.kinds == [.callStarted, .provisional, .cancelled])
        #expect(feed.events[2].status == 487)
        #expect(feed.events[2].frame == 5)
    }

    @Test func a487WithoutCancelIsAFailure() {
        var feed = Feed()
        feed.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "b1")))
        feed.add(record(2, ms: 10, response(487, "Request Terminated", cseq: 1, branch: "b1"), fromCaller: false))
        #expect(feed.kinds == [.callStarted, .failed])
    }

    /// RFC 3261 §22.2: a 407 is answered by the same call with credentials, a new
    /// INVITE without a To tag; the call starts once, and setup time counts from
    /// the first INVITE, as the call tracker counts it.
    @Test func challengeThenAnswerIsOneCall() {
        var feed = Feed()
        feed.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "b1")))
        feed.add(
            record(2, ms: 5, response(407, "Proxy Authentication Required", cseq: 1, branch: "b1"), fromCaller: false))
        feed.add(record(3, ms: 6, request("ACK", cseq: 1, branch: "b1", toTag: "t1")))
        feed.add(record(4, ms: 20, request("INVITE", cseq: 2, branch: "b2")))
        feed.add(record(5, ms: 520, response(200, "OK", cseq: 2, branch: "b2"), fromCaller: false))
        #expect(feed.kinds == [.callStarted, .challenged, .answered])
        #expect(feed.events[1].status == 407)
        #expect(feed.events[2].setupMs == 520)
        #expect(feed.tracker.finish().first?.setupMs == 520)
    }

    @Test func reInviteInsideTheDialogTellsNothing() {
        var feed = Feed()
        feed.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "b1")))
        feed.add(record(2, ms: 100, response(200, "OK", cseq: 1, branch: "b1"), fromCaller: false))
        feed.add(record(3, ms: 5000, request("INVITE", cseq: 2, branch: "b2", toTag: "t1")))
        feed.add(record(4, ms: 5001, response(180, "Ringing", cseq: 2, branch: "b2"), fromCaller: false))
        feed.add(record(5, ms: 5002, response(491, "Request Pending", cseq: 2, branch: "b2"), fromCaller: false))
        feed.add(record(6, ms: 6000, request("INVITE", cseq: 3, branch: "b3", toTag: "t1")))
        feed.add(record(7, ms: 6001, response(200, "OK", cseq: 3, branch: "b3"), fromCaller: false))
        #expect(feed.kinds == [.callStarted, .answered])
    }

    @Test func byeFromTheCallee() {
        var feed = Feed()
        feed.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "b1")))
        feed.add(record(2, ms: 100, response(200, "OK", cseq: 1, branch: "b1"), fromCaller: false))
        // The callee's BYE: From and To swap, the From tag is the callee's (RFC 3261 §15.1.1).
        let bye = """
            BYE sip:alice@a SIP/2.0
            Via: SIP/2.0/UDP b;branch=b9
            From: <sip:bob@b>;tag=t1
            To: <sip:alice@a>;tag=f1
            Call-ID: c1
            CSeq: 1 BYE
            Content-Length: 0


            """
        feed.add(record(3, ms: 2100, bye, fromCaller: false))
        #expect(feed.kinds == [.callStarted, .answered, .ended])
        #expect(feed.events[2].endedBy == .callee)
        #expect(feed.events[2].durationMs == 2000)
    }

    /// A live capture starts in the middle of calls: what is seen is still told,
    /// with the timings that cannot be known left out.
    @Test func joinedMidCall() {
        var feed = Feed()
        feed.add(record(1, ms: 0, response(200, "OK", cseq: 1, branch: "b1"), fromCaller: false))
        feed.add(record(2, ms: 1000, request("BYE", cseq: 2, branch: "b2", toTag: "t1")))
        #expect(feed.kinds == [.answered, .ended])
        #expect(feed.events[0].setupMs == nil)
        #expect(feed.events[1].durationMs == 1000)
        #expect(feed.events[1].endedBy == nil)
    }

    @Test func nonInviteExchanges() {
        var feed = Feed()
        feed.add(record(1, ms: 0, request("REGISTER", cseq: 1, branch: "r1", callID: "reg")))
        feed.add(
            record(
                2, ms: 1, response(401, "Unauthorized", cseq: 1, method: "REGISTER", branch: "r1", callID: "reg"),
                fromCaller: false))
        feed.add(record(3, ms: 2, request("REGISTER", cseq: 2, branch: "r2", callID: "reg")))
        feed.add(
            record(
                4, ms: 3, response(200, "OK", cseq: 2, method: "REGISTER", branch: "r2", callID: "reg"),
                fromCaller: false))
        feed.add(record(5, ms: 4, request("OPTIONS", cseq: 1, branch: "o1", callID: "opt")))
        feed.add(
            record(
                6, ms: 5, response(404, "Not Found", cseq: 1, method: "OPTIONS", branch: "o1", callID: "opt"),
                fromCaller: false))
        #expect(feed.kinds == [.challenged, .requestCompleted, .requestFailed])
        #expect(feed.events.map(\.method) == ["REGISTER", "REGISTER", "OPTIONS"])
        #expect(feed.events.map(\.status) == [401, 200, 404])
    }

    @Test func expiryTellsOnlyCallsWhoseEndWasNotSeen() throws {
        var feed = Feed()
        // c1 answered and never hung up; c2 rejected.
        feed.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "b1")))
        feed.add(record(2, ms: 100, response(200, "OK", cseq: 1, branch: "b1"), fromCaller: false))
        feed.add(record(3, ms: 0, request("INVITE", cseq: 1, branch: "x1", callID: "c2")))
        feed.add(record(4, ms: 10, response(603, "Decline", cseq: 1, branch: "x1", callID: "c2"), fromCaller: false))
        #expect(feed.detector.count == 2)
        let now = at(3_600_100)
        let calls = feed.tracker.expire(now: now, linger: 32_000_000_000, idleTimeout: 3_600_000_000_000)
        #expect(calls.map(\.callID) == ["c1", "c2"])
        let told = calls.compactMap { feed.detector.expire($0, now: now) }
        #expect(told.count == 1)
        let timedOut = try #require(told.first)
        #expect(timedOut.kind == .timedOut)
        #expect(timedOut.callID == "c1")
        #expect(timedOut.time == now)
        #expect(timedOut.frame == nil)
        #expect(timedOut.outcome == .answered)
        #expect(timedOut.status == 200)
        #expect(feed.detector.count == 0)
    }

    @Test func messagesWithoutCallIDKeepNoState() {
        var detector = CallEventDetector()
        let text = "OPTIONS sip:b SIP/2.0\nVia: SIP/2.0/UDP a;branch=z\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"
        #expect(detector.observe(record(1, ms: 0, text)) == nil)
        #expect(detector.count == 0)
    }

    @Test func forgetDropsState() {
        var feed = Feed()
        feed.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "b1")))
        feed.add(record(2, ms: 0, request("INVITE", cseq: 1, branch: "x1", callID: "c2")))
        feed.detector.forget(callID: "c1")
        #expect(feed.detector.count == 1)
        feed.detector.forgetAll()
        #expect(feed.detector.count == 0)
    }
}
