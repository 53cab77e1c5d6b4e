/// What to generate, from the command line. Hand-parsed: capgen has no
/// dependencies so it builds in seconds and runs anywhere the toolchain does.
public struct Options {
    /// Calls to start; nil means "as many as `packets` needs".
    public var calls: Int? = nil
    /// Stop after exactly this many packets (calls still in progress are cut,
    /// as in any real capture that ends).
    public var packets: Int? = nil
    public var rate: Double = 1000
    public var mix: [(Outcome, Int)] = Outcome.defaultMix
    /// Percent of calls with one retransmission (INVITE, or the final response).
    public var retransmitPercent: Double = 2
    /// Percent of calls carried over the long-lived TCP connections.
    public var tcpPercent: Double = 5
    public var tcpConnections = 4
    /// Every SDP says m=audio 6000, as plain sipp does.
    public var sameMediaPort = false
    /// Answered calls last between these many milliseconds.
    public var holdMilliseconds: ClosedRange<Int> = 2_000...15_000
    public var seed: UInt64 = 1
    public var output: String? = nil
    public var quiet = false

    public init() {}

    public static let usage = """
        usage: capgen [options] -o FILE
          --calls N             calls to generate (default 1000, or as many as --packets needs)
          --packets N           stop after exactly N packets
          --rate CPS            new calls per second of capture time (default 1000)
          --mix LIST            outcome percentages (default answered=60,early=15,busy=10,gone=5,unavailable=5,cancel=5)
                                answered: 100 180 200 ACK BYE 200; early: 183 with SDP, then 200;
                                busy: 180 then 486; gone: 410; unavailable: 503 with Retry-After;
                                cancel: 180, CANCEL/200, 487, ACK
          --retransmit PERCENT  calls with one retransmission 500 ms later, like timer A/G (default 2)
          --tcp PERCENT         calls over a few long-lived TCP connections (default 5)
          --tcp-connections N   how many TCP connections (default 4)
          --same-media-port     every SDP uses m=audio 6000, as plain sipp does
          --hold MIN-MAX        answered call length in ms (default 2000-15000)
          --seed N              random seed (default 1); same seed, same bytes
          -q, --quiet           no statistics on stderr
          -o, --output FILE     the pcap to write ('-' for standard output)
        """

    public static func parse(_ arguments: [String]) -> Result<Options, GeneratorError> {
        var options = Options()
        var i = 0
        func value(_ name: String) -> Result<String, GeneratorError> {
            i += 1
            guard i < arguments.count else { return .failure(GeneratorError("\(name) needs a value")) }
            return .success(arguments[i])
        }
        func number<T: LosslessStringConvertible>(_ name: String, _ type: T.Type) -> Result<T, GeneratorError> {
            value(name).flatMap { text in
                T(text.replacingUnderscores()).map { .success($0) }
                    ?? .failure(GeneratorError("\(name): '\(text)' is not a number"))
            }
        }
        while i < arguments.count {
            let argument = arguments[i]
            let outcome: Result<Void, GeneratorError>
            switch argument {
            case "--calls": outcome = number(argument, Int.self).map { options.calls = $0 }
            case "--packets": outcome = number(argument, Int.self).map { options.packets = $0 }
            case "--rate": outcome = number(argument, Double.self).map { options.rate = $0 }
            case "--retransmit": outcome = number(argument, Double.self).map { options.retransmitPercent = $0 }
            case "--tcp": outcome = number(argument, Double.self).map { options.tcpPercent = $0 }
            case "--tcp-connections": outcome = number(argument, Int.self).map { options.tcpConnections = max(1, $0) }
            case "--seed": outcome = number(argument, UInt64.self).map { options.seed = $0 }
            case "--same-media-port": outcome = .success(options.sameMediaPort = true)
            case "-q", "--quiet": outcome = .success(options.quiet = true)
            case "-o", "--output": outcome = value(argument).map { options.output = $0 }
            case "--mix": outcome = value(argument).flatMap { Outcome.parseMix($0) }.map { options.mix = $0 }
            case "--hold":
                outcome = value(argument).flatMap { text in
                    let parts = text.split(separator: "-").compactMap { Int($0) }
                    guard parts.count == 2, parts[0] >= 0, parts[0] <= parts[1] else {
                        return .failure(GeneratorError("--hold: expected MIN-MAX milliseconds, got '\(text)'"))
                    }
                    options.holdMilliseconds = parts[0]...parts[1]
                    return .success(())
                }
            case "-h", "--help": return .failure(GeneratorError(usage))
            default: outcome = .failure(GeneratorError("unknown option '\(argument)'"))
            }
            if case .failure(let error) = outcome { return .failure(error) }
            i += 1
        }
        guard options.output != nil else { return .failure(GeneratorError("-o FILE is required")) }
        guard options.rate > 0 else { return .failure(GeneratorError("--rate must be positive")) }
        if options.calls == nil && options.packets == nil { options.calls = 1000 }
        return .success(options)
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
