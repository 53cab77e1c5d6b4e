import Foundation
import SIPTrace
import TestSupport
import Testing

/// One `dialog-*` fixture (one call each, see Fixtures/README.md) as siptrace reads
/// it, beside tshark's frame list for the times.
private struct DialogFixture {
    let call: Call
    let oracle: OracleFrames

    init(_ name: String) throws {
        let report = try Analyzer().analyze(path: Fixtures.path(name))
        oracle = try OracleFrames(path: Fixtures.path(name + ".tshark.json"))
        #expect(report.calls.count == 1)
        call = try #require(report.calls.first)
        #expect(call.callID == "1-" + name.replacingOccurrences(of: ".", with: "-") + "@127.0.0.1")
        #expect(call.messages.map(\.frame) == oracle.callFrames[call.callID])
        for record in call.messages {
            #expect(record.timestamp == oracle.time[record.frame], "frame \(record.frame)")
        }
    }

    /// The call's messages as tshark lists them: methods, and status codes.
    var sequence: [String] {
        call.messages.map { $0.message.method ?? String($0.message.status ?? 0) }
    }

    /// Milliseconds from frame `a` to frame `b`, from tshark's timestamps.
    func ms(_ a: Int, _ b: Int) -> Double { oracle.ms(a, b) }

    /// A dialog's events as "kind frame: detail", and a check that each event's
    /// time is its frame's.
    func events(_ dialog: Dialog) -> [String] {
        for event in dialog.events {
            #expect(event.timestamp == oracle.time[event.frame], "\(event.kind) at frame \(event.frame)")
        }
        return dialog.events.map { "\($0.kind) \($0.frame): \($0.detail)" }
    }
}

/// siptrace's dialog tracking (RFC 3261 §12-§17, RFC 3262, RFC 3264) on real sipp
/// calls: a forked INVITE, 100rel with PRACK, hold and resume, retransmissions,
/// and one call captured on both sides of a proxy. Every figure is exact: stages,
/// events with their frames, marks per message, and timings recomputed from
/// tshark's frame times.
@Suite struct DialogFixtureTests {
    /// dialog-fork.pcap: INVITE 100 183(fork-a) 183(fork-b) 200(fork-b) ACK BYE 200.
    /// Two early dialogs under one Call-ID; fork-b answers, so fork-a, still early,
    /// ends there (§13.2.2.4).
    @Test func forkedInvite() throws {
        let f = try DialogFixture("dialog-fork.pcap")
        let call = f.call
        #expect(f.sequence == ["INVITE", "100", "183", "183", "200", "ACK", "BYE", "200"])
        #expect(call.outcome == .answered)
        #expect(call.finalStatus == 200)
        #expect(call.finalReason == "OK")
        #expect(call.earlyMedia)
        #expect(call.retransmissions == 0)
        #expect(call.otherHopCopies == 0)
        #expect(call.messages.allSatisfy { !$0.isRetransmission && !$0.isOtherHop })
        #expect(call.transactions == 3)  // INVITE, ACK (for a 2xx: its own), BYE

        #expect(call.dialogs.map(\.toTag) == ["fork-a", "fork-b"])
        #expect(call.dialogs.map(\.fromTag) == ["uac-1", "uac-1"])
        let a = call.dialogs[0]
        let b = call.dialogs[1]
        #expect(a.state == .terminated)
        #expect(a.path == [.trying, .earlyMedia, .terminated])
        #expect(f.events(a) == ["ended-by-other-fork 5: tag fork-b answered"])
        #expect(b.state == .terminated)
        #expect(b.path == [.trying, .earlyMedia, .confirmed, .established, .terminating, .terminated])
        #expect(f.events(b) == ["fork 4: another dialog under this Call-ID, tag fork-b"])

        // 1 INVITE, 3 first 183, 5 200, 7 BYE, 8 its 200
        #expect(call.pddMs == f.ms(1, 3))
        #expect(call.srdMs == f.ms(1, 3))
        #expect(call.setupMs == f.ms(1, 5))
        #expect(call.durationMs == f.ms(5, 7))
        #expect(call.sddMs == f.ms(7, 8))
    }

