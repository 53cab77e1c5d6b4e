import Check
import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Runs `xmllint --noout --schema junit.xsd` on `xml`; the status and what it said.
/// A missing xmllint is an Issue, not a skip: the shape check must run.
func validateJUnit(_ xml: String) throws -> (status: Int32, output: String)? {
    let xmllint = ["/usr/bin/xmllint", "/bin/xmllint", "/usr/local/bin/xmllint"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    guard let xmllint else {
        Issue.record("xmllint is missing: install Debian's libxml2-utils to validate the JUnit XML")
        return nil
    }
    let file = Fixtures.temporaryFile(Array(xml.utf8), suffix: ".xml")
    defer { unlink(file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: xmllint)
    process.arguments = ["--noout", "--schema", TestCaptures.testFile("junit.xsd"), file]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

@Suite struct JUnitReportTests {
    private let rules: [Rule] = [
        .ratio(RatioRule(metric: .ser, bound: 0.95)),
        .timing(TimingRule(metric: .pdd, statistic: .max, boundMs: 3000)),
        .expect(CallExpectation(selector: .toUser("gone"), finalStatus: .code(410))),
        .expect(CallExpectation(selector: .index(3), finalStatus: .code(410))),
    ]

    @Test func contentPerCaptureRuleAndCall() {
        var verdict = Checker(rules: rules).check(TestCaptures.mix)
        verdict.file = "captures/mix.pcap"
        verdict.seconds = 0.25
        let xml = JUnitReport(maxOffenders: 2).render([verdict])
        #expect(
            xml == """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="siptrace check" tests="4" failures="2" errors="0" time="0.25">
                  <testsuite name="captures/mix.pcap" tests="4" failures="2" errors="0" skipped="0" time="0.25">
                    <testcase name="min_ser" classname="siptrace.check.mix_pcap" time="0">
                      <failure message="SER 0.286 &lt; 0.95" type="min_ser">SER 0.286 &lt; 0.95
                3-mix-pcap@127.0.0.1  final 486 Busy Here  (frame 14)
                4-mix-pcap@127.0.0.1  final 410 Gone  (frame 20)
                … and 28 more</failure>
                    </testcase>
                    <testcase name="max_pdd" classname="siptrace.check.mix_pcap" time="0"/>
                    <testcase name="call to=gone" classname="siptrace.check.mix_pcap" time="0"/>
                    <testcase name="call #3" classname="siptrace.check.mix_pcap" time="0">
                      <failure message="call #3 (1 call): final 410; 1 differ" type="call #3">call #3 (1 call): final 410; 1 differ
                3-mix-pcap@127.0.0.1  final 486 Busy Here, expected final 410  (frame 14)</failure>
                    </testcase>
                    <system-out>42 calls (42 INVITE), 228 SIP messages</system-out>
                  </testsuite>
                </testsuites>

                """)
    }

    @Test func validatesAgainstTheSchema() throws {
        let checker = Checker(rules: rules + [.noMalformed, .failOn([.responseClass(4)])])
        let verdicts = [checker.check(TestCaptures.mix), checker.check(TestCaptures.troubled)]
        guard let result = try validateJUnit(JUnitReport().render(verdicts)) else { return }
        #expect(result.status == 0, "\(result.output)")
    }

    /// The schema bites: a suite without its counts is refused.
    @Test func schemaRefusesAMissingCount() throws {
        let xml = JUnitReport().render([Checker(rules: [.noMalformed]).check(TestCaptures.mix)])
            .replacingOccurrences(of: " tests=\"1\" failures=\"0\" errors=\"0\" skipped", with: " skipped")
        guard let result = try validateJUnit(xml) else { return }
        #expect(result.status == 3)
        #expect(result.output.contains("The attribute 'tests' is required but missing"))
    }

    /// Hostile Call-IDs and reasons stay text: the document still parses and
    /// carries them, markup escaped and forbidden characters replaced.
    @Test func hostilePacketTextIsEscaped() throws {
        let verdict = Checker(rules: [.failOn([.responseClass(4)]), .noMalformed]).check(TestCaptures.troubled)
        let xml = JUnitReport().render([verdict])
        #expect(!xml.contains("\u{1B}") && !xml.contains("\u{7}"))
        #expect(
            xml.contains("evil&lt;&amp;&gt;\"'\\x1B[31m@test  final 486 Busy &lt;b&gt;&amp;amp;\\x07]]&gt;  (frame 14)")
        )
        let document = try XMLDocument(data: Data(xml.utf8))
        let failures = try document.nodes(forXPath: "//failure")
        #expect(failures.count == 2)
        #expect(failures[0].stringValue?.contains("evil<&>\"'\\x1B[31m@test  final 486 Busy <b>&amp;\\x07]]>") == true)
    }

    /// A name from the rules file with every character XML dislikes.
    @Test func attributesAreEscaped() throws {
        let verdict = Checker(rules: [
            .expect(CallExpectation(selector: .toPattern("<\"&'>\u{0}\n"), outcome: .answered))
        ])
        .check(TestCaptures.mix)
        let xml = JUnitReport().render([verdict])
        #expect(xml.contains("name=\"call to~&lt;&quot;&amp;&apos;&gt;\u{FFFD}&#10;\""))
        guard let result = try validateJUnit(xml) else { return }
        #expect(result.status == 0, "\(result.output)")
    }
}
