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
    /// Either way calls end at the same moments (see `linger`).
    public var retainCalls = true
    /// Work out each call's dialogs. A summary-only run turns this off.
    public var dialogs = true
    /// Streaming (`retainCalls` off), write each message's JSON as it is read
    /// and keep only that and a few fields per message (`Pipeline.streamMessageJSON`):
    /// each call handed to `onCall` then has its messages in `Call.streamed`,
    /// not `Call.messages`, to be written compact (`analyze --format ndjson`).
    /// A late copy of an ended call is then counted (`summary.lateMessages`)
    /// but not kept: the report's `lateMessages` list stays empty.
    public var streamsMessageJSON = false
    /// Only count (`Pipeline.countOnly`): the report has the summary and no
    /// call, and `onCall` is never called. What `analyze --summary` runs.
    public var countsOnly = false
    /// Track calls on a second thread while this one reads and parses
    /// (`TrackingThread`), in every mode. The figures and the calls are the
    /// same either way; off, or when no thread can be made, everything runs on
    /// the caller's thread. Streaming, `onCall` is then called on that second
    /// thread while the capture is read (never two calls at once, and in the
    /// same order), and on the caller's for the calls still open at the end.
    public var trackOnSecondThread = true
    /// Messages per batch handed to that thread (tests make it small, so a
    /// small capture crosses many batches).
    public var trackingBatchSize = MessageBatch.defaultCapacity
    /// Of every eight messages, how many have their tags read on the reading
    /// thread (tests fix it). The two threads balance the work only when
    /// this and `fixedHashesAway` are both nil.
    var fixedTagShare: Int? = nil
    /// Tests: of every eight messages of a summary, how many have their
    /// Call-ID's hash worked out on the tracking thread (`Pipeline.hashesAway`);
    /// nil to let the balance move it.
    var fixedHashesAway: Int? = nil

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
        // The tracking thread is joined before this returns, so `onCall` does
        // not outlive the call although that thread holds it.
        try withoutActuallyEscaping(onCall) { (onCall) throws(CaptureError) -> AnalysisReport in
            try analyze(path: path, escapingOnCall: onCall)
        }
    }

    private func analyze(
        path: String, escapingOnCall onCall: @escaping (Call) -> Void
    ) throws(CaptureError)
        -> AnalysisReport
    {
        let capture = try OfflineCapture(path: path)
        var pipeline = Pipeline()
        if countsOnly {
            pipeline.countOnly()
        } else if !retainCalls && streamsMessageJSON {
            pipeline.streamMessageJSON(dialogs: dialogs)
        } else if !retainCalls {
            pipeline.streamCalls(dialogs: dialogs)
        }
        // Where a finished call goes: kept for the report, or handed on.
        var kept: [Call] = []
        let retainCalls = retainCalls
        let deliver: (Call) -> Void = { call in
            if retainCalls { kept.append(call) } else { onCall(call) }
        }
        var worker: TrackingThread? = nil
        if trackOnSecondThread {
            let thread = TrackingThread(
                pipeline.beginHandoff(batchCapacity: trackingBatchSize), batchCapacity: trackingBatchSize,
                onCall: deliver)
            pipeline.tagShare = fixedTagShare ?? 0
            pipeline.hashesAway = fixedHashesAway ?? 0
            if thread.start() {
                worker = thread
            } else {
                pipeline.endHandoff(thread.finish(pipeline.takeOutbox()))
            }
        }
        var nextExpiry: Int64 = .min
        let end = capture.forEachPacket { packet in
            pipeline.ingest(
                frame: packet.frame, timestamp: packet.timestamp, linkType: packet.linkType, bytes: packet.bytes)
            if let worker, pipeline.outboxIsFull {
                pipeline.refill(worker.send(pipeline.takeOutbox()))
                if fixedTagShare == nil && fixedHashesAway == nil {
                    pipeline.shareLevel = worker.balanced(pipeline.shareLevel)
                }
            }
            if let onProgress, packet.frame & 0xFFFF == 0 {
                onProgress(capture.bytesRead, capture.fileSize, packet.frame)
            }
            // Look for finished calls once per second of capture time, whatever
            // the output: every mode then ends calls at the same moments, so a
            // Call-ID used again long after its call ended is another call in
            // the full report as in the summary, and their figures agree.
            if packet.timestamp >= nextExpiry {
                for call in pipeline.expireCalls(now: packet.timestamp, linger: linger, idleTimeout: idleTimeout) {
                    deliver(call)
                }
                nextExpiry = packet.timestamp + 1_000_000_000
            }
        }
        if let worker {
            pipeline.endHandoff(worker.finish(pipeline.takeOutbox()))
        }
        for call in pipeline.finish() { deliver(call) }
        // Calls end in their own order; the report lists them as they began.
        kept.sort { $0.order < $1.order }
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
        report.lateMessages = pipeline.tracker.late
        return report
    }
}
