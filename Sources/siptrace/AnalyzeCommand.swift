import ArgumentParser
import SIPTrace

/// Output formats of `analyze`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, ndjson
}

/// `siptrace analyze FILE`: the report of every call in a capture.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Report every call in a capture: its ladder, outcome, timings and advice.",
        discussion: """
            FILE is a pcap or pcapng file; '-' reads standard input (tcpdump -w - | siptrace analyze -).
            --format ndjson writes one JSON object per call as each call ends, then a summary object,
            so memory follows the calls in progress, not the size of the file.
            """
    )

    @Argument(help: "The capture to analyze (pcap or pcapng), or '-' for standard input.")
    var file: String

    @Option(name: .long, help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Flag(
        name: .long,
        help: "Counts, outcomes and timings only: no per-call detail, and no per-call memory kept once a call ends.")
    var summary = false

    @Flag(name: .long, help: "No colours, even on a terminal (NO_COLOR in the environment does the same).")
    var noColor = false

    @Flag(name: .long, help: "No progress line on stderr (it is shown only on a terminal anyway).")
    var quiet = false

    func run() throws {
        var analyzer = Analyzer()
        // Calls are streamed out (ndjson) or only counted (--summary) as they end.
        analyzer.retainCalls = !(summary || format == .ndjson)
        analyzer.dialogs = !summary
        analyzer.countsOnly = summary
        // ndjson writes each message's JSON as it is read (see `StreamedMessage`).
        analyzer.streamsMessageJSON = format == .ndjson
        let progress = ProgressLine(enabled: !quiet && Terminal.standardError.isTerminal)
        if progress.enabled {
            analyzer.onProgress = { read, size, packets in progress.update(read: read, size: size, packets: packets) }
        }
        let ndjson = format == .ndjson && !summary
        let report: AnalysisReport
        // ndjson: each call's line as the call ends, gathered and written
        // 64 KiB at a time. The analyzer calls this on its tracking thread
        // while the capture is read (so rendering runs beside reading and
        // parsing), then here for the calls open at the end; never two at once.
        let lines = NDJSONLines()
        do {
            report = try analyzer.analyze(path: file) { call in
                if ndjson { lines.write(call) }
            }
        } catch {
            lines.flush()
            progress.clear()
            throw CommandFailure.input(error.description)
        }
        lines.flush()
        progress.clear()
        if let truncation = report.capture.truncation {
            Terminal.standardError.write("siptrace: warning: \(file): \(truncation)\n")
        }
        switch format {
        case .text:
            let colour = !noColor && Terminal.standardOutput.isTerminal && environment("NO_COLOR") == nil
            let text = TextReport(style: Style(enabled: colour), summaryOnly: summary).render(report)
            Terminal.standardOutput.write(text)
        case .json:
            Terminal.standardOutput.write(JSONReport().render(report))
        case .ndjson:
            Terminal.standardOutput.write(JSONReport(pretty: false).renderSummaryLine(report))
        }
    }
}

/// ndjson call lines, gathered and written to standard output 64 KiB at a
/// time, not one write per call. Used by one thread at a time (see `run`).
final class NDJSONLines {
    /// One writer for every line: its buffer, grown once, is reused (a new
    /// writer per call allocated a few kilobytes each time).
    private var writer = JSONWriter(pretty: false)
    func write(_ call: Call) {
        JSONReport.write(call, &writer)
        writer.lineBreak()
        if writer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard writer.count > 0 else { return }
        writer.withBytes { Terminal.standardOutput.write(bytes: $0) }
        writer.removeAll()
    }
}
