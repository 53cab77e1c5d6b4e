import Check
import SIPTrace
import TestSupport
import Testing

/// The ratios on mix.pcap, from its facts: 42 INVITE calls, no 3xx, 12
/// answered and ended by an answered BYE, 6 busy (486), 6 with 503.
@Suite struct CheckerRatiosTests {
    private func ratio(
        _ metric: RatioRule.Metric, _ bound: Double, _ report: AnalysisReport = TestCaptures.mix
    ) -> Verdict {
        TestCaptures.verdict(.ratio(RatioRule(metric: metric, bound: bound)), report)
    }

    @Test func serBelowItsBound() {
        let v = ratio(.ser, 0.95)
        #expect(!v.passed)
        #expect(v.rule == "min_ser")
        #expect(v.statement == "SER 0.286 < 0.95")
        #expect(v.measured == 12.0 / 42 && v.bound == 0.95 && v.unit == .ratio)
        #expect(v.offenders.count == 30)
        #expect(v.offenders[0].callID == "3-mix-pcap@127.0.0.1")
        #expect(ratio(.ser, 0.28).passed)
        #expect(ratio(.ser, 0.28).statement == "SER 0.286 >= 0.28")
        #expect(ratio(.ser, 0.28).offenders == [])
    }

    /// SEER counts 200 and 486 (the user was reached): 18 of 42.
    @Test func seer() {
        let v = ratio(.seer, 0.43)
        #expect(!v.passed)
        #expect(v.statement == "SEER 0.429 < 0.43")
        #expect(v.measured == 18.0 / 42)
        #expect(v.offenders.count == 24)
        #expect(!v.offenders.contains { $0.detail == "final 486 Busy Here" })
        #expect(ratio(.seer, 0.42).passed)
    }

    /// ISA counts the 503s: 6 of 42.
    @Test func isa() {
        let v = ratio(.isa, 0.1)
        #expect(!v.passed)
        #expect(v.rule == "max_isa")
        #expect(v.statement == "ISA 0.143 > 0.1")
        #expect(v.measured == 6.0 / 42)
        #expect(v.offenders.map(\.frames) == [[24], [50], [75], [142], [171], [195]])
        let pass = ratio(.isa, 0.15)
        #expect(pass.passed)
        #expect(pass.statement == "ISA 0.143 <= 0.15")
    }

    @Test func scr() {
        let v = ratio(.scr, 0.3)
        #expect(!v.passed)
        #expect(v.statement == "SCR 0.286 < 0.3")
        #expect(v.measured == 12.0 / 42)
        #expect(ratio(.scr, 0.2).passed)
    }

    @Test func asr() {
        #expect(ratio(.asr, 0.2).passed)
        #expect(ratio(.asr, 0.2).statement == "ASR 0.286 >= 0.2")
        #expect(!ratio(.asr, 0.5).passed)
    }

    /// Nothing to measure: a minimum fails, a maximum holds.
    @Test func noInviteCall() {
        let register = TestCaptures.analyze(Fixtures.path("register-401.pcap"))
        let ser = ratio(.ser, 0.5, register)
        #expect(!ser.passed)
        #expect(ser.statement == "SER n/a (no INVITE call to measure), bound >= 0.5")
        #expect(ser.measured == nil)
        let isa = ratio(.isa, 0.5, register)
        #expect(isa.passed)
        #expect(isa.statement == "ISA n/a (no INVITE call to measure), bound <= 0.5")
    }
}
