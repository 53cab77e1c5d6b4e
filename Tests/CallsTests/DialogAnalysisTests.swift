import Calls
import Decode
import SIP
import TestSupport
import Testing

/// A message with free-form extra headers and an optional SDP direction.
func dialogMessage(
    _ frame: Int, ms: Int64, _ startLine: String, cseq: String, branch: String, toTag: String?, fromTag: String = "f1",
    extra: String = "", direction: String? = nil, fromCaller: Bool
) -> MessageRecord {
    var s = "\(startLine)\nVia: SIP/2.0/UDP a;branch=\(branch)\nFrom: <sip:alice@a>;tag=\(fromTag)\n"
    s += "To: <sip:bob@b>" + (toTag.map { ";tag=\($0)" } ?? "") + "\nCall-ID: d1\nCSeq: \(cseq)\n" + extra
    if let direction {
        let body = "v=0\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 0\na=\(direction)\n"
        s += "Content-Type: application/sdp\nContent-Length: \(sipBytes(body).count)\n\n" + body
    } else {
        s += "Content-Length: 0\n\n"
    }
    return record(frame, ms: ms, s, fromCaller: fromCaller)
}

@Suite struct DialogAnalysisTests {
    /// A 487 ends the early dialog as cancelled only when a CANCEL was seen
    /// (RFC 3261 §9.1); a 487 with none (a re-INVITE's, a proxy's own) is a
    /// failure. The ACK for the 487 does not count as the CANCEL.
    @Test func a487IsACancelOnlyAfterACancel() throws {
        for withCancel in [true, false] {
            var t = CallTracker()
            t.add(record(1, ms: 0, request("INVITE", cseq: 1, branch: "z9hG4bK1")))
            t.add(record(2, ms: 5, response(180, "Ringing", cseq: 1, branch: "z9hG4bK1"), fromCaller: false))
            if withCancel { t.add(record(3, ms: 900, request("CANCEL", cseq: 1, branch: "z9hG4bK1"))) }
            t.add(
                record(4, ms: 950, response(487, "Request Terminated", cseq: 1, branch: "z9hG4bK1"), fromCaller: false))
            t.add(record(5, ms: 951, request("ACK", cseq: 1, branch: "z9hG4bK1", toTag: "t1")))
            let call = try #require(t.finish().first)
            #expect(call.dialogs.map(\.state) == [withCancel ? .cancelled : .failed], "CANCEL seen: \(withCancel)")
        }
    }

    /// One INVITE, two forks with their own 183 (RFC 3261 §13.2.2.4); one answers.
    @Test func forkedInvite() throws {
        var t = CallTracker()
        t.add(
            dialogMessage(
                1, ms: 0, "INVITE sip:bob@b SIP/2.0", cseq: "1 INVITE", branch: "z9hG4bKi", toTag: nil,
                direction: "sendrecv", fromCaller: true))
        t.add(
            dialogMessage(
                2, ms: 1, "SIP/2.0 100 Trying", cseq: "1 INVITE", branch: "z9hG4bKi", toTag: nil, fromCaller: false))
        t.add(
            dialogMessage(
                3, ms: 100, "SIP/2.0 183 Session Progress", cseq: "1 INVITE", branch: "z9hG4bKi", toTag: "A",
                direction: "sendrecv", fromCaller: false))
        t.add(
            dialogMessage(
                4, ms: 150, "SIP/2.0 180 Ringing", cseq: "1 INVITE", branch: "z9hG4bKi", toTag: "B", fromCaller: false))
        t.add(
            dialogMessage(
                5, ms: 900, "SIP/2.0 200 OK", cseq: "1 INVITE", branch: "z9hG4bKi", toTag: "B", direction: "sendrecv",
                fromCaller: false))
        t.add(
            dialogMessage(
                6, ms: 901, "ACK sip:bob@b SIP/2.0", cseq: "1 ACK", branch: "z9hG4bKa", toTag: "B", fromCaller: true))
        // The callee hangs up: its BYE carries the tags the other way round.
        t.add(
            dialogMessage(
                7, ms: 5000, "BYE sip:alice@a SIP/2.0", cseq: "1 BYE", branch: "z9hG4bKb", toTag: "f1", fromTag: "B",
                fromCaller: false))
        t.add(
            dialogMessage(
                8, ms: 5001, "SIP/2.0 200 OK", cseq: "1 BYE", branch: "z9hG4bKb", toTag: "f1", fromTag: "B",
                fromCaller: true))
        let call = try #require(t.finish().first)
        #expect(call.dialogs.map(\.toTag) == ["A", "B"])
        #expect(call.dialogs[0].path == [.trying, .earlyMedia, .terminated])
        #expect(call.dialogs[0].events.map(\.kind) == ["ended-by-other-fork"])
        #expect(call.dialogs[1].path == [.trying, .ringing, .confirmed, .established, .terminating, .terminated])
        #expect(call.dialogs[1].events.map(\.kind) == ["fork"])
        #expect(call.earlyMedia)
        #expect(call.srdMs == 100)
        #expect(call.sddMs == 1)
        #expect(call.transactions == 3)  // INVITE, ACK (for a 2xx: its own), BYE
    }

