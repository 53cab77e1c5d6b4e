import Calls
import Catalog
import SIP

/// Live events for programs (`siptrace live --format ndjson`): one JSON object per
/// line, flushed as it happens, so `jq` or a log shipper can follow a session.
///
/// Every event has `event`, `time`, `frame`, `callId`, `method`, `from`, `to`,
/// `src` and `dst`; each kind adds its own keys (the README lists them). A key a
/// kind defines is always written, `null` when unknown, so a consumer sees one
/// shape per event name. Like the JSON report, keys may be added, never renamed.
public enum EventJSON {
    /// One event as one line of JSON, ending in a newline.
    public static func render(_ event: CallEvent) -> String {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.field("event", event.kind.rawValue)
        w.field("time", TimeFormat.iso8601(event.time))
        w.field("frame", event.frame)
        w.field("callId", event.callID)
        w.field("method", event.method)
        w.field("from", event.from?.uri)
        w.field("to", event.to?.uri)
        w.field("src", event.source?.description)
        w.field("dst", event.destination?.description)
        switch event.kind {
        case .callStarted:
            break
        case .provisional:
            response(event, &w)
            w.field("earlyMedia", event.earlyMedia ?? false)
        case .answered:
            response(event, &w)
            w.field("earlyMedia", event.earlyMedia ?? false)
            w.field("setupMs", event.setupMs)
        case .challenged, .cancelled, .requestCompleted:
            response(event, &w)
        case .failed, .requestFailed:
            response(event, &w)
            let entry = event.status.flatMap { Catalog.entry(for: $0) }
            w.field("meaning", entry?.meaning)
            w.field("howToFix", entry?.howToFix)
        case .ended:
            w.field("durationMs", event.durationMs)
            w.field("endedBy", event.endedBy?.rawValue)
        case .timedOut:
            w.field("outcome", event.outcome?.rawValue)
            response(event, &w)
        }
        w.endObject()
        return w.finishLine()
    }

    private static func response(_ event: CallEvent, _ w: inout JSONWriter) {
        w.field("status", event.status)
        w.field("reason", event.reason)
    }

    /// The last line of a session: `{"event":"summary", "time", then the keys of the
    /// `analyze --format json` report (`siptrace`, `capture`, `summary`, `calls`,
    /// `messagesWithoutCallId`, `malformed`), then `live`}`.
    ///
    /// The report's keys are `JSONReport`'s own output, spliced in rather than
    /// written again here, so the live summary cannot drift from `analyze`'s.
    public static func renderSummary(_ summary: LiveSummary) -> String {
        let report = JSONReport(pretty: false).render(summary.report)
        // JSONReport writes one object: "{…}\n". Keep what is between the braces.
        var inner = Substring(report)
        while inner.last == "\n" { inner.removeLast() }
        if inner.first == "{" { inner.removeFirst() }
        if inner.last == "}" { inner.removeLast() }

        var head = JSONWriter(pretty: false)
        head.beginObject()
        head.field("event", "summary")
        head.field("time", summary.lastPacketTime.map(TimeFormat.iso8601))
        var live = JSONWriter(pretty: false)
        live.beginObject()
        live.field("stoppedBy", summary.stoppedBy)
        live.field("received", summary.kernel?.received)
        live.field("droppedByKernel", summary.kernel?.droppedByKernel)
        live.field("droppedByInterface", summary.kernel?.droppedByInterface)
        live.endObject()
        // `head.output` is `{"event":"summary","time":…` with the object left open.
        return head.output + (inner.isEmpty ? "" : "," + inner) + ",\"live\":" + live.output + "}\n"
    }
}
