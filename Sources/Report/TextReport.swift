import Calls
import Catalog
import SIP

/// The report for people: the capture, a table of calls, then each call's ladder
/// with the catalog's meaning and advice under every response.
public struct TextReport {
    public var style: Style
    /// Leave out the per-call ladders (the table and summary only).
    public var summaryOnly: Bool

    public init(style: Style = .plain, summaryOnly: Bool = false) {
        self.style = style
        self.summaryOnly = summaryOnly
    }

    public func render(_ report: AnalysisReport) -> String {
        var out = ""
        renderCapture(report, into: &out)
        renderSummary(report, into: &out)
        renderTable(report, into: &out)
        renderRegistrations(report, into: &out)
        if !summaryOnly {
            for (number, call) in report.calls.enumerated() {
                renderLadder(call, number: number + 1, into: &out)
            }
            if !report.lateMessages.isEmpty {
                out += "\n" + style.bold("Messages after their call had ended") + "\n"
                for record in report.lateMessages {
                    renderMessage(record, start: record.timestamp, into: &out)
                }
            }
            if !report.withoutCallID.isEmpty {
                out += "\n" + style.bold("Messages without a Call-ID") + "\n"
                for record in report.withoutCallID {
                    renderMessage(record, start: record.timestamp, into: &out)
                }
            }
        }
        renderMalformed(report, into: &out)
        return out
    }

    private func renderCapture(_ report: AnalysisReport, into out: inout String) {
        let c = report.capture
        out += style.bold("Capture") + "  " + Escape.terminal(c.file) + "\n"
        out += "  format \(c.format), link type \(c.linkTypes.joined(separator: ", ")), "
        out += "\(c.packets) packets, \(c.sipMessages) SIP messages, \(c.skipped) skipped"
        let reasons = c.skippedByReason.filter { $0.count > 0 }
        if !reasons.isEmpty {
            out += " (" + reasons.map { "\($0.count) \($0.reason)" }.joined(separator: ", ") + ")"
        }
        out += "\n"
        if c.tlsFlows > 0 {
            out +=
                "  " + style.yellow("note:")
                + " \(c.tlsFlows) TLS connection\(c.tlsFlows == 1 ? "" : "s") (SIP over TLS or WSS): encrypted, not analysed\n"
        }
        if c.incompleteDatagrams > 0 {
            out +=
                "  " + style.yellow("note:")
                + " \(c.incompleteDatagrams) fragmented IP datagram\(c.incompleteDatagrams == 1 ? "" : "s") never complete\n"
        }
        if c.unframedTCPBytes > 0 {
            out +=
                "  " + style.yellow("note:")
                + " \(c.unframedTCPBytes) TCP bytes could not be framed as SIP (gaps, or streams cut mid-message)\n"
        }
        for comment in c.comments.prefix(10) {
            out += "  comment: " + Escape.terminal(comment) + "\n"
        }
        if let truncation = c.truncation {
            out += "  " + style.yellow("warning:") + " " + Escape.terminal(truncation) + "\n"
        }
    }

    private func renderSummary(_ report: AnalysisReport, into out: inout String) {
        out += "\n" + style.bold("Summary") + "\n"
        let summary = report.summary
        let requests = summary.requestCounts.map { "\(Escape.terminal($0.0)) \($0.1)" }.joined(separator: "  ")
        let responses = summary.responseCounts.map { "\($0.0) \($0.1)" }.joined(separator: "  ")
        out += "  requests      " + (requests.isEmpty ? "none" : requests) + "\n"
        out += "  responses     " + (responses.isEmpty ? "none" : responses) + "\n"
        out +=
            "  calls         \(summary.calls) (\(summary.inviteCalls) INVITE, \(summary.calls - summary.inviteCalls) other)"
        let outcomes = summary.outcomeCounts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
        out += outcomes.isEmpty ? "\n" : ": " + outcomes + "\n"
        out += "  retransmitted \(summary.retransmissions) of \(summary.messages) messages\n"
        if summary.lateMessages > 0 {
            out += "  late          \(summary.lateMessages) messages after their call had ended, in no call\n"
        }
        renderMetrics(summary.metrics, into: &out)
    }

    /// RFC 6076 ratios and delays, only those the capture gives a figure for.
    private func renderMetrics(_ m: CallMetrics, into out: inout String) {
        func ratio(_ name: String, _ value: Double?) -> String? {
            value.map { "\(name) " + formatDecimal($0, fractionDigits: 3) }
        }
        let ratios = [
            ratio("SER", m.ser), ratio("SEER", m.seer), ratio("ISA", m.isa), ratio("SCR", m.scr), ratio("ASR", m.asr),
        ]
        .compactMap { $0 }
        if !ratios.isEmpty { out += "  ratios        " + ratios.joined(separator: "  ") + "\n" }
        for (name, d) in [
            ("PDD", m.pdd), ("setup", m.setup), ("duration", m.duration), ("SRD", m.srd), ("SDD", m.sdd),
            ("RRD", m.rrd),
        ] {
            guard let min = d.min, let median = d.median, let p95 = d.p95, let max = d.max else { continue }
            let figures = [min, median, p95, max].map { TimeFormat.duration(milliseconds: $0) }
            out +=
                "  " + name.padding(13)
                + " n=\(d.count)  min \(figures[0])  median \(figures[1])  p95 \(figures[2])  max \(figures[3])\n"
        }
    }

