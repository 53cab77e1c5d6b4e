import ArgumentParser
import SIPTrace

/// Output formats of `analyze`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `siptrace analyze FILE`: the report of every call in a capture.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report every call in a capture: its ladder, outcome, timings and advice.",
        discussion: "FILE is a pcap or pcapng file; '-' reads standard input (tcpdump -w - | siptrace analyze -)."
    )

    @Argument(help: "The capture to analyze (pcap or pcapng), or '-' for standard input.")
    var file: String

    @Option(name: .long, help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Flag(name: .long, help: "Print the capture summary and the table of calls, without each call's ladder.")
    var summary = false

    @Flag(name: .long, help: "No colours, even on a terminal (NO_COLOR in the environment does the same).")
    var noColor = false

    func run() throws {
        let report: AnalysisReport
        do {
            report = try Analyzer().analyze(path: file)
        } catch {
            throw CommandFailure.input(error.description)
        }
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
        }
    }
}
