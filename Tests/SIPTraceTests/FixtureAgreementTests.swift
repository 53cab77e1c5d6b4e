import Foundation
import SIPTrace
import TestSupport
import Testing

/// tshark's answer for a fixture, stored beside it by `Fixtures/make-oracle.py`.
struct TsharkOracle {
    var packets: Int
    var sipMessages: Int
    var requests: [String: Int]
    var responses: [String: Int]
    var callIds: Int
    /// Per Call-ID, in order of first appearance: its messages as "INVITE" or "200".
    var calls: [(callId: String, messages: [String])]

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        packets = try #require(json["packets"] as? Int)
        sipMessages = try #require(json["sipMessages"] as? Int)
        requests = try #require(json["requests"] as? [String: Int])
        responses = try #require(json["responses"] as? [String: Int])
        callIds = try #require(json["callIds"] as? Int)
        let list = try #require(json["calls"] as? [[String: Any]])
        calls = try list.map { entry in
            let id = try #require(entry["callId"] as? String)
            let raw: [Any] = try #require(entry["messages"] as? [Any])
            let messages: [String] = raw.map(Corpus.text)
            return (callId: id, messages: messages)
        }
    }
}

/// The captures in `Fixtures/`, each with its oracle.
let fixtureCaptures = Fixtures.files(in: Fixtures.path(""), suffixes: [".pcap", ".pcapng"])

@Suite struct FixtureAgreementTests {
    @Test func everyFixtureHasAnOracle() {
        #expect(fixtureCaptures.count >= 11)
        for name in fixtureCaptures {
            #expect(Fixtures.exists(Fixtures.path(name + ".tshark.json")), "no oracle for \(name)")
        }
    }

    /// Summary counts and each Call-ID's message sequence equal tshark's.
    @Test(arguments: fixtureCaptures)
    func agreesWithTshark(name: String) throws {
        let oracle = try TsharkOracle(path: Fixtures.path(name + ".tshark.json"))
        let report = try Analyzer().analyze(path: Fixtures.path(name))
        #expect(report.capture.packets == oracle.packets)
        #expect(report.capture.sipMessages == oracle.sipMessages)
        #expect(report.capture.truncation == nil)
        #expect(Dictionary(uniqueKeysWithValues: report.summary.requestCounts) == oracle.requests)
        #expect(
            Dictionary(uniqueKeysWithValues: report.summary.responseCounts.map { (String($0.0), $0.1) })
                == oracle.responses)
        #expect(report.calls.count == oracle.callIds)
        #expect(report.calls.map(\.callID) == oracle.calls.map(\.callId))
        for (call, expected) in zip(report.calls, oracle.calls) {
            let ours = call.messages.map { $0.message.method ?? String($0.message.status ?? 0) }
            #expect(ours == expected.messages, "Call-ID \(call.callID)")
        }
        #expect(report.malformed.isEmpty)
        // Every packet is accounted for: SIP frames plus skipped ones.
        let skipped = report.capture.skipped
        #expect(report.capture.packets - skipped > 0)
    }
}
