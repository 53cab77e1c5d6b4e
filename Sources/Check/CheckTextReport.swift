import Report

/// The verdicts for people: per capture, one line per rule with the measured
/// value beside its bound and PASS or FAIL at the end, the offending calls and
/// frames under a failure, then the capture's verdict.
///
/// Everything from the capture (Call-IDs, reasons, errors) goes through
/// `Escape.terminal`: a capture is hostile input and must not drive the terminal.
public struct CheckTextReport: Sendable {
    /// Offenders listed under a failed rule before "… and N more".
    public var maxOffenders: Int
    /// Statements are padded to this width so the verdicts line up.
    public var width: Int

    public init(maxOffenders: Int = 10, width: Int = 56) {
        self.maxOffenders = maxOffenders
        self.width = width
    }

    public func render(_ captures: [CaptureVerdict]) -> String {
        var out = ""
        for capture in captures { render(capture, into: &out) }
        if captures.count > 1 {
            let failed = captures.count { !$0.passed }
            out += "\(captures.count) captures: \(captures.count - failed) passed, \(failed) failed\n"
        }
        return out
    }

    private func render(_ capture: CaptureVerdict, into out: inout String) {
        let file = Escape.terminal(capture.file)
        out += "\(file): " + Escape.terminal(capture.summary) + "\n"
        if let truncation = capture.truncation {
            out += "  warning: " + Escape.terminal(truncation) + "\n"
        }
        for verdict in capture.verdicts {
            let statement = "  " + Escape.terminal(verdict.statement)
            let pad = max(width - statement.count, 0)
            out += statement + String(repeating: " ", count: pad) + "  " + (verdict.passed ? "PASS" : "FAIL") + "\n"
            if verdict.passed { continue }
            for offender in verdict.offenders.prefix(maxOffenders) {
                out += "      " + line(offender) + "\n"
            }
            if verdict.offenders.count > maxOffenders {
                out += "      … and \(verdict.offenders.count - maxOffenders) more\n"
            }
        }
        let failures = capture.failures
        let rules = capture.verdicts.count == 1 ? "rule" : "rules"
        out += "\(file): "
        out +=
            failures == 0
            ? "PASS (\(capture.verdicts.count) \(rules))\n"
            : "FAIL (\(failures) of \(capture.verdicts.count) \(rules) failed)\n"
    }

    /// `3-mix-pcap@127.0.0.1  final 486 Busy Here  (frame 14)`.
    func line(_ offender: Offender) -> String {
        var parts: [String] = []
        if let id = offender.callID { parts.append(Escape.terminal(id)) }
        parts.append(Escape.terminal(offender.detail))
        if !offender.frames.isEmpty {
            let noun = offender.frames.count == 1 ? "frame" : "frames"
            parts.append("(\(noun) " + offender.frames.map(String.init).joined(separator: ", ") + ")")
        }
        return parts.joined(separator: "  ")
    }
}
