/// Analyzes a capture file from start to end and returns the report model.
public struct Analyzer {
    public init() {}

    /// Reads `path` (`-` for standard input) packet by packet.
    ///
    /// Throws when the file cannot be opened as a capture. A file cut inside a
    /// packet is not an error: everything before the damage is analyzed and the
    /// report's `capture.truncation` says where it stopped.
    public func analyze(path: String) throws(CaptureError) -> AnalysisReport {
        let capture = try OfflineCapture(path: path)
        var pipeline = Pipeline()
        let end = capture.forEachPacket { packet in
            pipeline.ingest(
                frame: packet.frame, timestamp: packet.timestamp, linkType: packet.linkType, bytes: packet.bytes)
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
        return AnalysisReport(
            capture: summary, calls: pipeline.tracker.finish(), withoutCallID: pipeline.tracker.withoutCallID,
            malformed: pipeline.malformed)
    }
}
