import ArgumentParser
import Check
import SIPTrace

/// Output formats of `check` on standard output.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `siptrace check [--rules FILE] [flags] CAPTURE...`: a CI gate on recorded
/// traces. Exit 0 when every rule holds on every capture, 1 when any fails, 2
/// on a usage, rules or input error. A thin adapter: the `Check` library loads
/// the rules, evaluates and renders.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check captures against rules: exit 0 if every rule holds, 1 if any fails, 2 on error.",
        discussion: """
            Rules come from a YAML file (--rules) and from flags; a flag replaces the file's rule of the \
            same name. CAPTURE is a pcap or pcapng file, a directory (its .pcap and .pcapng files), or a \
            glob pattern. Durations are written 3s, 250ms or 1.5s; ratios 0.95 or 95%; limits 3 or 5%.
            """
    )

    @Option(
        name: .long, help: ArgumentHelp("A YAML rules file with rules: and calls: (see the README).", valueName: "file")
    )
    var rules: String?

    @Flag(name: .long, help: "Every INVITE call is answered (2xx).")
    var everyCallAnswered = false

    @Option(name: .long, help: ArgumentHelp("At most N calls, or N% of calls, failed.", valueName: "N|N%"))
    var maxFailed: String?

    @Option(name: .long, help: ArgumentHelp("No final response in these codes or classes.", valueName: "5xx,6xx,408"))
    var failOn: String?

    @Flag(name: .long, help: "No call is left without a final response.")
    var noIncomplete = false

    @Option(
        name: .customLong("min-ser"),
        help: ArgumentHelp("Session establishment ratio (RFC 6076 §4.6) at least X.", valueName: "X"))
    var minSER: String?

    @Option(
        name: .customLong("min-seer"),
        help: ArgumentHelp("Session establishment effectiveness ratio (§4.7) at least X.", valueName: "X"))
    var minSEER: String?

    @Option(
        name: .customLong("min-scr"), help: ArgumentHelp("Session completion ratio (§4.9) at least X.", valueName: "X"))
    var minSCR: String?

    @Option(name: .customLong("min-asr"), help: ArgumentHelp("Answer-seizure ratio at least X.", valueName: "X"))
    var minASR: String?

    @Option(
        name: .customLong("max-isa"),
        help: ArgumentHelp("Ineffective session attempts (§4.8) at most X.", valueName: "X"))
    var maxISA: String?

    @Option(
        name: .customLong("max-pdd"),
        help: ArgumentHelp("Longest post-dial delay (INVITE to 18x).", valueName: "duration"))
    var maxPDD: String?

    @Option(name: .long, help: ArgumentHelp("Longest setup time (INVITE to 2xx).", valueName: "duration"))
    var maxSetup: String?

    @Option(name: .long, help: ArgumentHelp("Longest call (2xx to BYE).", valueName: "duration"))
    var maxDuration: String?

    @Option(
        name: .long, help: ArgumentHelp("A timing bound, repeatable: pdd.p95<=2s, setup.median<=1s.", valueName: "expr")
    )
    var timing: [String] = []

    @Flag(name: .long, help: "Every INVITE gets some response.")
    var noUnansweredInvite = false

    @Flag(name: .customLong("no-unacked-200"), help: "No 2xx to an INVITE is resent before an ACK.")
    var noUnacked200 = false

    @Option(
        name: .long, help: ArgumentHelp("At most N retransmitted messages, or N% of messages.", valueName: "N|N%"))
    var maxRetransmissions: String?

    @Flag(name: .long, help: "No malformed SIP message.")
    var noMalformed = false

    @Option(name: .long, help: ArgumentHelp("Also write JUnit XML to this file.", valueName: "file"))
    var junit: String?

    @Option(name: .long, help: "Output format: \(CheckFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: CheckFormat = .text

    @Argument(help: ArgumentHelp("Capture files, directories or glob patterns.", valueName: "capture"))
    var captures: [String] = []

    func run() throws {
        let checker: Checker
        let paths: [String]
        do {
            let fileRules = try rules.map { path throws(CheckError) in try RulesFile.load(path: path) } ?? []
            let all = RuleFlags.combine(file: fileRules, flags: try flags.rules())
            if all.isEmpty {
                throw CheckError("no rules: give --rules FILE or a rule flag such as --every-call-answered")
            }
            if captures.isEmpty { throw CheckError("no capture: give one or more files, directories or patterns") }
            checker = Checker(rules: all)
            paths = try CaptureList.expand(captures)
        } catch {
            throw CommandFailure.usage("\(error)")
        }
        var verdicts: [CaptureVerdict] = []
        for path in paths {
            let start = ContinuousClock.now
            let report: AnalysisReport
            do {
                report = try Analyzer().analyze(path: path)
            } catch {
                throw CommandFailure.input(error.description)
            }
            if let truncation = report.capture.truncation {
                Terminal.standardError.write("siptrace: warning: \(path): \(truncation)\n")
            }
            var verdict = checker.check(report)
            let elapsed = ContinuousClock.now - start
            verdict.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            verdicts.append(verdict)
        }
        if let junit {
            do {
                try JUnitReport().write(verdicts, to: junit)
            } catch {
                throw CommandFailure.input(error.description)
            }
        }
        switch format {
        case .text: Terminal.standardOutput.write(CheckTextReport().render(verdicts))
        case .json: Terminal.standardOutput.write(CheckJSONReport().render(verdicts))
        }
        if !verdicts.allSatisfy(\.passed) { throw CommandFailure.checkFailed }
    }

    private var flags: RuleFlags {
        var f = RuleFlags()
        f.everyCallAnswered = everyCallAnswered
        f.maxFailed = maxFailed
        f.failOn = failOn
        f.noIncomplete = noIncomplete
        f.minSER = minSER
        f.minSEER = minSEER
        f.minSCR = minSCR
        f.minASR = minASR
        f.maxISA = maxISA
        f.maxPDD = maxPDD
        f.maxSetup = maxSetup
        f.maxDuration = maxDuration
        f.timings = timing
        f.noUnansweredInvite = noUnansweredInvite
        f.noUnacked200 = noUnacked200
        f.maxRetransmissions = maxRetransmissions
        f.noMalformed = noMalformed
        return f
    }
}
