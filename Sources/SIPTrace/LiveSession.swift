import Calls
import Capture
import Report

/// A live session: packets in, call events out as they happen, and at the end the
/// same summary `analyze` prints.
///
/// Packets go through `Pipeline`, the one per-packet path `Analyzer` uses, so a
/// live session and `analyze` of its `-w` file count the same messages and calls.
/// Whether the packets come from an interface (`run`) or a file (`replay`, for
/// tests and for reproducing a session), each one takes the same `ingest`.
///
/// Built to run for days: once per second of capture time, calls that ended and
/// went quiet (`linger`) or went silent (`idleTimeout`) are counted into the
/// summary and dropped, with the event detector's state for them, so memory
/// follows the calls in progress, not the session's length. Time is always the
/// packets' capture time.
public final class LiveSession {
    public struct Options: Sendable {
        /// How long an ended call is kept after its last message, to absorb late
        /// retransmissions and ACKs (RFC 3261 Timer B/F: 64×T1 = 32 s).
        public var linger: Int64 = 32 * 1_000_000_000
        /// How long a call may stay silent before it is given up (`timedOut`).
        /// An answered call without session timers sends nothing until its BYE, so
        /// this is long.
        public var idleTimeout: Int64 = 3600 * 1_000_000_000
        /// Capture time between two sweeps for finished calls.
        public var expiryInterval: Int64 = 1_000_000_000

        public init() {}
    }

    /// Limits on a live run; nil means none.
    public struct Limits: Sendable {
        /// Stop after this many packets (`--count`).
        public var packets: Int?
        /// Stop after this much wall-clock time (`--duration`).
        public var duration: Duration?

        public init(packets: Int? = nil, duration: Duration? = nil) {
            self.packets = packets
            self.duration = duration
        }
    }

    /// Why `run` returned.
    public enum Stop: Sendable, Equatable {
        case count
        case duration
        /// The capture loop was broken (a signal).
        case interrupted
    }

    public let options: Options
    private var pipeline = Pipeline()
    private var detector = CallEventDetector()
    private var nextExpiry: Int64 = .min
    public private(set) var lastPacketTime: Int64?

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Call-IDs the call tracker holds now.
    public var trackedCalls: Int { pipeline.tracker.count }
    /// Call-IDs the event detector holds state for (equal to `trackedCalls`).
    public var trackedEventStates: Int { detector.count }
    /// Running totals, finished calls included.
    public var summary: TrafficSummary { pipeline.summary }
    public var packets: Int { pipeline.accounting.packets }

    /// The one per-packet path: the pipeline records the packet's SIP messages, the
    /// detector turns each into an event, and finished calls are swept out.
    public func ingest(_ packet: CapturedPacket, emit: (CallEvent) -> Void) {
        pipeline.ingest(
            frame: packet.frame, timestamp: packet.timestamp, linkType: packet.linkType, bytes: packet.bytes
        ) { record in
            if let event = detector.observe(record) { emit(event) }
        }
        lastPacketTime = packet.timestamp
        if packet.timestamp >= nextExpiry {
            expire(now: packet.timestamp, emit: emit)
            nextExpiry = packet.timestamp + options.expiryInterval
        }
    }

    /// Counts and drops the calls that are over at capture time `now`, telling
    /// `timedOut` for those whose end was never seen.
    public func expire(now: Int64, emit: (CallEvent) -> Void) {
        let calls = pipeline.expireCalls(now: now, linger: options.linger, idleTimeout: options.idleTimeout)
        for call in calls {
            if let event = detector.expire(call, now: now) { emit(event) }
        }
    }

    /// Feeds every packet of a capture file, as a live capture would deliver them.
    public func replay(_ capture: OfflineCapture, emit: (CallEvent) -> Void) -> OfflineCapture.End {
        capture.forEachPacket { packet in ingest(packet, emit: emit) }
    }

    /// Captures from `capture` until a limit is reached or the loop is broken (a
    /// signal), writing every packet to `writer` when there is one. The writer is
    /// flushed about once a second and when the run ends.
    public func run(
        _ capture: LiveCapture, writer: CaptureWriter? = nil, limits: Limits = Limits(),
        emit: (CallEvent) -> Void
    ) throws(LiveCaptureError) -> Stop {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = limits.duration.map { start + $0 }
        var nextFlush = start + .seconds(1)
        var count = 0
        var stop: Stop = .interrupted
        /// Checked after every packet and every read timeout.
        func keepGoing() -> Bool {
            let now = clock.now
            if let writer, now >= nextFlush {
                writer.flush()
                nextFlush = now + .seconds(1)
            }
            if let deadline, now >= deadline {
                stop = .duration
                return false
            }
            return true
        }
        defer { writer?.flush() }
        if let max = limits.packets, max <= 0 { return .count }
        let ending = try capture.run(onTimeout: keepGoing) { packet in
            writer?.write(packet)
            ingest(packet, emit: emit)
            count += 1
            if let max = limits.packets, count >= max {
                stop = .count
                return false
            }
            return keepGoing()
        }
        return ending == .broken ? .interrupted : stop
    }

    /// Ends the session: the calls still in progress are counted (and forgotten
    /// without events: they had not ended), and the report is built the way
    /// `Analyzer` builds it, without the per-call list.
    ///
    /// - Parameters:
    ///   - source: the interface or file, shown as the capture's name.
    ///   - format: `live`, or the replayed file's format.
    ///   - linkType: the capture's link type, shown when no packet arrived.
    public func finish(
        source: String, format: String, linkType: Int32, stoppedBy: String, kernel: LiveSummary.Kernel?,
        truncation: String? = nil
    ) -> LiveSummary {
        _ = pipeline.finish()
        detector.forgetAll()
        let linkTypes = pipeline.linkTypes.isEmpty ? [linkType] : pipeline.linkTypes
        let capture = CaptureSummary(
            file: source, format: format, linkTypes: linkTypes.map(linkTypeName),
            packets: pipeline.accounting.packets, sipMessages: pipeline.accounting.sipMessages,
            skippedByReason: pipeline.accounting.skippedByReason, truncation: truncation)
        let report = AnalysisReport(
            capture: capture, summary: pipeline.summary, calls: [], withoutCallID: pipeline.tracker.withoutCallID,
            malformed: pipeline.malformed)
        return LiveSummary(report: report, kernel: kernel, stoppedBy: stoppedBy, lastPacketTime: lastPacketTime)
    }
}
