import Check
import TestSupport
import Testing

@Suite struct CheckTextReportTests {
    private let rules: [Rule] = [
        .ratio(RatioRule(metric: .ser, bound: 0.95)), .timing(TimingRule(metric: .pdd, statistic: .max, boundMs: 3000)),
    ]

    @Test func failingCaptureListsOffendersAndItsVerdict() {
        let verdict = Checker(rules: rules).check(TestCaptures.mix)
        let text = CheckTextReport(maxOffenders: 2).render([verdict])
        #expect(
            text == """
                \(TestCaptures.mixPath): 42 calls (42 INVITE), 228 SIP messages
                  SER 0.286 < 0.95                                        FAIL
                      3-mix-pcap@127.0.0.1  final 486 Busy Here  (frame 14)
                      4-mix-pcap@127.0.0.1  final 410 Gone  (frame 20)
                      … and 28 more
                  PDD max 6.179ms <= 3s                                   PASS
                \(TestCaptures.mixPath): FAIL (1 of 2 rules failed)

                """)
    }

    @Test func severalCapturesGetATotal() {
        let checker = Checker(rules: [.everyCallAnswered])
        let verdicts = [
            checker.check(TestCaptures.analyze(Fixtures.path("basic-call.pcap"))),
            checker.check(TestCaptures.analyze(Fixtures.path("busy-486.pcap"))),
        ]
        let text = CheckTextReport().render(verdicts)
        #expect(text.contains("\(Fixtures.path("basic-call.pcap")): 1 call (1 INVITE), 7 SIP messages\n"))
        #expect(text.contains("\(Fixtures.path("basic-call.pcap")): PASS (1 rule)\n"))
        #expect(text.contains("      1-busy-486-pcap@127.0.0.1  final 486 Busy Here  (frame 4)\n"))
        #expect(
            text.hasSuffix(
                "\(Fixtures.path("busy-486.pcap")): FAIL (1 of 1 rule failed)\n2 captures: 1 passed, 1 failed\n"))
    }

    /// Packet text reaches the terminal escaped.
    @Test func escapesPacketText() {
        let verdict = Checker(rules: [.failOn([.responseClass(4)])]).check(TestCaptures.troubled)
        let text = CheckTextReport().render([verdict])
        #expect(!text.contains("\u{1B}") && !text.contains("\u{7}"))
        #expect(text.contains("      evil<&>\"'\\x1B[31m@test  final 486 Busy <b>&amp;\\x07]]>  (frame 14)\n"))
    }
}