    /// dialog-prack.pcap: INVITE(Supported: 100rel) 100 183(Require: 100rel, RSeq 1,
    /// SDP) PRACK(RAck: 1 1 INVITE) 200(PRACK) 200(INVITE) ACK BYE 200 (RFC 3262).
    @Test func reliableProvisionalAndPrack() throws {
        let f = try DialogFixture("dialog-prack.pcap")
        let call = f.call
        #expect(f.sequence == ["INVITE", "100", "183", "PRACK", "200", "200", "ACK", "BYE", "200"])
        #expect(call.outcome == .answered)
        #expect(call.finalStatus == 200)
        #expect(call.earlyMedia)
        #expect(call.retransmissions == 0)
        #expect(call.otherHopCopies == 0)
        #expect(call.messages.allSatisfy { !$0.isRetransmission && !$0.isOtherHop })
        #expect(call.transactions == 4)  // INVITE, PRACK, ACK, BYE

        #expect(call.dialogs.count == 1)
        let d = try #require(call.dialogs.first)
        #expect(d.toTag == "prack-1")
        #expect(d.fromTag == "uac-1")
        #expect(d.state == .terminated)
        #expect(d.path == [.trying, .earlyMedia, .confirmed, .established, .terminating, .terminated])
        #expect(f.events(d) == ["reliable-provisional 3: 183 with RSeq 1", "PRACK 4: 2 PRACK"])

        // 1 INVITE, 3 183, 6 200 (INVITE; frame 5 is the PRACK's), 8 BYE, 9 its 200
        #expect(call.pddMs == f.ms(1, 3))
        #expect(call.srdMs == f.ms(1, 3))
        #expect(call.setupMs == f.ms(1, 6))
        #expect(call.durationMs == f.ms(6, 8))
        #expect(call.sddMs == f.ms(8, 9))
    }

    /// dialog-hold.pcap: INVITE 100 180 200 ACK, re-INVITE(a=sendonly) 200(a=recvonly)
    /// ACK, re-INVITE(a=sendrecv) 200(a=sendrecv) ACK, BYE 200 (RFC 3264 §8.4).
    @Test func holdAndResume() throws {
        let f = try DialogFixture("dialog-hold.pcap")
        let call = f.call
        #expect(
            f.sequence == [
                "INVITE", "100", "180", "200", "ACK", "INVITE", "200", "ACK", "INVITE", "200", "ACK", "BYE", "200",
            ])
        #expect(call.outcome == .answered)
        #expect(call.finalStatus == 200)
        #expect(!call.earlyMedia)
        #expect(call.retransmissions == 0)
        #expect(call.otherHopCopies == 0)
        #expect(call.messages.allSatisfy { !$0.isRetransmission && !$0.isOtherHop })
        // INVITE, its ACK, two re-INVITEs and their ACKs, BYE: each ACK for a 2xx
        // is a transaction of its own.
        #expect(call.transactions == 7)

