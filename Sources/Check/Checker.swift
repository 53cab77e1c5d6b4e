import Calls
import Report

/// Evaluates rules on one capture's analysis and returns a verdict per rule.
///
/// The checker reads only the `AnalysisReport` (its calls, totals and
/// malformed messages), so the same rules give the same verdicts on the same
/// capture anywhere: time is the capture's, never the clock's.
///
/// Rules that claim something happened (a ratio at least X, every call
/// answered) fail on a capture where nothing could be measured: an empty
/// capture must not pass a gate. Rules that bound something from above (a
/// delay, a failure ratio) hold when there is nothing to measure.
public struct Checker: Sendable {
    public var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    public func check(_ report: AnalysisReport) -> CaptureVerdict {
        let context = CheckContext(report)
        let verdicts = rules.map { evaluate($0, context) }
        return CaptureVerdict(
            file: report.capture.file, calls: report.calls.count, inviteCalls: context.inviteCalls.count,
            sipMessages: report.capture.sipMessages, truncation: report.capture.truncation, verdicts: verdicts)
    }

    func evaluate(_ rule: Rule, _ context: CheckContext) -> Verdict {
        switch rule {
        case .everyCallAnswered: return everyCallAnswered(context)
        case .maxFailed(let limit): return maxFailed(limit, context)
        case .failOn(let patterns): return failOn(patterns, context)
        case .noIncomplete: return noIncomplete(context)
        case .ratio(let ratio): return evaluate(ratio, context)
        case .timing(let timing): return evaluate(timing, context)
        case .noUnansweredInvite: return noUnansweredInvite(context)
        case .noUnacked200: return noUnacked200(context)
        case .maxRetransmissions(let limit): return maxRetransmissions(limit, context)
        case .noMalformed: return noMalformed(context)
        case .expect(let expectation): return evaluate(expectation, context)
        }
    }
}

/// What every rule reads, computed once per capture.
struct CheckContext {
    let report: AnalysisReport
    let inviteCalls: [Call]
    let metrics: CallMetrics

    init(_ report: AnalysisReport) {
        self.report = report
        inviteCalls = report.calls.filter(\.isInvite)
        var metrics = CallMetrics()
        for call in report.calls { metrics.add(call) }
        self.metrics = metrics
    }
}

/// A verdict for "none of these may happen": passes when `offenders` is empty.
func noneAllowed(_ rule: String, _ what: String, _ offenders: [Offender], unit: String = "") -> Verdict {
    let count = offenders.count
    let statement = "\(what): " + (count == 0 ? "none" : "\(count)\(unit)")
    return Verdict(
        rule: rule, passed: count == 0, statement: statement, measured: Double(count), bound: 0, unit: .count,
        offenders: offenders)
}
