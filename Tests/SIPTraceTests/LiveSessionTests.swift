import Foundation
import SIPTrace
import TestSupport
import Testing

/// Replays a fixture through `LiveSession` fed by `OfflineCapture`: the code path
/// a live capture takes, packet by packet.
private func replay(
    _ name: String, options: LiveSession.Options = LiveSession.Options()
) throws
    -> (events: [CallEvent], session: LiveSession, summary: LiveSummary)
{
    let capture = try OfflineCapture(path: Fixtures.path(name))
    let session = LiveSession(options: options)
    var events: [CallEvent] = []
    let end = session.replay(capture) { events.append($0) }
    #expect(end == .complete)
    let summary = session.finish(
        source: name, format: capture.format.rawValue, linkType: capture.linkType, stoppedBy: "end of file",
        kernel: nil)
    return (events, session, summary)
}

@Suite struct LiveSessionTests {
    /// early-media.pcap: INVITE 100 183(SDP) 200 ACK BYE 200, frames 1 to 7.
    @Test func earlyMediaCall() throws {
        let (events, _, _) = try replay("early-media.pcap")
        #expect(events.map(\.kind) == [.callStarted, .provisional, .answered, .ended])
        #expect(events.map(\.frame) == [1, 3, 4, 6])
        #expect(events.map(\.callID) == Array(repeating: "1-early-media-pcap@127.0.0.1", count: 4))
        #expect(events[1].status == 183)
        #expect(events[1].reason == "Session Progress")
        #expect(events[1].earlyMedia == true)
        #expect(events[2].status == 200)
        #expect(events[2].earlyMedia == true)
        #expect(events[3].endedBy == .caller)
        #expect(events[0].from?.user == "caller")
        #expect(events[0].to?.user == "early")
        // The timings agree with the call tracker's on the same packets.
        let call = try #require(try Analyzer().analyze(path: Fixtures.path("early-media.pcap")).calls.first)
        #expect(events[2].setupMs == call.setupMs)
        #expect(events[3].durationMs == call.durationMs)
        #expect(events[2].setupMs != nil && events[3].durationMs != nil)
    }

    @Test func gone410() throws {
        let (events, _, _) = try replay("gone-410.pcap")
        #expect(events.map(\.kind) == [.callStarted, .failed])
        #expect(events.map(\.frame) == [1, 3])
        #expect(events[1].status == 410)
        #expect(events[1].reason == "Gone")
    }

    @Test func busy486() throws {
        let (events, _, _) = try replay("busy-486.pcap")
        #expect(events.map(\.kind) == [.callStarted, .provisional, .failed])
        #expect(events.map(\.frame) == [1, 3, 4])
        #expect(events.map(\.status) == [nil, 180, 486])
    }

    @Test func cancel487() throws {
        let (events, _, _) = try replay("cancel-487.pcap")
        #expect(events.map(\.kind) == [.callStarted, .provisional, .cancelled])
        #expect(events.map(\.frame) == [1, 3, 6])
        #expect(events[2].status == 487)
    }

    /// mix.pcap: 42 overlapping calls, 6 of each of answer, early, busy, gone,
    /// unavail (503), cancel, notfound (404).
    @Test func mixCountsEveryEvent() throws {
        let (events, session, summary) = try replay("mix.pcap")
        var byKind: [CallEvent.Kind: Int] = [:]
        for e in events { byKind[e.kind, default: 0] += 1 }
        #expect(
            byKind == [.callStarted: 42, .provisional: 24, .answered: 12, .failed: 24, .cancelled: 6, .ended: 12])
        var failures: [Int: Int] = [:]
        for e in events where e.kind == .failed { failures[e.status!, default: 0] += 1 }
        #expect(failures == [404: 6, 410: 6, 486: 6, 503: 6])
        #expect(events.filter { $0.kind == .provisional && $0.earlyMedia == true }.count == 6)
        // Every call starts before anything else is told about it.
        var started: Set<String> = []
        for e in events {
            if e.kind == .callStarted { started.insert(e.callID) } else { #expect(started.contains(e.callID)) }
        }
        #expect(started.count == 42)
        // The same summary `analyze` computes, and nothing left tracked.
        let analyzed = try Analyzer().analyze(path: Fixtures.path("mix.pcap"))
        #expect(summary.report.summary == analyzed.summary)
        #expect(summary.report.capture.packets == 228)
        #expect(summary.report.capture.sipMessages == 228)
        #expect(summary.report.calls.isEmpty)
        #expect(session.trackedCalls == 0)
        #expect(session.trackedEventStates == 0)
    }