        #expect(call.dialogs.count == 1)
        let d = try #require(call.dialogs.first)
        #expect(d.toTag == "hold-1")
        #expect(d.fromTag == "uac-1")
        #expect(d.state == .terminated)
        // re-INVITEs leave the dialog established: no stage changes between ACK and BYE
        #expect(d.path == [.trying, .ringing, .confirmed, .established, .terminating, .terminated])
        #expect(
            f.events(d) == [
                "re-INVITE 6: 2 INVITE", "hold 6: a=sendonly",
                "re-INVITE 9: 3 INVITE", "resume 9: a=sendrecv",
            ])

        // Timings belong to the initial INVITE (frames 1 to 4), not to the re-INVITEs.
        #expect(call.pddMs == f.ms(1, 3))
        #expect(call.srdMs == f.ms(1, 3))
        #expect(call.setupMs == f.ms(1, 4))
        #expect(call.durationMs == f.ms(4, 12))
        #expect(call.sddMs == f.ms(12, 13))
    }

    /// dialog-retrans.pcap: INVITE, the same INVITE at +0.5 s and +1.5 s (timer A),
    /// then 100 180 200, the same 200 at +0.5 s and +1.5 s (the callee's 2xx
    /// retransmission, until the late ACK), ACK, BYE, 200.
    @Test func retransmissions() throws {
        let f = try DialogFixture("dialog-retrans.pcap")
        let call = f.call
        #expect(
            f.sequence == ["INVITE", "INVITE", "INVITE", "100", "180", "200", "200", "200", "ACK", "BYE", "200"])
        #expect(
            call.messages.map(\.isRetransmission) == [
                false, true, true, false, false, false, true, true, false, false, false,
            ])
        #expect(call.messages.allSatisfy { !$0.isOtherHop })
        #expect(call.retransmissions == 4)
        #expect(call.otherHopCopies == 0)
        #expect(call.transactions == 3)  // INVITE, ACK, BYE: copies are no new transactions
        #expect(call.outcome == .answered)
        #expect(call.finalStatus == 200)
        #expect(!call.earlyMedia)

        #expect(call.dialogs.count == 1)
        let d = try #require(call.dialogs.first)
        #expect(d.toTag == "retrans-1")
        #expect(d.fromTag == "uac-1")
        #expect(d.state == .terminated)
        // copies never change a stage
        #expect(d.path == [.trying, .ringing, .confirmed, .established, .terminating, .terminated])
        // Every copy is an event of the call's one dialog, the INVITE's included:
        // they came before any response created the dialog, but they are this
        // dialog's INVITE all the same.
        #expect(
            f.events(d) == [
                "retransmission 2: INVITE sip:retrans@127.0.0.1:5060",
                "retransmission 3: INVITE sip:retrans@127.0.0.1:5060",
                "retransmission 7: 200 OK",
                "retransmission 8: 200 OK",
            ])

        // Timings from the first INVITE and the first 200, never from a copy:
        // 1 INVITE, 5 180, 6 200, 10 BYE, 11 its 200.
        #expect(call.pddMs == f.ms(1, 5))
        #expect(call.srdMs == f.ms(1, 5))
        #expect(call.setupMs == f.ms(1, 6))
        #expect(call.durationMs == f.ms(6, 10))
        #expect(call.sddMs == f.ms(10, 11))
    }

    /// dialog-two-hops.pcap: caller (5070) → record-routing proxy (5080) → callee
    /// (5060), captured on lo, so each message is seen on hop 1 (caller ↔ proxy)
    /// and hop 2 (proxy ↔ callee); frames:
    ///   1 INVITE h1, 2 100 h1 (the proxy's), 3 INVITE h2 (retargeted, proxy Via on
    ///   top), 4 100 h2 (the callee's), 5 180 h2, 6 180 h1, 7 200 h2, 8 200 h1,
    ///   9 ACK h1, 10 ACK h2, 11 BYE h1, 12 BYE h2, 13 200 h2, 14 200 h1.
    @Test func twoHopsMarks() throws {
        let f = try DialogFixture("dialog-two-hops.pcap")
        let call = f.call
        #expect(
            f.sequence == [
                "INVITE", "100", "INVITE", "100", "180", "180", "200", "200", "ACK", "ACK", "BYE", "BYE", "200", "200",
            ])
        // The second sighting of each message is the other hop's copy. The proxy
        // rewrote the INVITE's Request-URI (sip:hops@…:5080 → sip:hops@…:5060,
        // RFC 3261 §16.6 step 1), but it is the same request: same bottom Via
        // branch, CSeq, tags. Each hop has its own 100 for the one INVITE
        // transaction; the callee's counts as hop 2's copy.
        #expect(
            call.messages.map(\.isOtherHop) == [
                false, false, true, true, false, true, false, true, false, true, false, true, false, true,
            ])
        #expect(call.messages.allSatisfy { !$0.isRetransmission })
        #expect(call.otherHopCopies == 7)
        #expect(call.retransmissions == 0)
        #expect(call.transactions == 3)  // INVITE, ACK, BYE, once each
        #expect(call.outcome == .answered)
        #expect(call.finalStatus == 200)
        #expect(!call.earlyMedia)
    }

    @Test func twoHopsDialog() throws {
        let f = try DialogFixture("dialog-two-hops.pcap")
        #expect(f.call.dialogs.count == 1)
        let d = try #require(f.call.dialogs.first)
        #expect(d.toTag == "hops-1")
        #expect(d.fromTag == "uac-1")
        #expect(d.state == .terminated)
        // the copies never change a stage, and make no second dialog
        #expect(d.path == [.trying, .ringing, .confirmed, .established, .terminating, .terminated])
        #expect(
            f.events(d) == [
                "other-hop 3: INVITE sip:hops@127.0.0.1:5060",
                "other-hop 4: 100 Trying",
                "other-hop 6: 180 Ringing",
                "other-hop 8: 200 OK",
                "other-hop 10: ACK sip:hops@127.0.0.1:5060;transport=UDP",
                "other-hop 12: BYE sip:hops@127.0.0.1:5060;transport=UDP",
                "other-hop 14: 200 OK",
            ])
    }

    /// Timings of a call seen on two hops are the caller's: the INVITE and the BYE
    /// as the caller sent them (hop 1) and the responses as they reached it (hop 1),
    /// not the callee's earlier copies on hop 2, which no one element saw against
    /// the caller's INVITE.
    @Test func twoHopsTimings() throws {
        let f = try DialogFixture("dialog-two-hops.pcap")
        let call = f.call
        #expect(call.pddMs == f.ms(1, 6))
        #expect(call.srdMs == f.ms(1, 6))
        #expect(call.setupMs == f.ms(1, 8))
        #expect(call.durationMs == f.ms(8, 11))
        #expect(call.sddMs == f.ms(11, 14))
    }
}