    private func renderTable(_ report: AnalysisReport, into out: inout String) {
        guard !report.calls.isEmpty else { return }
        out += "\n" + style.bold("Calls") + "\n"
        var rows: [[String]] = [
            ["#", "Call-ID", "method", "from", "to", "outcome", "final", "early", "PDD", "setup", "duration"]
        ]
        for (i, call) in report.calls.enumerated() {
            rows.append([
                String(i + 1),
                Escape.terminal(clip(call.callID, 36)),
                Escape.terminal(call.method),
                Escape.terminal(clip(party(call.from), 24)),
                Escape.terminal(clip(party(call.to), 24)),
                call.outcome.rawValue,
                call.finalStatus.map(String.init) ?? "-",
                call.isInvite ? (call.earlyMedia ? "yes" : "no") : "-",
                call.pddMs.map { TimeFormat.duration(milliseconds: $0) } ?? "-",
                call.setupMs.map { TimeFormat.duration(milliseconds: $0) } ?? "-",
                call.durationMs.map { TimeFormat.duration(milliseconds: $0) } ?? "-",
            ])
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        for (r, row) in rows.enumerated() {
            var line = " "
            for (i, cell) in row.enumerated() {
                var text = cell + String(repeating: " ", count: widths[i] - cell.count)
                if r == 0 {
                    text = style.dim(text)
                } else if i == 5 {
                    text = colour(outcome: report.calls[r - 1].outcome, text)
                }
                line += " " + text
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
    }

    private func renderLadder(_ call: Call, number: Int, into out: inout String) {
        out += "\n" + style.bold("Call \(number)") + "  " + Escape.terminal(call.callID) + "\n"
        out += "  from     " + Escape.terminal(describe(call.from)) + "\n"
        out += "  to       " + Escape.terminal(describe(call.to)) + "\n"
        var outcome = colour(outcome: call.outcome, call.outcome.rawValue)
        if let status = call.finalStatus {
            outcome += " \(status)"
            if let reason = call.finalReason, !reason.isEmpty { outcome += " " + Escape.terminal(reason) }
        }
        var timings: [String] = []
        if let pdd = call.pddMs { timings.append("PDD " + TimeFormat.duration(milliseconds: pdd)) }
        if let setup = call.setupMs { timings.append("setup " + TimeFormat.duration(milliseconds: setup)) }
        if let duration = call.durationMs { timings.append("duration " + TimeFormat.duration(milliseconds: duration)) }
        if call.isInvite { timings.append(call.earlyMedia ? "early media" : "no early media") }
        let retransmissions = call.retransmissions
        if retransmissions > 0 { timings.append("\(retransmissions) retransmitted") }
        if call.otherHopCopies > 0 { timings.append("\(call.otherHopCopies) seen again on another hop") }
        out += "  outcome  " + outcome + (timings.isEmpty ? "" : "  (" + timings.joined(separator: ", ") + ")") + "\n"
        if call.outcome == .failed, let status = call.finalStatus, let entry = Catalog.entry(for: status) {
            out += "  " + style.red("advice") + "   " + entry.howToFix + "\n"
        }
        for dialog in call.dialogs {
            let tag = dialog.toTag.map { "tag " + Escape.terminal($0) } ?? "no To tag"
            let path = dialog.path.map(\.rawValue).joined(separator: " → ")
            out += "  dialog   \(tag): \(path.isEmpty ? dialog.state.rawValue : path)\n"
            for event in dialog.events where event.kind != "retransmission" && event.kind != "other-hop" {
                out +=
                    "           frame \(event.frame): \(event.kind) " + style.dim(Escape.terminal(event.detail)) + "\n"
            }
        }
        let start = call.messages.first?.timestamp ?? 0
        for record in call.messages {
            renderMessage(record, start: start, into: &out)
        }
    }

    private func renderMessage(_ record: MessageRecord, start: Int64, into out: inout String) {
        let m = record.message
        let offset = Double(record.timestamp - start) / 1_000_000_000
        var line = "  " + pad(String(record.frame), 6, right: true) + "  " + TimeFormat.timeOfDay(record.timestamp)
        line += " " + style.dim("+" + formatDecimal(offset, fractionDigits: 6).paddedFraction(6)) + "  "
        line += "\(record.source) → \(record.destination) \(record.transport.rawValue)  "
        var text = Escape.terminal(m.summaryLine)
        if let status = m.status {
            text = status >= 300 ? style.red(text) : status >= 200 ? style.green(text) : style.cyan(text)
        } else {
            text = style.bold(text)
        }
        line += text
        if let sdp = m.sdp { line += style.dim("  [SDP " + Escape.terminal(sdp.summary) + "]") }
        if record.isRetransmission { line += "  " + style.yellow("(retransmission)") }
        if record.isOtherHop { line += "  " + style.dim("(same message, another hop)") }
        out += line + "\n"
        for problem in m.problems {
            out += "          " + style.yellow("malformed: ") + problem.description + "\n"
        }
        if let status = m.status, let entry = Catalog.entry(for: status), !record.isRetransmission, !record.isOtherHop {
            let indent = "          "
            var meaning = "\(entry.responseClass.rawValue): " + entry.meaning
            if !entry.isRegistered { meaning = "unregistered code; " + meaning }
            if case .response(_, let reason) = m.kind, entry.isRegistered, !reason.isEmpty,
                reason.lowercased() != entry.reason.lowercased()
            {
                meaning += " (registered reason phrase: \(entry.reason))"
            }
            out += indent + style.dim(meaning) + "\n"
            // Short under each response: the fix's first sentence. The call's
            // decisive failure gets the whole advice above its ladder.
            out += indent + style.dim("fix: " + TextReport.firstSentence(entry.howToFix)) + "\n"
        }
    }

    /// REGISTER exchanges grouped by address-of-record, so a phone's refreshes
    /// read as one story (RFC 3261 §10).
    private func renderRegistrations(_ report: AnalysisReport, into out: inout String) {
        let registers = report.calls.filter { $0.method == "REGISTER" }
        guard !registers.isEmpty else { return }
        var order: [String] = []
        var byAOR: [String: [Call]] = [:]
        for call in registers {
            let aor = call.to?.uri ?? "-"
            if byAOR[aor] == nil { order.append(aor) }
            byAOR[aor, default: []].append(call)
        }
        out += "\n" + style.bold("Registrations") + "\n"
        for aor in order {
            let calls = byAOR[aor]!
            let ok = calls.filter { $0.outcome == .completed }.count
            var line =
                "  " + Escape.terminal(aor) + ": \(calls.count) Call-ID\(calls.count == 1 ? "" : "s"), \(ok) registered"
            let challenges = calls.reduce(0) { $0 + $1.challenges }
            if challenges > 0 { line += ", \(challenges) challenge\(challenges == 1 ? "" : "s")" }
            if let last = calls.last(where: { $0.outcome == .completed }) {
                if let expires = last.expiresGranted { line += ", expires \(expires) s" }
                let delays = calls.flatMap(\.registrationDelaysMs)
                if let worst = delays.max() {
                    line +=
                        ", \(delays.count) cycle\(delays.count == 1 ? "" : "s"), RRD max "
                        + TimeFormat.duration(milliseconds: worst)
                }
            }
            let failures = calls.compactMap { $0.outcome == .failed ? $0.finalStatus : nil }
            if !failures.isEmpty { line += ", failed " + failures.map(String.init).joined(separator: ",") }
            out += line + "\n"
        }
    }

    /// The text up to and including its first full stop followed by a space.
    static func firstSentence(_ text: String) -> String {
        var previous: Character? = nil
        for index in text.indices {
            if previous == ".", text[index] == " " {
                return String(text[..<index])
            }
            previous = text[index]
        }
        return text
    }

    private func renderMalformed(_ report: AnalysisReport, into out: inout String) {
        guard !report.malformed.isEmpty else { return }
        out += "\n" + style.bold("Malformed SIP (\(report.malformed.count))") + "\n"
        for item in report.malformed {
            out += "  frame \(item.frame): " + Escape.terminal(item.error) + "\n"
        }
        if report.malformedNotListed > 0 {
            out += "  … and \(report.malformedNotListed) more, not listed\n"
        }
    }

    private func colour(outcome: CallOutcome, _ text: String) -> String {
        switch outcome {
        case .answered, .completed: style.green(text)
        case .failed: style.red(text)
        case .cancelled, .incomplete: style.yellow(text)
        }
    }

    private func party(_ address: NameAddress?) -> String {
        guard let address else { return "-" }
        return address.user ?? address.displayName ?? address.uri
    }

    private func describe(_ address: NameAddress?) -> String {
        address?.description ?? "-"
    }

    private func clip(_ s: String, _ width: Int) -> String {
        s.count <= width ? s : String(s.prefix(width - 1)) + "…"
    }

    private func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }
}

extension String {
    /// Left-aligned in `width` columns.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    /// "0.5" → "0.500000": fixed decimals for aligned columns.
    func paddedFraction(_ digits: Int) -> String {
        guard let dot = firstIndex(of: ".") else { return self + "." + String(repeating: "0", count: digits) }
        let have = distance(from: index(after: dot), to: endIndex)
        return have >= digits ? self : self + String(repeating: "0", count: digits - have)
    }
}
