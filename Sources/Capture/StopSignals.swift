import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns SIGINT (Ctrl-C) and SIGTERM into a clean stop of a live capture: the loop
/// returns, the `-w` file is flushed and the summary printed.
///
/// The signals are set to ignored and watched with dispatch signal sources, so the
/// work runs on an ordinary thread, not inside a signal handler: nothing here has
/// to be async-signal-safe, and `pcap_breakloop` wakes the blocked read through
/// its eventfd. The first signal also restores the default action, so a second
/// Ctrl-C ends a stop that hangs (a full disk, a stuck NFS mount).
public final class StopSignals {
    private let sources: [any DispatchSourceSignal]
    private let record: CaughtSignal
    private let signals: [Int32]

    /// Starts watching `signals`; each one breaks the loop behind `breaker`.
    public init(_ signals: [Int32] = [SIGINT, SIGTERM], breaker: LoopBreaker) {
        self.signals = signals
        let record = CaughtSignal()
        self.record = record
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                record.store(number)
                breaker.breakLoop()
                for other in signals { signal(other, SIG_DFL) }
            }
            source.resume()
            return source
        }
    }

    deinit {
        cancel()
    }

    /// The first signal that arrived, or nil.
    public var caught: Int32? { record.value }

    /// Stops watching and gives the signals their default action back.
    public func cancel() {
        for source in sources where !source.isCancelled { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }

    /// `SIGINT`, `SIGTERM`, or `signal N`.
    public static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(number)"
        }
    }
}

/// The first signal caught, shared between the dispatch handler and the loop.
private final class CaughtSignal: Sendable {
    private let number = Atomic<Int32>(0)

    func store(_ value: Int32) {
        _ = number.compareExchange(expected: 0, desired: value, ordering: .relaxed)
    }

    var value: Int32? {
        let v = number.load(ordering: .relaxed)
        return v == 0 ? nil : v
    }
}
