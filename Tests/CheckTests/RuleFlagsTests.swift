import Check
import Testing

@Suite struct RuleFlagsTests {
    @Test func everyFlagMapsToItsRule() throws {
        var f = RuleFlags()
        f.everyCallAnswered = true
        f.maxFailed = "3"
        f.failOn = "5xx,6xx,408"
        f.noIncomplete = true
        f.minSER = "0.95"
        f.minSEER = "90%"
        f.minSCR = "0.5"
        f.minASR = "0.9"
        f.maxISA = "0.05"
        f.maxPDD = "3s"
        f.maxSetup = "4s"
        f.maxDuration = "1.5s"
        f.timings = ["pdd.p95<=2s", " setup.median <= 500ms "]
        f.noUnansweredInvite = true
        f.noUnacked200 = true
        f.maxRetransmissions = "5%"
        f.noMalformed = true
        #expect(
            try f.rules().map(\.name) == [
                "every_call_answered", "max_failed", "fail_on", "no_incomplete", "min_ser", "min_seer", "min_scr",
                "min_asr", "max_isa", "max_pdd", "max_setup", "max_duration", "no_unanswered_invite", "no_unacked_200",
                "max_retransmissions", "no_malformed", "pdd.p95", "setup.p50",
            ])
        #expect(try f.rules()[2] == .failOn([.responseClass(5), .responseClass(6), .code(408)]))
        #expect(try f.rules()[17] == .timing(TimingRule(metric: .setup, statistic: .percentile(50), boundMs: 500)))
    }

    @Test func noFlagsNoRules() throws {
        #expect(try RuleFlags().rules() == [])
    }

    @Test(arguments: [
        ("max_pdd", "3", "--max-pdd '3': expects a duration with its unit, like 3s, 250ms or 1.5s"),
        ("min_ser", "2", "--min-ser '2': expects a ratio from 0 to 1, like 0.95 or 95%"),
        ("fail_on", "5xx,abc", "--fail-on '5xx,abc': 'abc' is not a status code or class, like 408 or 5xx"),
        ("max_retransmissions", "x", "--max-retransmissions 'x': expects a count or a percentage, like 3 or 5%"),
    ])
    func badValueNamesTheFlag(rule: String, value: String, message: String) {
        var f = RuleFlags()
        switch rule {
        case "max_pdd": f.maxPDD = value
        case "min_ser": f.minSER = value
        case "fail_on": f.failOn = value
        default: f.maxRetransmissions = value
        }
        #expect(throws: CheckError(message)) { try f.rules() }
    }

    @Test(arguments: [
        ("pdd.p95", "--timing 'pdd.p95': expects NAME<=DURATION, like 'pdd.p95<=2s' or 'setup.max<=4s'"),
        (
            "ring.p95<=2s",
            "--timing 'ring.p95<=2s': 'ring.p95' is not a timing (pdd, setup or duration, then .max, .median or .pN), like 'pdd.p95<=2s' or 'setup.max<=4s'"
        ),
        ("pdd.p95<=2", "--timing 'pdd.p95<=2': expects a duration with its unit, like 3s, 250ms or 1.5s"),
    ])
    func badTimingExpression(expression: String, message: String) {
        var f = RuleFlags()
        f.timings = [expression]
        #expect(throws: CheckError(message)) { try f.rules() }
    }

    @Test func flagsReplaceFileRulesOfTheSameName() {
        let file: [Rule] = [.ratio(RatioRule(metric: .ser, bound: 0.95)), .noMalformed]
        let flags: [Rule] = [.everyCallAnswered, .ratio(RatioRule(metric: .ser, bound: 0.5))]
        #expect(
            RuleFlags.combine(file: file, flags: flags) == [
                .ratio(RatioRule(metric: .ser, bound: 0.5)), .noMalformed, .everyCallAnswered,
            ])
    }
}
