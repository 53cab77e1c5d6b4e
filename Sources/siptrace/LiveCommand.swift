import ArgumentParser
import SIPTrace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Output formats of `live`.
enum EventFormat: String, ExpressibleByArgument, CaseIterable {
    case text, ndjson
}

/// `siptrace live -i IFACE`: calls as they happen, the way sngrep shows them, then
/// the summary `analyze` would print for the same packets.
struct Live: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Watch calls as they happen on a network interface.",
        discussion: """
            Prints an event when a call starts, rings, is answered, fails (with what the code means and how \
            to fix it), is cancelled or ends. Stops on Ctrl-C, SIGTERM, --duration or --count, then prints the \
            summary 'analyze' prints and the packets the kernel received and dropped. Capturing needs root, or \
            CAP_NET_RAW and CAP_NET_ADMIN. 'siptrace interfaces' lists what can be sniffed.
            """
    )

    @Option(name: [.short, .customLong("interface")], help: "The interface to sniff (see 'siptrace interfaces').")
    var interface: String

    @Option(
        name: [.short, .customLong("filter")], help: "A BPF capture filter, as tcpdump takes it ('udp port 5060').")
    var filter: String?

    @Option(name: .long, help: "Stop after this long: 500ms, 60s, 5m, 1h, 2d.")
    var duration: TimeSpan?

    @Option(name: [.short, .customLong("count")], help: "Stop after this many packets.")
    var count: Int?

    @Option(name: [.short, .customLong("write")], help: "Also write every captured packet to this pcap file.")
    var write: String?

    @Option(name: .long, help: "Output format: \(EventFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: EventFormat = .text

    @Option(name: .long, help: "Give up on a call silent for this long (an answered call without BYE).")
    var idleTimeout: TimeSpan = TimeSpan(nanoseconds: 3600 * 1_000_000_000, text: "1h")

    @Flag(name: .long, help: "No colours, even on a terminal (NO_COLOR in the environment does the same).")
    var noColor = false

    func validate() throws {
        if let count, count <= 0 { throw CommandFailure.usage("--count must be a positive number of packets") }
        if write == "-" { throw CommandFailure.usage("-w -: standard output carries the events; give a file name") }
    }

    func run() throws {
        let capture: LiveCapture
        let writer: CaptureWriter?
        do {
            capture = try LiveCapture(interface: interface, filter: filter)
            writer = try write.map { path throws(LiveCaptureError) in try CaptureWriter(path: path, capture: capture) }
        } catch {
            throw CommandFailure.input(error.description)
        }
        var options = LiveSession.Options()
        options.idleTimeout = idleTimeout.nanoseconds
        let session = LiveSession(options: options)
        let signals = StopSignals(breaker: capture.breaker)
        defer { signals.cancel() }

        var ready = "siptrace: listening on \(interface), link type \(linkTypeName(capture.linkType)), "
        ready += "snapshot length \(capture.snapLength) bytes"
        if let filter, !filter.isEmpty { ready += ", filter '\(filter)'" }
        Terminal.standardError.write(ready + "; Ctrl-C to stop\n")

        let colour = format == .text && !noColor && Terminal.standardOutput.isTerminal && environment("NO_COLOR") == nil
        let text = EventText(style: Style(enabled: colour))
        let limits = LiveSession.Limits(packets: count, duration: duration.map { .nanoseconds($0.nanoseconds) })
        let output = EventOutput()
        let stop: LiveSession.Stop
        do {
            stop = try session.run(capture, writer: writer, limits: limits) { event in
                output.emit(format == .text ? text.render(event) : EventJSON.render(event))
                if output.closed { capture.breakLoop() }
            }
        } catch {
            writer?.close()
            throw CommandFailure.input(error.description)
        }
        signals.cancel()
        writer?.close()

        let stoppedBy: String
        switch stop {
        case .count: stoppedBy = "--count \(count ?? 0)"
        case .duration: stoppedBy = "--duration \(duration?.text ?? "")"
        case .interrupted where output.closed: stoppedBy = "standard output closed"
        case .interrupted: stoppedBy = signals.caught.map(StopSignals.name) ?? "interrupt"
        }
        let kernel = capture.statistics().map {
            LiveSummary.Kernel(
                received: $0.received, droppedByKernel: $0.droppedByKernel, droppedByInterface: $0.droppedByInterface)
        }
        let summary = session.finish(
            source: interface, format: "live", linkType: capture.linkType, stoppedBy: stoppedBy, kernel: kernel)
        switch format {
        case .text: output.emit("\n" + text.renderSummary(summary))
        case .ndjson: output.emit(EventJSON.renderSummary(summary))
        }
    }
}

/// Standard output for events, written as each one happens (no buffering: a
/// reader such as `jq` or `tee` sees it at once). When the reader goes away
/// (`| head`), the write fails instead of SIGPIPE killing the process, and the
/// session stops cleanly, so the `-w` file is flushed and closed.
final class EventOutput {
    private(set) var closed = false

    init() {
        signal(SIGPIPE, SIG_IGN)
    }

    func emit(_ string: String) {
        guard !closed else { return }
        var s = string
        s.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    closed = true
                    return
                }
                offset += n
            }
        }
    }
}

/// A span of time on the command line: `500ms`, `60s`, `5m`, `1h`, `2d`; a bare
/// number is seconds, as in tcpdump and timeout(1).
struct TimeSpan: ExpressibleByArgument {
    var nanoseconds: Int64
    /// As the user wrote it, for messages.
    var text: String

    init(nanoseconds: Int64, text: String) {
        self.nanoseconds = nanoseconds
        self.text = text
    }

    init?(argument: String) {
        let units: [(suffix: String, nanoseconds: Double)] = [
            ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9), ("d", 86_400e9),
        ]
        var number = Substring(argument)
        var scale = 1e9
        for unit in units where argument.hasSuffix(unit.suffix) {
            // "ms" before "s": the first suffix that matches wins.
            number = argument.dropLast(unit.suffix.count)
            scale = unit.nanoseconds
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(number), value > 0, value * scale < 9e18
        else { return nil }
        nanoseconds = Int64(value * scale)
        text = argument
    }

    var defaultValueDescription: String { text }
}