    /// With a short linger calls are swept out while the file plays; the totals
    /// must not change, and no call that ended is reported as timed out.
    @Test func sweepingMidStreamKeepsTheTotals() throws {
        var options = LiveSession.Options()
        options.linger = 500_000_000
        options.expiryInterval = 100_000_000
        let (events, _, summary) = try replay("mix.pcap", options: options)
        #expect(!events.contains { $0.kind == .timedOut })
        #expect(events.count == 120)
        let analyzed = try Analyzer().analyze(path: Fixtures.path("mix.pcap"))
        #expect(summary.report.summary == analyzed.summary)
        #expect(summary.report.summary.calls == 42)
    }

    /// One line per event: time of day (UTC), Call-ID, from → to, what happened.
    @Test func textLinesForAnEarlyMediaCall() throws {
        let (events, _, _) = try replay("early-media.pcap")
        let text = events.map(EventText().render).joined()
        #expect(
            text == """
                05:59:19.855514  1-early-media-pcap@127.0.0.1  caller → early  call started  127.0.0.1:5070 → 127.0.0.1:5060
                05:59:19.861397  1-early-media-pcap@127.0.0.1  caller → early  183 Session Progress, early media
                05:59:19.968036  1-early-media-pcap@127.0.0.1  caller → early  answered 200 OK after 112.5 ms, had early media
                05:59:20.172260  1-early-media-pcap@127.0.0.1  caller → early  ended by caller after 204.2 ms

                """)
    }

    /// A failure carries the catalog's meaning and fix, indented under it.
    @Test func textAndJSONForAFailure() throws {
        let (events, _, _) = try replay("gone-410.pcap")
        let entry = try #require(Catalog.entry(for: 410))
        let indent = String(repeating: " ", count: 17)
        #expect(
            EventText().render(events[1])
                == "05:59:23.194435  1-gone-410-pcap@127.0.0.1  caller → gone  failed 410 Gone\n"
                + indent + "Client Failure: " + entry.meaning + "\n" + indent + "fix: " + entry.howToFix + "\n")
        #expect(
            EventJSON.render(events[1])
                == #"{"event":"failed","time":"2026-11-21T05:59:23.194435Z","frame":3,"#
                + #""callId":"1-gone-410-pcap@127.0.0.1","method":"INVITE","from":"sip:caller@127.0.0.1:5070","#
                + #""to":"sip:gone@127.0.0.1:5060","src":"127.0.0.1:5060","dst":"127.0.0.1:5070","status":410,"#
                + #""reason":"Gone","meaning":""# + JSONWriter.escape(entry.meaning) + #"","howToFix":""#
                + JSONWriter.escape(entry.howToFix) + "\"}\n")
        #expect(
            EventJSON.render(events[0])
                == #"{"event":"callStarted","time":"2026-11-21T05:59:23.191880Z","frame":1,"#
                + #""callId":"1-gone-410-pcap@127.0.0.1","method":"INVITE","from":"sip:caller@127.0.0.1:5070","#
                + #""to":"sip:gone@127.0.0.1:5060","src":"127.0.0.1:5070","dst":"127.0.0.1:5060"}"# + "\n")
    }

    /// Every kind writes the keys the README lists for it, null when unknown.
    @Test(arguments: CallEvent.Kind.allCases)
    func jsonKeysPerKind(kind: CallEvent.Kind) throws {
        let event = CallEvent(kind: kind, time: 0, frame: nil, callID: "x", method: "INVITE")
        let line = EventJSON.render(event)
        #expect(line.hasSuffix("}\n") && !line.dropLast().contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let common = ["event", "time", "frame", "callId", "method", "from", "to", "src", "dst"]
        let extra: [String] =
            switch kind {
            case .callStarted: []
            case .provisional: ["status", "reason", "earlyMedia"]
            case .answered: ["status", "reason", "earlyMedia", "setupMs"]
            case .challenged, .cancelled, .requestCompleted: ["status", "reason"]
            case .failed, .requestFailed: ["status", "reason", "meaning", "howToFix"]
            case .ended: ["durationMs", "endedBy"]
            case .timedOut: ["outcome", "status", "reason"]
            }
        #expect(Set(object.keys) == Set(common + extra))
        #expect(object["event"] as? String == kind.rawValue)
        #expect(object["time"] as? String == "1970-01-01T00:00:00.000000Z")
    }

    /// Packet text cannot drive the terminal: escapes are shown, not sent.
    @Test func textEscapesPacketStrings() {
        let event = CallEvent(
            kind: .timedOut, time: 0, frame: nil, callID: "evil\u{1B}]0;pwned\u{07}", method: "INVITE",
            from: NameAddress(uri: "sip:\u{202E}moc@x"), to: nil, outcome: .answered)
        #expect(
            EventText().render(event)
                == "00:00:00.000000  evil\\x1B]0;pwned\\x07  \\u{202E}moc → ?  "
                + "timed out, given up after the idle timeout: answered, no BYE seen\n")
    }

    /// The closing summary: analyze's own report, then what only a live run knows.
    @Test func summaryTextAndJSON() throws {
        let (_, _, summary) = try replay("gone-410.pcap")
        let text = EventText().renderSummary(summary)
        #expect(text.hasPrefix(TextReport(summaryOnly: true).render(summary.report)))
        #expect(text.hasSuffix("\nLive capture\n  stopped by    end of file\n"))
        var live = summary
        live.kernel = LiveSummary.Kernel(received: 8, droppedByKernel: 2, droppedByInterface: 0)
        #expect(
            EventText().renderSummary(live).hasSuffix(
                "  kernel        8 packets received, 2 dropped by the kernel, 0 dropped by the interface\n"
                    + "  warning: 2 packets were lost before siptrace saw them; calls may miss messages\n"))

        let line = EventJSON.renderSummary(live)
        #expect(line.hasPrefix(#"{"event":"summary","time":"2026-11-21T05:59:23.194488Z","siptrace":"#))
        #expect(
            line.hasSuffix(
                #","live":{"stoppedBy":"end of file","received":8,"droppedByKernel":2,"droppedByInterface":0}}"# + "\n")
        )
        #expect(line.dropLast().contains("\n") == false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let analyze = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONReport().render(summary.report).utf8)) as? [String: Any])
        #expect((object["summary"] as? NSDictionary) == (analyze["summary"] as? NSDictionary))
        #expect((object["capture"] as? NSDictionary) == (analyze["capture"] as? NSDictionary))
        #expect(Set(object.keys) == Set(analyze.keys).union(["event", "time", "live"]))
    }

    /// Days of traffic in a few seconds: 10,000 calls at 20 per second, one in ten
    /// answered and never hung up (no BYE), one in ten busy. Tracked state must
    /// stay bounded by the calls of the last linger/idle window, not grow with
    /// the session, and the event detector must hold exactly what the tracker holds.
    @Test func trackedStateStaysBounded() {
        var options = LiveSession.Options()
        options.idleTimeout = 60 * 1_000_000_000
        let session = LiveSession(options: options)
        let traffic = GeneratedTraffic(calls: 10_000, callsPerSecond: 20)
        var byKind: [CallEvent.Kind: Int] = [:]
        var maxTracked = 0
        var frame = 0
        for message in traffic.messages() {
            frame += 1
            let bytes = traffic.frame(message)
            bytes.withUnsafeBytes { raw in
                let packet = CapturedPacket(
                    frame: frame, timestamp: message.time, originalLength: raw.count, linkType: 1, bytes: raw)
                session.ingest(packet) { byKind[$0.kind, default: 0] += 1 }
            }
            if frame % 500 == 0 {
                maxTracked = max(maxTracked, session.trackedCalls)
                #expect(session.trackedEventStates == session.trackedCalls)
            }
        }
        // At 20 calls/s: ended calls linger 32 s after a 3 s call (≈ 700), idle
        // ones stay 60 s (≈ 120 more). 10,000 would mean nothing is ever dropped.
        #expect(maxTracked > 0 && maxTracked <= 1000, "max tracked \(maxTracked)")
        #expect(byKind[.callStarted] == 10_000)
        #expect(byKind[.answered] == 9_000)
        #expect(byKind[.failed] == 1_000)
        #expect(byKind[.ended] == 8_000)
        // Idle calls are told as timed out once 60 s pass; those of the last minute
        // are still in progress when the stream ends.
        let timedOut = byKind[.timedOut] ?? 0
        #expect(timedOut >= 1_000 - 2 * 62 && timedOut < 1_000, "timed out \(timedOut)")
        let summary = session.finish(source: "generated", format: "live", linkType: 1, stoppedBy: "test", kernel: nil)
        #expect(summary.report.summary.calls == 10_000)
        #expect(summary.report.summary.outcomes == [.answered: 9_000, .failed: 1_000])
        #expect(session.trackedCalls == 0)
        #expect(session.trackedEventStates == 0)
    }
}

