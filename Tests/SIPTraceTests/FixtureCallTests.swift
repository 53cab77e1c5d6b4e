import Foundation
import SIPTrace
import TestSupport
import Testing

/// What the sipp UAS does for each callee user (see Fixtures/README.md): the
/// outcome, final status and early media a call to that user must show.
let expectedByCallee: [String: (outcome: CallOutcome, status: Int, earlyMedia: Bool)] = [
    "answer": (.answered, 200, false),
    "early": (.answered, 200, true),
    "busy": (.failed, 486, false),
    "gone": (.failed, 410, false),
    "unavail": (.failed, 503, false),
    "cancel": (.cancelled, 487, false),
    "notfound": (.failed, 404, false),
    "alice": (.completed, 200, false),  // register-401: REGISTER, 401, REGISTER, 200
]

/// tshark's per-frame view of a fixture: time in nanoseconds, src and dst.
struct OracleFrames {
    var time: [Int: Int64] = [:]
    var src: [Int: String] = [:]
    var dst: [Int: String] = [:]
    var callFrames: [String: [Int]] = [:]

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for frame in try #require(json["frameList"] as? [[String: Any]]) {
            let number = try #require(frame["number"] as? Int)
            time[number] = try OracleFrames.nanoseconds(try #require(frame["time"] as? String))
            src[number] = frame["src"] as? String
            dst[number] = frame["dst"] as? String
        }
        for call in try #require(json["calls"] as? [[String: Any]]) {
            callFrames[try #require(call["callId"] as? String)] = try #require(call["frames"] as? [Int])
        }
    }

    /// "1795240756.496076000" → nanoseconds, exactly (no floating point).
    static func nanoseconds(_ text: String) throws -> Int64 {
        let parts = text.split(separator: ".")
        let seconds = try #require(Int64(parts[0]))
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        fraction = String((fraction + "000000000").prefix(9))
        return seconds * 1_000_000_000 + (try #require(Int64(fraction)))
    }

    func ms(_ from: Int, _ to: Int) -> Double {
        Double(time[to]! - time[from]!) / 1_000_000
    }
}

@Suite struct FixtureCallTests {
    /// Every call's outcome, final status and early media match what the
    /// scenario did; frames, addresses and timings match tshark's frame list.
    /// The `dialog-*` captures exercise forks, PRACK, hold, retransmissions and
    /// two-hop captures; `DialogFixtureTests` checks them call by call.
    @Test(arguments: fixtureCaptures.filter { !$0.hasPrefix("dialog-") })
    func callsMatchScenarioAndTshark(name: String) throws {
        let report = try Analyzer().analyze(path: Fixtures.path(name))
        let oracle = try OracleFrames(path: Fixtures.path(name + ".tshark.json"))
        #expect(!report.calls.isEmpty)
        for call in report.calls {
            let user = try #require(call.to?.user)
            let expected = try #require(expectedByCallee[user], "no expectation for callee \(user)")
            #expect(call.outcome == expected.outcome, "\(call.callID)")
            #expect(call.finalStatus == expected.status, "\(call.callID)")
            #expect(call.earlyMedia == expected.earlyMedia, "\(call.callID)")
            #expect(call.retransmissions == 0)

            let frames = call.messages.map(\.frame)
            #expect(frames == oracle.callFrames[call.callID], "\(call.callID)")
            for record in call.messages {
                #expect(record.source.description == oracle.src[record.frame], "frame \(record.frame)")
                #expect(record.destination.description == oracle.dst[record.frame], "frame \(record.frame)")
                #expect(record.timestamp == oracle.time[record.frame], "frame \(record.frame)")
            }

            // Timings recomputed from tshark's timestamps.
            guard call.isInvite else { continue }
            let invite = try #require(call.messages.first { $0.message.method == "INVITE" }).frame
            let ringing = call.messages.first { (180..<200).contains($0.message.status ?? 0) }?.frame
            let answer = call.messages.first {
                (200..<300).contains($0.message.status ?? 0) && $0.message.cseq?.method == "INVITE"
            }?.frame
            let bye = call.messages.first { $0.message.method == "BYE" }?.frame
            #expect(call.pddMs == ringing.map { oracle.ms(invite, $0) })
            #expect(call.setupMs == answer.map { oracle.ms(invite, $0) })
            #expect(call.durationMs == (answer.flatMap { a in bye.map { oracle.ms(a, $0) } }))
            if expected.outcome == .answered {
                #expect(call.setupMs != nil && call.durationMs != nil)
            }
        }
    }

    /// The mix: 42 calls, six of each of the seven outcomes.
    @Test func mixOutcomes() throws {
        let report = try Analyzer().analyze(path: Fixtures.path("mix.pcap"))
        #expect(report.summary.calls == 42)
        #expect(report.summary.inviteCalls == 42)
        let outcomes = Dictionary(uniqueKeysWithValues: report.summary.outcomeCounts.map { ($0.0, $0.1) })
        #expect(outcomes == [.answered: 12, .failed: 24, .cancelled: 6])
        #expect(report.calls.filter(\.earlyMedia).count == 6)
        let failures = Dictionary(grouping: report.calls.filter { $0.outcome == .failed }, by: { $0.finalStatus ?? 0 })
            .mapValues(\.count)
        #expect(failures == [404: 6, 410: 6, 486: 6, 503: 6])
        // RFC 6076 over the mix: 12 answered of 42, no redirects.
        let m = report.summary.metrics
        #expect(m.ser == 12.0 / 42.0)
        #expect(m.seer == 18.0 / 42.0)  // 12 answered + 6 × 486
        #expect(m.isa == 6.0 / 42.0)  // 6 × 503
        #expect(m.pdd.count == 24)  // every call that rang or had early media
        #expect(m.setup.count == 12)
        #expect(m.duration.count == 12)
        #expect(m.srd.count == 42)
        #expect(m.sdd.count == 12)
        #expect(m.pdd.max == report.calls.compactMap(\.pddMs).max())
    }

    /// Summary mode streams calls out as they end and keeps none, with the same totals.
    @Test func streamingGivesTheSameSummary() throws {
        var streamed: [String] = []
        var analyzer = Analyzer()
        analyzer.retainCalls = false
        analyzer.linger = 2_000_000_000
        let report = try analyzer.analyze(path: Fixtures.path("mix.pcap")) { streamed.append($0.callID) }
        let full = try Analyzer().analyze(path: Fixtures.path("mix.pcap"))
        #expect(report.calls.isEmpty)
        #expect(report.summary == full.summary)
        #expect(Set(streamed) == Set(full.calls.map(\.callID)))
        #expect(streamed.count == 42)
    }
}
