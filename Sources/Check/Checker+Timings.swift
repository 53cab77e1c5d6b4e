import Calls

/// Post-dial delay, setup time and duration against their bounds.
extension Checker {
    func evaluate(_ rule: TimingRule, _ context: CheckContext) -> Verdict {
        let distribution: CallMetrics.Distribution
        switch rule.metric {
        case .pdd: distribution = context.metrics.pdd
        case .setup: distribution = context.metrics.setup
        case .duration: distribution = context.metrics.duration
        }
        let value: Double?
        switch rule.statistic {
        case .max: value = distribution.max
        case .percentile(let p): value = distribution.percentile(p)
        }
        let label = rule.metric.label + " " + rule.statistic.label
        let bound = DurationText.format(rule.boundMs)
        guard let value else {
            return Verdict(
                rule: rule.name, passed: true,
                statement: "\(label) n/a (no call has a \(rule.metric.label)), bound <= \(bound)",
                measured: nil, bound: rule.boundMs, unit: .milliseconds)
        }
        let passed = value <= rule.boundMs
        // The calls over the bound are the ones that pushed the statistic over it.
        let slow =
            passed
            ? []
            : context.inviteCalls.compactMap { call -> Offender? in
                guard let ms = figure(rule.metric, call), ms > rule.boundMs else { return nil }
                return Offender(
                    callID: call.callID, frames: call.frames(of: rule.metric),
                    detail: "\(rule.metric.label) \(DurationText.format(ms))")
            }
        return Verdict(
            rule: rule.name, passed: passed,
            statement: "\(label) \(DurationText.format(value)) " + (passed ? "<=" : ">") + " \(bound)",
            measured: value, bound: rule.boundMs, unit: .milliseconds, offenders: slow)
    }

    private func figure(_ metric: TimingRule.Metric, _ call: Call) -> Double? {
        switch metric {
        case .pdd: return call.pddMs
        case .setup: return call.setupMs
        case .duration: return call.durationMs
        }
    }
}
