import Check
import Foundation
import TestSupport
import Testing

/// The rules file shown in the docs is `rules/example.yaml`, word for word,
/// and it holds on the capture the docs say it holds on; the text report shown
/// is what the binary prints.
@Suite struct DocsExampleTests {
    static let example = TestCaptures.testFile("rules/example.yaml")

    /// docs/check.md until it is merged into the README, then the README.
    static func docs() throws -> String {
        let separate = Fixtures.packageRoot + "/docs/check.md"
        let path = Fixtures.exists(separate) ? separate : Fixtures.packageRoot + "/README.md"
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func docsShowTheTestedFile() throws {
        let docs = try Self.docs()
        let file = try String(contentsOfFile: Self.example, encoding: .utf8)
        let start = try #require(docs.range(of: "```yaml\n# rules.yaml"))
        let body = docs[docs.index(start.lowerBound, offsetBy: "```yaml\n".count)...]
        let end = try #require(body.range(of: "```\n"))
        #expect(String(body[..<end.lowerBound]) == file)
    }

    @Test func exampleHoldsOnMix() throws {
        let rules = try RulesFile.load(path: Self.example)
        #expect(rules.count == 18)
        let verdict = Checker(rules: rules).check(TestCaptures.mix)
        #expect(verdict.passed)
        #expect(
            verdict.verdicts.map(\.statement) == [
                "SER 0.286 >= 0.28",
                "SEER 0.429 >= 0.42",
                "ISA 0.143 <= 0.15",
                "failed calls 24 of 42 (57.143%) <= 60%",
                "final responses in 6xx, 408: none",
                "incomplete calls: none",
                "PDD max 6.179ms <= 100ms",
                "PDD p95 5.896ms <= 50ms",
                "setup max 116.377ms <= 1s",
                "INVITEs without any response: none",
                "2xx to INVITE resent before any ACK: none",
                "retransmissions 0 of 228 (0%) <= 1%",
                "malformed SIP messages: none",
                "call to=gone (6 calls): final 410",
                "call to=early (6 calls): early media, responses [100, 183, 200]",
                "call to~^(busy|unavail)$ (12 calls): outcome failed",
                "call 6-mix-pcap@127.0.0.1 (1 call): outcome cancelled",
                "call #1 (1 call): outcome answered",
            ])
    }

    /// The same rules on a single answered call: the ratios hold, the
    /// expectations about calls that are not there fail.
    @Test func exampleFailsOnBasicCall() throws {
        let verdict = Checker(rules: try RulesFile.load(path: Self.example)).check(
            TestCaptures.analyze(Fixtures.path("basic-call.pcap")))
        #expect(!verdict.passed)
        #expect(
            verdict.verdicts.filter { !$0.passed }.map(\.rule) == [
                "call to=gone", "call to=early", "call to~^(busy|unavail)$", "call 6-mix-pcap@127.0.0.1",
            ])
    }

    @Test func docsShowTheRealTextReport() throws {
        let docs = try Self.docs()
        let start = try #require(docs.range(of: "```text\nFixtures/mix.pcap: "))
        let body = docs[docs.index(start.lowerBound, offsetBy: "```text\n".count)...]
        let end = try #require(body.range(of: "```\n"))
        let r = try SiptraceBinary.run([
            "check", "--min-ser", "0.95", "--max-pdd", "3s", "--fail-on", "5xx", Fixtures.path("mix.pcap"),
        ])
        #expect(r.status == 1)
        #expect(
            r.stdout.replacingOccurrences(of: Fixtures.path("mix.pcap"), with: "Fixtures/mix.pcap")
                == String(body[..<end.lowerBound]))
    }
}
