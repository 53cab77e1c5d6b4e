import Calls
import Report

/// Rules on how calls ended: answered, failed, which final responses, left incomplete.
extension Checker {
    /// Every INVITE call answered; fails on a capture without any INVITE call.
    func everyCallAnswered(_ context: CheckContext) -> Verdict {
        let calls = context.inviteCalls
        let missed = calls.filter { $0.outcome != .answered }
        let statement =
            calls.isEmpty
            ? "every INVITE call answered: no INVITE call in the capture"
            : "every INVITE call answered: \(calls.count - missed.count) of \(calls.count)"
        return Verdict(
            rule: Rule.everyCallAnswered.name, passed: !calls.isEmpty && missed.isEmpty, statement: statement,
            measured: Double(missed.count), bound: 0, unit: .count, offenders: missed.map(endOffender))
    }

    /// At most a count or a share of calls failed (every Call-ID counts: a
    /// failed REGISTER is a failure too).
    func maxFailed(_ limit: Limit, _ context: CheckContext) -> Verdict {
        let calls = context.report.calls
        let failed = calls.filter { $0.outcome == .failed }
        let passed = limit.allows(failed.count, of: calls.count)
        return Verdict(
            rule: Rule.maxFailed(limit).name, passed: passed,
            statement: "failed calls " + Checker.share(failed.count, of: calls.count, limit, passed: passed),
            measured: Checker.measured(failed.count, of: calls.count, limit), bound: Checker.bound(limit),
            unit: Checker.unit(limit), offenders: passed ? [] : failed.map(endOffender))
    }

    /// No call's final response is in the list of codes and classes.
    func failOn(_ patterns: [StatusPattern], _ context: CheckContext) -> Verdict {
        let hits = context.report.calls.filter { call in
            guard let status = call.finalStatus else { return false }
            return patterns.contains { $0.matches(status) }
        }
        let list = patterns.map(\.description).joined(separator: ", ")
        return noneAllowed(
            Rule.failOn(patterns).name, "final responses in \(list)", hits.map(endOffender),
            unit: hits.count == 1 ? " call" : " calls")
    }

    /// No call was left without a final response (a cancelled call with no 487
    /// is the caller's doing and is not incomplete).
    func noIncomplete(_ context: CheckContext) -> Verdict {
        let open = context.report.calls.filter { $0.outcome == .incomplete }
        return noneAllowed(Rule.noIncomplete.name, "incomplete calls", open.map(endOffender))
    }

    /// A call and how it ended, with the frame of its final response (or of
    /// its last message when there is none).
    func endOffender(_ call: Call) -> Offender {
        Offender(callID: call.callID, frames: [call.finalFrame ?? call.messages.last?.frame ?? 0], detail: call.ending)
    }

    /// `24 of 42 (57.143%) > 10%`, or `6 > 3` for a count limit.
    static func share(_ n: Int, of total: Int, _ limit: Limit, passed: Bool) -> String {
        switch limit {
        case .count:
            return "\(n) " + (passed ? "<=" : ">") + " \(limit)"
        case .percent:
            let p = formatDecimal(Limit.percent(n, of: total), fractionDigits: 3)
            return "\(n) of \(total) (\(p)%) " + (passed ? "<=" : ">") + " \(limit)"
        }
    }

    static func measured(_ n: Int, of total: Int, _ limit: Limit) -> Double {
        if case .percent = limit { return Limit.percent(n, of: total) }
        return Double(n)
    }

    static func bound(_ limit: Limit) -> Double {
        switch limit {
        case .count(let n): return Double(n)
        case .percent(let p): return p
        }
    }

    static func unit(_ limit: Limit) -> Verdict.Unit {
        if case .percent = limit { return .percent }
        return .count
    }
}