    /// 100rel: a reliable 183 (RSeq), PRACK, then a re-INVITE that holds and one that resumes.
    @Test func prackAndHoldResume() throws {
        var t = CallTracker()
        t.add(
            dialogMessage(
                1, ms: 0, "INVITE sip:bob@b SIP/2.0", cseq: "1 INVITE", branch: "z9hG4bK1", toTag: nil,
                direction: "sendrecv", fromCaller: true))
        t.add(
            dialogMessage(
                2, ms: 50, "SIP/2.0 183 Session Progress", cseq: "1 INVITE", branch: "z9hG4bK1", toTag: "T",
                extra: "RSeq: 1\nRequire: 100rel\n", direction: "sendrecv", fromCaller: false))
        t.add(
            dialogMessage(
                3, ms: 51, "PRACK sip:bob@b SIP/2.0", cseq: "2 PRACK", branch: "z9hG4bK2", toTag: "T",
                extra: "RAck: 1 1 INVITE\n", fromCaller: true))
        t.add(
            dialogMessage(
                4, ms: 52, "SIP/2.0 200 OK", cseq: "2 PRACK", branch: "z9hG4bK2", toTag: "T", fromCaller: false))
        t.add(
            dialogMessage(
                5, ms: 300, "SIP/2.0 200 OK", cseq: "1 INVITE", branch: "z9hG4bK1", toTag: "T", direction: "sendrecv",
                fromCaller: false))
        t.add(
            dialogMessage(
                6, ms: 301, "ACK sip:bob@b SIP/2.0", cseq: "1 ACK", branch: "z9hG4bK3", toTag: "T", fromCaller: true))
        t.add(
            dialogMessage(
                7, ms: 1000, "INVITE sip:bob@b SIP/2.0", cseq: "3 INVITE", branch: "z9hG4bK4", toTag: "T",
                direction: "sendonly", fromCaller: true))
        t.add(
            dialogMessage(
                8, ms: 1010, "SIP/2.0 200 OK", cseq: "3 INVITE", branch: "z9hG4bK4", toTag: "T",
                extra: "Session-Expires: 1800;refresher=uac\n", direction: "recvonly", fromCaller: false))
        t.add(
            dialogMessage(
                9, ms: 1011, "ACK sip:bob@b SIP/2.0", cseq: "3 ACK", branch: "z9hG4bK5", toTag: "T", fromCaller: true))
        t.add(
            dialogMessage(
                10, ms: 2000, "INVITE sip:bob@b SIP/2.0", cseq: "4 INVITE", branch: "z9hG4bK6", toTag: "T",
                direction: "sendrecv", fromCaller: true))
        t.add(
            dialogMessage(
                11, ms: 2010, "SIP/2.0 422 Session Interval Too Small", cseq: "4 INVITE", branch: "z9hG4bK6",
                toTag: "T", extra: "Min-SE: 1800\n", fromCaller: false))
        let call = try #require(t.finish().first)
        #expect(call.dialogs.count == 1)
        let d = call.dialogs[0]
        #expect(d.path == [.earlyMedia, .confirmed, .established])
        #expect(
            d.events.map(\.kind) == [
                "reliable-provisional", "PRACK", "re-INVITE", "hold", "session-refresh", "re-INVITE", "resume",
                "session-interval-too-small",
            ])
        #expect(d.events.last?.detail == "422 to INVITE (Min-SE 1800)")
        #expect(call.outcome == .answered)
        #expect(call.setupMs == 300)
    }

    /// A transfer inside an established dialog: REFER, then NOTIFYs whose
    /// message/sipfrag bodies say how the new call fares (RFC 3515).
    @Test func referWithSipfrag() throws {
        var t = CallTracker()
        t.add(
            dialogMessage(
                1, ms: 0, "INVITE sip:bob@b SIP/2.0", cseq: "1 INVITE", branch: "z9hG4bK1", toTag: nil, fromCaller: true
            ))
        t.add(
            dialogMessage(
                2, ms: 10, "SIP/2.0 200 OK", cseq: "1 INVITE", branch: "z9hG4bK1", toTag: "T", fromCaller: false))
        t.add(
            dialogMessage(
                3, ms: 11, "ACK sip:bob@b SIP/2.0", cseq: "1 ACK", branch: "z9hG4bK2", toTag: "T", fromCaller: true))
        t.add(
            dialogMessage(
                4, ms: 100, "REFER sip:bob@b SIP/2.0", cseq: "2 REFER", branch: "z9hG4bK3", toTag: "T",
                extra: "Refer-To: <sip:carol@c>\n", fromCaller: true))
        t.add(
            dialogMessage(
                5, ms: 101, "SIP/2.0 202 Accepted", cseq: "2 REFER", branch: "z9hG4bK3", toTag: "T", fromCaller: false))
        let frag = "SIP/2.0 180 Ringing\n"
        t.add(
            dialogMessage(
                6, ms: 200, "NOTIFY sip:alice@a SIP/2.0", cseq: "1 NOTIFY", branch: "z9hG4bK4", toTag: "f1",
                fromTag: "T",
                extra:
                    "Event: refer\nContent-Type: message/sipfrag;version=2.0\nContent-Length: \(sipBytes(frag).count)\n\n"
                    + frag, fromCaller: false))
        let call = try #require(t.finish().first)
        let events = call.dialogs[0].events.map { "\($0.kind): \($0.detail)" }
        #expect(events == ["REFER: 2 REFER to <sip:carol@c>", "refer-progress: SIP/2.0 180 Ringing"])
        #expect(call.messages[5].message.event == "refer")
    }

    /// The same INVITE seen on two hops (a proxy added its Via on top) and
    /// retransmitted on the first: one transaction, one retransmission, one copy.
    @Test func otherHopAndRetransmission() throws {
        var t = CallTracker()
        let hop1 = "INVITE sip:bob@b SIP/2.0\nVia: SIP/2.0/UDP a;branch=z9hG4bKorig\n"
        let hop2 =
            "INVITE sip:bob@b SIP/2.0\nVia: SIP/2.0/UDP proxy;branch=z9hG4bKprox\nVia: SIP/2.0/UDP a;branch=z9hG4bKorig\n"
        let rest = "From: <sip:alice@a>;tag=f1\nTo: <sip:bob@b>\nCall-ID: d1\nCSeq: 1 INVITE\nContent-Length: 0\n\n"
        t.add(record(1, ms: 0, hop1 + rest))
        var second = record(2, ms: 1, hop2 + rest)
        second.source = Endpoint(address: IPAddress(ipv4: 0x0A00_0009), port: 5060)
        t.add(second)
        t.add(record(3, ms: 500, hop1 + rest))
        let call = try #require(t.finish().first)
        #expect(call.messages.map(\.isRetransmission) == [false, false, true])
        #expect(call.messages.map(\.isOtherHop) == [false, true, false])
        #expect(call.transactions == 1)
        #expect(call.dialogs.map(\.state) == [.trying])
    }
}
