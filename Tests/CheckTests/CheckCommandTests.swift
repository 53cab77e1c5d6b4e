import Foundation
import TestSupport
import Testing

/// `siptrace check` run as a process: exit codes, streams and key lines.
@Suite struct CheckCommandTests {
    let mix = Fixtures.path("mix.pcap")
    let example = TestCaptures.testFile("rules/example.yaml")

    /// A rules file in a fresh temporary folder.
    private func rulesFile(_ yaml: String) -> String {
        Fixtures.temporaryFile(Array(yaml.utf8), suffix: ".yaml")
    }

    @Test func passingRulesExitZero() throws {
        let r = try SiptraceBinary.run(["check", "--rules", example, mix])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout.hasPrefix("\(mix): 42 calls (42 INVITE), 228 SIP messages\n"))
        #expect(r.stdout.contains("  SER 0.286 >= 0.28                                       PASS\n"))
        #expect(r.stdout.hasSuffix("\(mix): PASS (18 rules)\n"))
    }

    @Test func failingFlagsExitOne() throws {
        let r = try SiptraceBinary.run([
            "check", "--every-call-answered", "--min-ser", "0.95", "--max-pdd", "3s", "--fail-on", "5xx,6xx,408", mix,
        ])
        #expect(r.status == 1)
        #expect(r.stderr == "")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("  every INVITE call answered: 12 of 42                    FAIL"))
        #expect(lines.contains("      3-mix-pcap@127.0.0.1  final 486 Busy Here  (frame 14)"))
        #expect(lines.contains("  SER 0.286 < 0.95                                        FAIL"))
        #expect(lines.contains("  PDD max 6.179ms <= 3s                                   PASS"))
        #expect(lines.contains("  final responses in 5xx, 6xx, 408: 6 calls               FAIL"))
        #expect(lines.contains("      5-mix-pcap@127.0.0.1  final 503 Service Unavailable  (frame 24)"))
        #expect(lines.contains("\(mix): FAIL (3 of 4 rules failed)"))
    }

    @Test func flagOverridesTheFileRule() throws {
        let r = try SiptraceBinary.run(["check", "--rules", example, "--min-ser", "0.95", mix])
        #expect(r.status == 1)
        #expect(r.stdout.contains("  SER 0.286 < 0.95 "))
        #expect(!r.stdout.contains("SER 0.286 >= 0.28"))
        #expect(r.stdout.hasSuffix("\(mix): FAIL (1 of 18 rules failed)\n"))
    }

    @Test func timingExpressionFlag() throws {
        let r = try SiptraceBinary.run(["check", "--timing", "pdd.p95<=5.8ms", mix])
        #expect(r.status == 1)
        #expect(r.stdout.contains("  PDD p95 5.896ms > 5.8ms "))
    }

    @Test func junitFileAndJSON() throws {
        let junit = NSTemporaryDirectory() + "siptrace-check-\(getpid())-junit.xml"
        defer { unlink(junit) }
        let r = try SiptraceBinary.run([
            "check", "--rules", example, "--min-ser", "0.95", "--junit", junit, "--format", "json", mix,
        ])
        #expect(r.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["passed"] as? Bool == false)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<testsuites name=\"siptrace check\" tests=\"18\" failures=\"1\" errors=\"0\" time=\""))
        #expect(xml.contains("<testcase name=\"min_ser\" classname=\"siptrace.check.mix_pcap\" time=\"0\">"))
        #expect(xml.contains("<failure message=\"SER 0.286 &lt; 0.95\" type=\"min_ser\">"))
        #expect(xml.contains("<testcase name=\"call to=gone\" classname=\"siptrace.check.mix_pcap\" time=\"0\"/>"))
        guard let result = try validateJUnit(xml) else { return }
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func directoryOfSeveralCaptures() throws {
        let dir = NSTemporaryDirectory() + "siptrace-check-dir-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["basic-call.pcap", "busy-486.pcap", "early-media.pcap"] {
            try FileManager.default.copyItem(atPath: Fixtures.path(name), toPath: dir + "/" + name)
        }
        try Data("not a capture".utf8).write(to: URL(fileURLWithPath: dir + "/notes.txt"))
        let r = try SiptraceBinary.run(["check", "--every-call-answered", dir])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\(dir)/basic-call.pcap: PASS (1 rule)\n"))
        #expect(r.stdout.contains("\(dir)/busy-486.pcap: FAIL (1 of 1 rule failed)\n"))
        #expect(r.stdout.contains("\(dir)/early-media.pcap: PASS (1 rule)\n"))
        #expect(r.stdout.hasSuffix("3 captures: 2 passed, 1 failed\n"))
        let order = ["basic-call", "busy-486", "early-media"].map {
            r.stdout.range(of: "\(dir)/\($0).pcap: ")!.lowerBound
        }
        #expect(order == order.sorted())
        let passing = try SiptraceBinary.run(["check", "--min-asr", "0", dir])
        #expect(passing.status == 0)
        #expect(passing.stdout.hasSuffix("3 captures: 3 passed, 0 failed\n"))
    }

    @Test func brokenYAMLExitsTwoNamingTheLine() throws {
        let rules = rulesFile("rules:\n  min_ser: 0.9\n  fail_on: [5xx\n  no_malformed: true\n")
        let r = try SiptraceBinary.run(["check", "--rules", rules, mix])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(
            r.stderr
                == "siptrace: \(rules):4: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 3)\n"
        )
    }

    @Test func unknownRuleExitsTwoListingTheKnownNames() throws {
        let rules = rulesFile("rules:\n  min_ser: 0.9\n  max_pddd: 3s\n")
        let r = try SiptraceBinary.run(["check", "--rules", rules, mix])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(
            r.stderr.hasPrefix(
                "siptrace: \(rules):3: unknown rule 'max_pddd' (known: every_call_answered, max_failed, fail_on,"))
        #expect(r.stderr.contains("max_pdd, max_setup, max_duration, pdd.<stat>,"))
    }

    @Test func missingCaptureExitsTwo() throws {
        let r = try SiptraceBinary.run(["check", "--every-call-answered", mix, "/nonexistent/run.pcap"])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == "siptrace: /nonexistent/run.pcap: cannot open: No such file or directory\n")
    }

    @Test(arguments: [
        (
            ["check", Fixtures.path("mix.pcap")],
            "siptrace: no rules: give --rules FILE or a rule flag such as --every-call-answered\n"
        ),
        (["check", "--min-ser", "0.9"], "siptrace: no capture: give one or more files, directories or patterns\n"),
        (
            ["check", "--max-pdd", "3", Fixtures.path("mix.pcap")],
            "siptrace: --max-pdd '3': expects a duration with its unit, like 3s, 250ms or 1.5s\n"
        ),
        (
            ["check", "--rules", "/nonexistent/rules.yaml", Fixtures.path("mix.pcap")],
            "siptrace: /nonexistent/rules.yaml: cannot read rules file: No such file or directory\n"
        ),
        (
            ["check", "--min-ser", "0.9", Fixtures.path("*.nothing")],
            "siptrace: no capture matches '\(Fixtures.path("*.nothing"))'\n"
        ),
    ])
    func usageErrorsExitTwo(arguments: [String], stderr: String) throws {
        let r = try SiptraceBinary.run(arguments)
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == stderr)
    }

    @Test func unknownFlagExitsTwo() throws {
        let r = try SiptraceBinary.run(["check", "--min-serr", "0.9", mix])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("siptrace: "))
    }

    @Test func globPatternQuotedByTheShell() throws {
        let r = try SiptraceBinary.run(["check", "--every-call-answered", Fixtures.path("b*-*.pcap")])
        #expect(r.status == 1)
        #expect(r.stdout.hasSuffix("2 captures: 1 passed, 1 failed\n"))
    }
}
