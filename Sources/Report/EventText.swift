import Calls
import Catalog
import SIP

/// Live events for people: one line per event, as it happens, then the same
/// summary `analyze --summary` prints.
///
/// A line reads time (UTC, as the ladders print it), Call-ID, from → to, and what
/// happened. A failure adds the catalog's meaning and fix on indented lines, so the
/// engineer watching learns what a 403 or a 503 means without leaving the terminal.
/// Every string that came from a packet passes through `Escape.terminal`.
public struct EventText {
    public var style: Style

    public init(style: Style = .plain) {
        self.style = style
    }

    /// The lines for one event, each ending in a newline.
    public func render(_ event: CallEvent) -> String {
        var line = TimeFormat.timeOfDay(event.time) + "  " + Escape.terminal(event.callID) + "  "
        line += Escape.terminal(party(event.from)) + " → " + Escape.terminal(party(event.to)) + "  "
        line += what(event)
        var out = line + "\n"
        if event.kind == .failed || event.kind == .requestFailed, let status = event.status,
            let entry = Catalog.entry(for: status)
        {
            let indent = String(repeating: " ", count: 17)
            out += indent + style.dim("\(entry.responseClass.rawValue): " + entry.meaning) + "\n"
            out += indent + style.dim("fix: " + entry.howToFix) + "\n"
        }
        return out
    }

    /// What happened, in words.
    private func what(_ event: CallEvent) -> String {
        let response = responseText(event)
        switch event.kind {
        case .callStarted:
            var text = style.bold("call started")
            if let source = event.source, let destination = event.destination {
                text += "  \(source) → \(destination)"
            }
            return text
        case .provisional:
            return style.cyan(response + (event.earlyMedia == true ? ", early media" : ""))
        case .challenged:
            let method = event.method == "INVITE" ? "" : Escape.terminal(event.method) + " "
            return style.yellow(method + response + ", challenged: a retry with credentials should follow")
        case .answered:
            var text = "answered " + response
            if let setup = event.setupMs { text += " after " + TimeFormat.duration(milliseconds: setup) }
            if event.earlyMedia == true { text += ", had early media" }
            return style.green(text)
        case .failed:
            return style.red("failed " + response)
        case .cancelled:
            return style.yellow("cancelled" + (event.status == nil ? "" : " (" + response + ")"))
        case .ended:
            var text = "ended"
            if let by = event.endedBy { text += " by " + by.rawValue }
            if let duration = event.durationMs { text += " after " + TimeFormat.duration(milliseconds: duration) }
            return text
        case .requestCompleted:
            return style.green(Escape.terminal(event.method) + " " + response)
        case .requestFailed:
            return style.red(Escape.terminal(event.method) + " failed " + response)
        case .timedOut:
            return style.yellow("timed out, given up after the idle timeout: " + standing(event))
        }
    }

    /// How a call stood when it timed out.
    private func standing(_ event: CallEvent) -> String {
        switch event.outcome {
        case .answered: return "answered, no BYE seen"
        case .cancelled: return "cancelled, no final response seen"
        case .failed: return "failed " + responseText(event)
        case .completed: return "completed " + responseText(event)
        case .incomplete, nil: return "no final response seen"
        }
    }

    /// `486 Busy Here`, or the bare code when there is no reason phrase.
    private func responseText(_ event: CallEvent) -> String {
        guard let status = event.status else { return "" }
        guard let reason = event.reason, !reason.isEmpty else { return String(status) }
        return "\(status) " + Escape.terminal(reason)
    }

    private func party(_ address: NameAddress?) -> String {
        guard let address else { return "?" }
        return address.user ?? address.uri
    }

    /// The summary `analyze --summary` prints for the same packets, then what only
    /// a live capture knows: why it stopped and what the kernel dropped.
    public func renderSummary(_ summary: LiveSummary) -> String {
        var out = TextReport(style: style, summaryOnly: true).render(summary.report)
        out += "\n" + style.bold("Live capture") + "\n"
        out += "  stopped by    " + summary.stoppedBy + "\n"
        if let kernel = summary.kernel {
            out +=
                "  kernel        \(kernel.received) packets received, \(kernel.droppedByKernel) dropped by the kernel, "
            out += "\(kernel.droppedByInterface) dropped by the interface\n"
            let dropped = kernel.droppedByKernel + kernel.droppedByInterface
            if dropped > 0 {
                out += "  " + style.yellow("warning:") + " \(dropped) packets were lost before siptrace saw them; "
                out += "calls may miss messages\n"
            }
        }
        return out
    }
}

/// The end of a live session: the report `analyze` builds for the same packets,
/// plus what only a live capture knows.
public struct LiveSummary: Sendable {
    /// The kernel's packet counts (`pcap_stats`).
    public struct Kernel: Sendable, Equatable {
        public var received: Int
        public var droppedByKernel: Int
        public var droppedByInterface: Int

        public init(received: Int, droppedByKernel: Int, droppedByInterface: Int) {
            self.received = received
            self.droppedByKernel = droppedByKernel
            self.droppedByInterface = droppedByInterface
        }
    }

    /// Its `calls` are empty: a live session streams calls as events and keeps none.
    public var report: AnalysisReport
    /// Nil when the packets did not come from an interface (a replayed file).
    public var kernel: Kernel?
    /// Why the session stopped: `SIGINT`, `--duration 15s`, `--count 100`, `end of file`.
    public var stoppedBy: String
    /// Capture time of the last packet, or nil when none arrived.
    public var lastPacketTime: Int64?

    public init(report: AnalysisReport, kernel: Kernel?, stoppedBy: String, lastPacketTime: Int64?) {
        self.report = report
        self.kernel = kernel
        self.stoppedBy = stoppedBy
        self.lastPacketTime = lastPacketTime
    }
}
