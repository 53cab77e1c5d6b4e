import ArgumentParser
import SIPTrace

/// The root command: a thin shell over the `SIPTrace` library.
///
/// Exit codes are siptrace's own, not ArgumentParser's (which uses 64 for usage
/// errors): 0 ok, 1 a check failed, 2 usage or input error, the error on stderr in
/// one line.
@main
struct Siptrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "siptrace",
        abstract: "Analyze SIP in packet captures: calls, ladders, outcomes, timings and advice.",
        version: SIPTraceVersion.string,
        subcommands: [Analyze.self, Explain.self, Compare.self, Check.self, Live.self, Interfaces.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            Siptrace.exit(for: error)
        }
    }

    /// Maps any error to siptrace's exit codes and prints it the siptrace way.
    static func exit(for error: Error) -> Never {
        if let failure = error as? CommandFailure {
            if !failure.message.isEmpty {
                Terminal.standardError.write("siptrace: \(failure.message)\n")
            }
            terminate(failure.exitCode)
        }
        let code = exitCode(for: error)
        if code == .success {
            // --help, --version: ArgumentParser's text, on stdout.
            print(fullMessage(for: error))
            terminate(0)
        }
        // A usage error: keep the first line of ArgumentParser's message, it names the problem.
        let message = message(for: error)
        let firstLine =
            message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "\(error)"
        Terminal.standardError.write("siptrace: \(firstLine)\n")
        terminate(2)
    }
}
