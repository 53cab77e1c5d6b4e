import Check
import Testing

@Suite struct TimingRuleTests {
    @Test func parsesNames() throws {
        let max = try #require(TimingRule.parseName("max_pdd"))
        #expect(max.0 == .pdd && max.1 == .max)
        let dotted = try #require(TimingRule.parseName("pdd.max"))
        #expect(dotted.0 == .pdd && dotted.1 == .max)
        let p95 = try #require(TimingRule.parseName("setup.p95"))
        #expect(p95.0 == .setup && p95.1 == .percentile(95))
        let median = try #require(TimingRule.parseName("duration.median"))
        #expect(median.0 == .duration && median.1 == .percentile(50))
        let fine = try #require(TimingRule.parseName("pdd.p99.9"))
        #expect(fine.1 == .percentile(99.9))
        let hundred = try #require(TimingRule.parseName("pdd.p100"))
        #expect(hundred.1 == .max)
    }

    @Test(arguments: ["max_ring", "pdd.p0", "pdd.p101", "pdd.avg", "pdd", "ring.p95", "pdd.", "min_pdd"])
    func refusesNames(name: String) {
        #expect(TimingRule.parseName(name) == nil)
    }

    @Test func namesFollowTheFlags() {
        #expect(TimingRule(metric: .pdd, statistic: .max, boundMs: 1).name == "max_pdd")
        #expect(TimingRule(metric: .setup, statistic: .percentile(95), boundMs: 1).name == "setup.p95")
        #expect(TimingRule(metric: .pdd, statistic: .percentile(99.9), boundMs: 1).name == "pdd.p99.9")
    }
}
