/// Turns a rule name and its value, as text, into a `Rule`. The rules file and
/// the flags both go through here, so `max_pdd: 3s` and `--max-pdd 3s` cannot
/// disagree on what they accept.
enum RuleParser {
    /// A rule's value: one scalar, or a list (`fail_on: [5xx, 408]`).
    enum Value {
        case scalar(String)
        case list([String])
    }

    enum Problem: Error, Equatable {
        case unknownName
        /// What was wrong with the value, and what would be right.
        case badValue(String)
    }

    /// The rule, nil when a switch rule is turned off (`no_malformed: false`).
    static func rule(named name: String, value: Value) throws(Problem) -> Rule? {
        switch name {
        case "every_call_answered": return try flag(value) ? .everyCallAnswered : nil
        case "no_incomplete": return try flag(value) ? .noIncomplete : nil
        case "no_unanswered_invite": return try flag(value) ? .noUnansweredInvite : nil
        case "no_unacked_200": return try flag(value) ? .noUnacked200 : nil
        case "no_malformed": return try flag(value) ? .noMalformed : nil
        case "max_failed": return .maxFailed(try limit(value))
        case "max_retransmissions": return .maxRetransmissions(try limit(value))
        case "fail_on": return .failOn(try statuses(value))
        default: break
        }
        if let metric = RatioRule.Metric.allCases.first(where: { $0.ruleName == name }) {
            guard case .scalar(let text) = value, let bound = RatioText.parse(text) else {
                throw .badValue("expects a ratio from 0 to 1, like 0.95 or 95%")
            }
            return .ratio(RatioRule(metric: metric, bound: bound))
        }
        if let (metric, statistic) = TimingRule.parseName(name) {
            guard case .scalar(let text) = value, let ms = DurationText.parse(text) else {
                throw .badValue("expects a duration with its unit, like 3s, 250ms or 1.5s")
            }
            return .timing(TimingRule(metric: metric, statistic: statistic, boundMs: ms))
        }
        if TimingRule.looksLikeTiming(name) {
            throw .badValue("unknown statistic; use max, median or pN (p95, p99.9)")
        }
        throw .unknownName
    }

    private static func flag(_ value: Value) throws(Problem) -> Bool {
        guard case .scalar(let text) = value else { throw .badValue("expects true or false") }
        switch text {
        case "true": return true
        case "false": return false
        default: throw .badValue("expects true or false, not '\(text)'")
        }
    }

    private static func limit(_ value: Value) throws(Problem) -> Limit {
        guard case .scalar(let text) = value, let limit = Limit.parse(text) else {
            throw .badValue("expects a count or a percentage, like 3 or 5%")
        }
        return limit
    }

    private static func statuses(_ value: Value) throws(Problem) -> [StatusPattern] {
        let items: [String]
        switch value {
        case .scalar(let text): items = text.split(separator: ",").map(String.init)
        case .list(let list): items = list
        }
        var patterns: [StatusPattern] = []
        for item in items {
            guard let p = StatusPattern.parse(item) else {
                throw .badValue("'\(item.trimmingSpaces)' is not a status code or class, like 408 or 5xx")
            }
            patterns.append(p)
        }
        if patterns.isEmpty { throw .badValue("expects status codes or classes, like [5xx, 6xx, 408]") }
        return patterns
    }
}
