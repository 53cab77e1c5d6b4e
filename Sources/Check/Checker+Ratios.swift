import Calls
import Report

/// The capture's session ratios (RFC 6076 §4.6–4.9, ASR) against their bounds.
extension Checker {
    func evaluate(_ rule: RatioRule, _ context: CheckContext) -> Verdict {
        let metrics = context.metrics
        let value: Double?
        switch rule.metric {
        case .ser: value = metrics.ser
        case .seer: value = metrics.seer
        case .scr: value = metrics.scr
        case .asr: value = metrics.asr
        case .isa: value = metrics.isa
        }
        let upper = rule.metric.isUpperBound
        let label = rule.metric.label
        let bound = RatioText.format(rule.bound)
        guard let value else {
            // Nothing to measure: a minimum is not shown to be reached, a maximum is not exceeded.
            let statement = "\(label) n/a (no INVITE call to measure), bound " + (upper ? "<= " : ">= ") + bound
            return Verdict(
                rule: rule.name, passed: upper, statement: statement, measured: nil, bound: rule.bound, unit: .ratio)
        }
        let passed = upper ? value <= rule.bound : value >= rule.bound
        let relation = upper ? (passed ? "<=" : ">") : (passed ? ">=" : "<")
        let offenders = passed ? [] : context.inviteCalls.filter { !counts(rule.metric, $0) }.map(endOffender)
        return Verdict(
            rule: rule.name, passed: passed, statement: "\(label) \(RatioText.format(value)) \(relation) \(bound)",
            measured: value, bound: rule.bound, unit: .ratio, offenders: offenders)
    }

    /// Whether a call is on the good side of the ratio: answered for SER and
    /// ASR, reached the user for SEER, completed for SCR, not ineffective for
    /// ISA. Redirected calls are out of SER's and SEER's denominator.
    private func counts(_ metric: RatioRule.Metric, _ call: Call) -> Bool {
        let redirected = call.finalStatus.map { (300..<400).contains($0) } ?? false
        switch metric {
        case .ser: return call.outcome == .answered || redirected
        case .seer: return CallMetrics.isEffective(call) || redirected
        case .scr: return CallMetrics.isCompleted(call)
        case .asr: return call.outcome == .answered
        case .isa: return !CallMetrics.isIneffective(call)
        }
    }
}
