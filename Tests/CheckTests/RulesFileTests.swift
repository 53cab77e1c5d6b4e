import Check
import Testing

/// Parses `yaml` as `rules.yaml`, expecting an error; returns its message.
private func failure(_ yaml: String) -> String {
    do {
        let rules = try RulesFile.parse(yaml, file: "rules.yaml")
        Issue.record("parsed, expected an error: \(rules)")
        return ""
    } catch {
        return error.message
    }
}

@Suite struct RulesFileTests {
    @Test func everyRuleKind() throws {
        let yaml = """
            rules:
              every_call_answered: true
              max_failed: 10%
              fail_on: [5xx, 6xx, 408]
              no_incomplete: true
              min_ser: 0.95
              min_seer: 90%
              min_scr: 0.5
              min_asr: 0.9
              max_isa: 0.05
              max_pdd: 3s
              max_setup: 250ms
              max_duration: 1.5s
              pdd.p95: 2s
              setup.median: 1s
              no_unanswered_invite: true
              no_unacked_200: true
              max_retransmissions: 2
              no_malformed: true
            calls:
              - call_id: 1-mix-pcap@127.0.0.1
                outcome: answered
              - to: gone
                final: 410
              - from_regex: "^call"
                early_media: false
              - to_regex: ^ear
                responses: [100, 183, 200]
              - index: 3
                final: 4xx
              - from: caller
                outcome: failed
            """
        let rules = try RulesFile.parse(yaml, file: "rules.yaml")
        #expect(
            rules == [
                .everyCallAnswered, .maxFailed(.percent(10)),
                .failOn([.responseClass(5), .responseClass(6), .code(408)]),
                .noIncomplete, .ratio(RatioRule(metric: .ser, bound: 0.95)),
                .ratio(RatioRule(metric: .seer, bound: 0.9)),
                .ratio(RatioRule(metric: .scr, bound: 0.5)), .ratio(RatioRule(metric: .asr, bound: 0.9)),
                .ratio(RatioRule(metric: .isa, bound: 0.05)),
                .timing(TimingRule(metric: .pdd, statistic: .max, boundMs: 3000)),
                .timing(TimingRule(metric: .setup, statistic: .max, boundMs: 250)),
                .timing(TimingRule(metric: .duration, statistic: .max, boundMs: 1500)),
                .timing(TimingRule(metric: .pdd, statistic: .percentile(95), boundMs: 2000)),
                .timing(TimingRule(metric: .setup, statistic: .percentile(50), boundMs: 1000)),
                .noUnansweredInvite, .noUnacked200, .maxRetransmissions(.count(2)), .noMalformed,
                .expect(CallExpectation(selector: .callID("1-mix-pcap@127.0.0.1"), outcome: .answered)),
                .expect(CallExpectation(selector: .toUser("gone"), finalStatus: .code(410))),
                .expect(CallExpectation(selector: .fromPattern("^call"), earlyMedia: false)),
                .expect(CallExpectation(selector: .toPattern("^ear"), responses: [100, 183, 200])),
                .expect(CallExpectation(selector: .index(3), finalStatus: .responseClass(4))),
                .expect(CallExpectation(selector: .fromUser("caller"), outcome: .failed)),
            ])
        #expect(rules.map(\.name).prefix(14).last == "setup.p50")
    }

    @Test func switchesSetToFalseAreOff() throws {
        let rules = try RulesFile.parse("rules:\n  no_malformed: false\n  min_ser: 0.5\n", file: "r")
        #expect(rules == [.ratio(RatioRule(metric: .ser, bound: 0.5))])
    }

    @Test func emptyFileAndEmptySectionsHaveNoRules() throws {
        #expect(try RulesFile.parse("", file: "r") == [])
        #expect(try RulesFile.parse("# nothing yet\n", file: "r") == [])
        #expect(try RulesFile.parse("rules:\ncalls:\n", file: "r") == [])
    }

    @Test func unknownRuleNamesItsLineAndTheKnownNames() {
        let message = failure("rules:\n  min_ser: 0.9\n\n  # typo below\n  no_malformed: true\n\n  max_pddd: 3s\n")
        #expect(
            message
                == "rules.yaml:7: unknown rule 'max_pddd' (known: every_call_answered, max_failed, fail_on, no_incomplete, min_ser, min_seer, min_scr, min_asr, max_isa, max_pdd, max_setup, max_duration, pdd.<stat>, setup.<stat>, duration.<stat>, no_unanswered_invite, no_unacked_200, max_retransmissions, no_malformed)"
        )
    }

    @Test func brokenYAMLNamesTheLine() {
        #expect(
            failure("rules:\n  min_ser: 0.9\n max_pdd: 3s\n")
                == "rules.yaml:3: invalid YAML: did not find expected key (while parsing a block mapping at line 1)")
        #expect(
            failure("rules:\n  fail_on: [5xx, 6xx\n  min_ser: 0.9\n")
                == "rules.yaml:3: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 2)"
        )
        #expect(failure("rules:\n  min_ser: 0.9\n\tmax_pdd: 3s\n").hasPrefix("rules.yaml:3: invalid YAML: "))
    }

    @Test(arguments: [
        ("rules:\n  max_pdd: 3\n", "rules.yaml:2: max_pdd: expects a duration with its unit, like 3s, 250ms or 1.5s"),
        ("rules:\n  min_ser: 1.2\n", "rules.yaml:2: min_ser: expects a ratio from 0 to 1, like 0.95 or 95%"),
        ("rules:\n  max_failed: lots\n", "rules.yaml:2: max_failed: expects a count or a percentage, like 3 or 5%"),
        (
            "rules:\n  fail_on: [5xx, 7xx]\n",
            "rules.yaml:2: fail_on: '7xx' is not a status code or class, like 408 or 5xx"
        ),
        ("rules:\n  no_malformed: yes\n", "rules.yaml:2: no_malformed: expects true or false, not 'yes'"),
        ("rules:\n  pdd.avg: 3s\n", "rules.yaml:2: pdd.avg: unknown statistic; use max, median or pN (p95, p99.9)"),
        ("rules:\n  min_ser: 0.9\n  min_ser: 0.8\n", "rules.yaml:3: rule 'min_ser' given twice"),
        ("rules:\n  max_pdd: 3s\n  pdd.max: 2s\n", "rules.yaml:3: rule 'pdd.max' given twice"),
        ("rules:\n  min_ser:\n    at_least: 0.9\n", "rules.yaml:3: min_ser: expects a value, not a mapping"),
        ("rules: [min_ser]\n", "rules.yaml:1: 'rules' must be a mapping of rule names to values, like 'min_ser: 0.95'"),
        ("- min_ser: 0.9\n", "rules.yaml:1: expected a mapping with 'rules' and 'calls' at the top"),
        ("rule:\n  min_ser: 0.9\n", "rules.yaml:1: unknown section 'rule' (known: rules, calls)"),
    ])
    func badValuesNameLineAndField(yaml: String, message: String) {
        #expect(failure(yaml) == message)
    }

    @Test(arguments: [
        (
            "calls:\n  to: gone\n",
            "rules.yaml:2: 'calls' must be a list of expectations, like '- to: gone' then 'final: 410'"
        ),
        (
            "calls:\n  - gone\n",
            "rules.yaml:2: a call expectation must be a mapping, like '- to: gone' then 'final: 410'"
        ),
        (
            "calls:\n  - to: gone\n    finall: 410\n",
            "rules.yaml:3: unknown call field 'finall' (known: call_id, from, to, from_regex, to_regex, index, outcome, final, early_media, responses)"
        ),
        (
            "calls:\n  - final: 410\n",
            "rules.yaml:2: a call expectation needs exactly one of call_id, from, to, from_regex, to_regex, index; found 0"
        ),
        (
            "calls:\n  - to: gone\n    from: caller\n    final: 410\n",
            "rules.yaml:2: a call expectation needs exactly one of call_id, from, to, from_regex, to_regex, index; found 2"
        ),
        (
            "calls:\n  - to: gone\n",
            "rules.yaml:2: call to=gone expects nothing; give outcome, final, early_media, responses"
        ),
        (
            "calls:\n  - to: gone\n    final: 41\n",
            "rules.yaml:3: final: expects a status code or class, like 410 or 4xx"
        ),
        (
            "calls:\n  - to: gone\n    outcome: rejected\n",
            "rules.yaml:3: outcome: expects one of answered, failed, cancelled, completed, incomplete"
        ),
        ("calls:\n  - index: 0\n    final: 410\n", "rules.yaml:2: index: expects a call number from 1"),
        ("calls:\n  - to: gone\n    early_media: 1\n", "rules.yaml:3: early_media: expects true or false"),
        (
            "calls:\n  - to: gone\n    responses: 410\n",
            "rules.yaml:3: responses: expects a list of status codes, like [100, 183, 200]"
        ),
        ("calls:\n  - to: gone\n    responses: [100, 41]\n", "rules.yaml:3: responses: '41' is not a status code"),
    ])
    func badCallsNameLineAndField(yaml: String, message: String) {
        #expect(failure(yaml) == message)
    }

    @Test func badRegularExpressionIsNamed() {
        #expect(
            failure("calls:\n  - to_regex: \"(gone\"\n    final: 410\n").hasPrefix(
                "rules.yaml:2: to_regex: bad regular expression: "))
    }

    @Test func missingFileIsNamed() {
        #expect(throws: CheckError("/nonexistent/rules.yaml: cannot read rules file: No such file or directory")) {
            try RulesFile.load(path: "/nonexistent/rules.yaml")
        }
    }
}
