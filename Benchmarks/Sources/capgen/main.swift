// capgen: writes a large, realistic SIP capture without any network, fast
// enough to make a million packets in seconds. See Options.usage.
import CaptureGenerator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard error through the descriptor: the C `stderr` global is shared mutable state.
func printError(_ text: String) {
    var text = text
    text.withUTF8 { raw in _ = write(2, raw.baseAddress, raw.count) }
}

func fail(_ message: String, code: Int32) -> Never {
    printError("capgen: \(message)\n")
    exit(code)
}

let options: Options
switch Options.parse(Array(CommandLine.arguments.dropFirst())) {
case .success(let parsed): options = parsed
case .failure(let error):
    if error.description == Options.usage {
        print(Options.usage)
        exit(0)
    }
    fail("\(error.description)\n\(Options.usage)", code: 2)
}

var clock = timespec()
clock_gettime(CLOCK_MONOTONIC, &clock)
let began = Double(clock.tv_sec) + Double(clock.tv_nsec) / 1e9
do {
    let writer = try PcapWriter(path: options.output!)
    let generator = Generator(options: options, writer: writer)
    generator.run()
    try writer.close()
    clock_gettime(CLOCK_MONOTONIC, &clock)
    let seconds = Double(clock.tv_sec) + Double(clock.tv_nsec) / 1e9 - began
    if !options.quiet {
        let s = generator.statistics
        let mix = Outcome.allCases.compactMap { o in s.outcomes[o].map { "\(o.rawValue)=\($0)" } }.joined(
            separator: " ")
        printError(
            """
            capgen: \(writer.packets) packets, \(writer.bytes) bytes, \(s.calls) calls (\(mix)) in \(String(format3: seconds)) s
            capgen: \(s.tcpCalls) calls over TCP (\(s.splitSegments) split messages, \(s.sharedSegments) shared segments, \(s.pureAcks) bare ACKs), \(s.retransmissions) retransmissions, at most \(s.peakCallsInProgress) calls in progress

            """)
    }
} catch {
    fail(error.description, code: 1)
}

extension String {
    init(format3 value: Double) {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        self = "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
