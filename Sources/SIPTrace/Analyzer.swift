/// Analyzes a capture file from start to end and returns the report model.
public struct Analyzer {
    /// How long an ended call stays tracked after its last message, in capture
    /// time, for its ACK and the last retransmissions; after that its Call-ID
    /// alone is remembered for 64×T1 = 32 s (RFC 3261), so a later copy is not
    /// taken for a new call.
    public var linger: Int64 = 2 * 1_000_000_000
    /// How long a call may stay silent before it is given up as incomplete.
    /// Long, because an answered call sends nothing until its BYE.
    public var idleTimeout: Int64 = 4 * 3600 * 1_000_000_000
    /// Keep every call for the report. Off, calls are handed to `onCall` as they
    /// end and forgotten, so memory follows live calls, not the file's size.
    public var retainCalls = true
    /// Work out each call's dialogs. A summary-only run turns this off.
    public var dialogs = true

    /// Called about every 64k packets with (bytes read, file size, packets):
    /// the CLI turns it into a progress line. Nil size for standard input.
    public var onProgress: ((Int64, Int64?, Int) -> Void)? = nil

    public init() {}

    /// Reads `path` (`-` for standard input) packet by packet.
    ///
    /// Throws when the file cannot be opened as a capture. A file cut inside a
    /// packet is not an error: everything before the damage is analyzed and the
    /// report's `capture.truncation` says where it stopped.
    public func analyze(path: String, onCall: (Call) -> Void = { _ in }) throws(CaptureError) -> AnalysisReport {
        let capture = try OfflineCapture(path: path)
        var pipeline = Pipeline()
        if !retainCalls { pipeline.streamCalls(dialogs: dialogs) }
        var kept: [Call] = []
        var nextExpiry: Int64 = .min
        let end = capture.forEachPacket { packet in
            pipeline.ingest(
                frame: packet.frame, timestamp: packet.timestamp, linkType: packet.linkType, bytes: packet.bytes)
            if let onProgress, packet.frame & 0xFFFF == 0 {
                onProgress(capture.bytesRead, capture.fileSize, packet.frame)
            }
            if !retainCalls {
                // Look for finished calls once per second of capture time.
                if packet.timestamp >= nextExpiry {
                    for call in pipeline.expireCalls(now: packet.timestamp, linger: linger, idleTimeout: idleTimeout) {
                        onCall(call)
                    }
                    nextExpiry = packet.timestamp + 1_000_000_000
                }
            }
        }
        for call in pipeline.finish() {
            if retainCalls { kept.append(call) } else { onCall(call) }
        }
        var truncation: String? = nil
        if case .truncated(let frame, let detail) = end {
            truncation = "capture cut short after frame \(frame): \(detail); analyzed up to there"
        }
        let linkTypes = pipeline.linkTypes.isEmpty ? [capture.linkType] : pipeline.linkTypes
        let summary = CaptureSummary(
            file: path, format: capture.format.rawValue, linkTypes: linkTypes.map(linkTypeName),
            packets: pipeline.accounting.packets, sipMessages: pipeline.accounting.sipMessages,
            skippedByReason: pipeline.accounting.skippedByReason, truncation: truncation)
        var captureSummary = summary
        captureSummary.comments = capture.comments
        captureSummary.tlsFlows = pipeline.tlsFlows.count
        captureSummary.incompleteDatagrams = pipeline.fragments.counters.datagramsIncomplete
        let tcp = pipeline.streams.counters
        captureSummary.unframedTCPBytes =
            tcp.bytesUnframed + tcp.bytesDropped + tcp.bytesMissing + pipeline.streamBytesSkipped
        var report = AnalysisReport(
            capture: captureSummary, summary: pipeline.summary, calls: kept,
            withoutCallID: pipeline.tracker.withoutCallID,
            malformed: pipeline.malformed)
        report.malformedNotListed = pipeline.malformedNotListed
        return report
    }
}
