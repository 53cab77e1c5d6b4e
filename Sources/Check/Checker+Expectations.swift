import Calls

/// Per-call expectations: the calls a selector picks, each against what is expected.
extension Checker {
    func evaluate(_ expectation: CallExpectation, _ context: CheckContext) -> Verdict {
        let picked = select(expectation.selector, context.report.calls)
        let name = expectation.name
        guard !picked.isEmpty else {
            return Verdict(
                rule: name, passed: false, statement: "\(name): no call matches (expected \(expectation.summary))",
                measured: 0, bound: 0, unit: .count)
        }
        var offenders: [Offender] = []
        for call in picked {
            let (differences, frames) = compare(call, expectation)
            if differences.isEmpty { continue }
            offenders.append(
                Offender(callID: call.callID, frames: frames, detail: differences.joined(separator: ", ")))
        }
        let calls = picked.count == 1 ? "1 call" : "\(picked.count) calls"
        var statement = "\(name) (\(calls)): \(expectation.summary)"
        if !offenders.isEmpty { statement += "; \(offenders.count) differ" }
        return Verdict(
            rule: name, passed: offenders.isEmpty, statement: statement, measured: Double(offenders.count), bound: 0,
            unit: .count, offenders: offenders)
    }

    /// The calls `selector` picks, in capture order. A pattern is compiled once
    /// per capture; one that does not compile (the rules loader refuses those)
    /// picks nothing.
    func select(_ selector: CallSelector, _ calls: [Call]) -> [Call] {
        switch selector {
        case .callID(let id): return calls.filter { $0.callID == id }
        case .fromUser(let user): return calls.filter { $0.from?.user == user }
        case .toUser(let user): return calls.filter { $0.to?.user == user }
        case .fromPattern(let pattern):
            guard let regex = try? Regex(pattern) else { return [] }
            return calls.filter { $0.from?.user?.firstMatch(of: regex) != nil }
        case .toPattern(let pattern):
            guard let regex = try? Regex(pattern) else { return [] }
            return calls.filter { $0.to?.user?.firstMatch(of: regex) != nil }
        case .index(let n): return n <= calls.count ? [calls[n - 1]] : []
        }
    }

    /// What differs from the expectation, each as `got …, expected …`, and the
    /// frames that show it.
    private func compare(_ call: Call, _ e: CallExpectation) -> ([String], [Int]) {
        var differences: [String] = []
        var frames: [Int] = []
        let end = call.finalFrame.map { [$0] } ?? []
        if let outcome = e.outcome, call.outcome != outcome {
            differences.append("outcome \(call.outcome.rawValue), expected \(outcome.rawValue)")
            frames += end
        }
        if let pattern = e.finalStatus, !(call.finalStatus.map(pattern.matches) ?? false) {
            differences.append("\(call.ending), expected final \(pattern)")
            frames += end
        }
        if let early = e.earlyMedia, call.earlyMedia != early {
            differences.append(early ? "no early media, expected some" : "early media, expected none")
            frames += call.provisionalFrames
        }
        if let responses = e.responses {
            let got = call.responseCodes
            if got != responses {
                let (seen, wanted) = (CallExpectation.list(got), CallExpectation.list(responses))
                differences.append("responses \(seen), expected \(wanted)")
                frames += call.responseFrames
            }
        }
        return (differences, Array(Set(frames)).sorted())
    }
}