/// Generated SIP calls as Ethernet/IPv4/UDP frames, in capture-time order.
private struct GeneratedTraffic {
    struct Message {
        var time: Int64
        var call: Int
        /// Index into `steps`.
        var step: Int
    }

    let calls: Int
    let callsPerSecond: Int
    let start: Int64 = 1_800_000_000_000_000_000

    /// One call's messages: (milliseconds after the INVITE, from the caller, text maker).
    enum Kind { case answered, idle, busy }

    func kind(_ call: Int) -> Kind {
        switch call % 10 {
        case 3: .idle
        case 7: .busy
        default: .answered
        }
    }

    /// (offset ms, step name) for each message of a call of `kind`.
    func steps(_ kind: Kind) -> [(ms: Int64, step: Int)] {
        switch kind {
        case .answered: [(0, 0), (10, 1), (1000, 2), (1010, 3), (3000, 4), (3010, 5)]
        case .idle: [(0, 0), (10, 1), (1000, 2), (1010, 3)]
        case .busy: [(0, 0), (10, 1), (500, 6), (510, 7)]
        }
    }

    func messages() -> [Message] {
        var all: [Message] = []
        all.reserveCapacity(calls * 6)
        let gap = Int64(1_000_000_000 / callsPerSecond)
        for call in 0..<calls {
            let t0 = start + Int64(call) * gap
            for (ms, step) in steps(kind(call)) {
                all.append(Message(time: t0 + ms * 1_000_000, call: call, step: step))
            }
        }
        return all.sorted { ($0.time, $0.call) < ($1.time, $1.call) }
    }

