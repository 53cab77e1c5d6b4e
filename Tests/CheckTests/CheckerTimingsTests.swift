import Check
import SIPTrace
import TestSupport
import Testing

/// Timings on mix.pcap. The expected figures come from tshark's frame times in
/// `Fixtures/mix.pcap.tshark.json`: 24 calls ring (PDD 5.522 to 6.179 ms, call
/// 13 the slowest), 12 are answered (setup 110.655 to 116.377 ms) and hung up
/// (duration 3.294 ms to 1502.934 ms, call 40 the longest).
@Suite struct CheckerTimingsTests {
    private func timing(_ metric: TimingRule.Metric, _ statistic: TimingRule.Statistic, _ ms: Double) -> Verdict {
        TestCaptures.verdict(.timing(TimingRule(metric: metric, statistic: statistic, boundMs: ms)), TestCaptures.mix)
    }

    @Test func maxPDD() {
        let pass = timing(.pdd, .max, 3000)
        #expect(pass.passed)
        #expect(pass.rule == "max_pdd")
        #expect(pass.statement == "PDD max 6.179ms <= 3s")
        #expect(pass.measured == 6.179 && pass.bound == 3000 && pass.unit == .milliseconds)
        let fail = timing(.pdd, .max, 6)
        #expect(!fail.passed)
        #expect(fail.statement == "PDD max 6.179ms > 6ms")
        #expect(fail.offenders == [Offender(callID: "13-mix-pcap@127.0.0.1", frames: [63, 65], detail: "PDD 6.179ms")])
    }

    @Test func pddPercentile() {
        let pass = timing(.pdd, .percentile(95), 2000)
        #expect(pass.passed)
        #expect(pass.rule == "pdd.p95")
        #expect(pass.statement == "PDD p95 5.896ms <= 2s")
        #expect(pass.measured == 5.896)
        let fail = timing(.pdd, .percentile(95), 5.8)
        #expect(!fail.passed)
        #expect(fail.statement == "PDD p95 5.896ms > 5.8ms")
        #expect(!fail.offenders.isEmpty)
        #expect(fail.offenders.allSatisfy { $0.frames.count == 2 })
    }

    @Test func setup() {
        let max = timing(.setup, .max, 1000)
        #expect(max.passed)
        #expect(max.statement == "setup max 116.377ms <= 1s")
        let median = timing(.setup, .percentile(50), 100)
        #expect(!median.passed)
        #expect(median.statement == "setup p50 111.124ms > 100ms")
        #expect(median.offenders.count == 12)
    }

    @Test func duration() {
        let fail = timing(.duration, .max, 1500)
        #expect(!fail.passed)
        #expect(fail.statement == "duration max 1.503s > 1.5s")
        #expect(
            fail.offenders == [
                Offender(callID: "40-mix-pcap@127.0.0.1", frames: [216, 227], detail: "duration 1.503s")
            ])
        #expect(timing(.duration, .percentile(50), 105).passed)
        #expect(timing(.duration, .percentile(50), 105).measured == 104.92)
    }

    /// A rejected call has no PDD: there is nothing over the bound.
    @Test func noSampleHolds() {
        let gone = TestCaptures.analyze(Fixtures.path("gone-410.pcap"))
        let v = TestCaptures.verdict(.timing(TimingRule(metric: .pdd, statistic: .max, boundMs: 3000)), gone)
        #expect(v.passed)
        #expect(v.statement == "PDD max n/a (no call has a PDD), bound <= 3s")
        #expect(v.measured == nil)
    }
}