    /// The SIP text of one message, CRLF line ends.
    func sip(_ m: Message) -> String {
        let id = "gen-\(m.call)@test"
        let from = "From: <sip:alice@10.0.0.1>;tag=a\(m.call)"
        let to = "To: <sip:bob@10.0.0.2>"
        let tagged = to + ";tag=b\(m.call)"
        func message(_ start: String, via: String, _ to: String, cseq: String) -> String {
            [
                start, "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK\(via)-\(m.call)", from, to, "Call-ID: \(id)",
                "CSeq: \(cseq)", "Content-Length: 0", "", "",
            ].joined(separator: "\r\n")
        }
        switch m.step {
        case 0: return message("INVITE sip:bob@10.0.0.2 SIP/2.0", via: "i", to, cseq: "1 INVITE")
        case 1: return message("SIP/2.0 180 Ringing", via: "i", tagged, cseq: "1 INVITE")
        case 2: return message("SIP/2.0 200 OK", via: "i", tagged, cseq: "1 INVITE")
        case 3: return message("ACK sip:bob@10.0.0.2 SIP/2.0", via: "a", tagged, cseq: "1 ACK")
        case 4: return message("BYE sip:bob@10.0.0.2 SIP/2.0", via: "b", tagged, cseq: "2 BYE")
        case 5: return message("SIP/2.0 200 OK", via: "b", tagged, cseq: "2 BYE")
        case 6: return message("SIP/2.0 486 Busy Here", via: "i", tagged, cseq: "1 INVITE")
        default: return message("ACK sip:bob@10.0.0.2 SIP/2.0", via: "i", tagged, cseq: "1 ACK")
        }
    }

    /// Ethernet + IPv4 + UDP around the SIP text; requests go 10.0.0.1 → 10.0.0.2,
    /// responses the other way. Checksums are zero, as on loopback.
    func frame(_ m: Message) -> [UInt8] {
        let payload = Array(sip(m).utf8)
        let isResponse = [1, 2, 5, 6].contains(m.step)
        let a: [UInt8] = [10, 0, 0, 1]
        let b: [UInt8] = [10, 0, 0, 2]
        let (src, dst) = isResponse ? (b, a) : (a, b)
        var bytes: [UInt8] = []
        bytes += [0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00]
        let ipLength = 20 + 8 + payload.count
        bytes += [0x45, 0, UInt8(ipLength >> 8), UInt8(ipLength & 0xFF), 0, 0, 0x40, 0, 64, 17, 0, 0]
        bytes += src + dst
        let udpLength = 8 + payload.count
        bytes += [0x13, 0xC4, 0x13, 0xC4, UInt8(udpLength >> 8), UInt8(udpLength & 0xFF), 0, 0]
        bytes += payload
        return bytes
    }
}
