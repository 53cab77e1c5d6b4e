import Calls
import SIP

/// The machine-readable report (`--format json`).
///
/// The keys named in the project's first issue are a contract that users'
/// scripts read: `capture`, `summary`, `calls`, `malformed` and the keys inside
/// them. New keys may be added; none may be renamed.
public struct JSONReport {
    public var pretty: Bool

    public init(pretty: Bool = true) {
        self.pretty = pretty
    }

    public func render(_ report: AnalysisReport) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        w.field("siptrace", SIPTraceVersion.string)
        writeCapture(report.capture, &w)
        writeSummary(report, &w)
        w.key("calls")
        w.beginArray()
        for call in report.calls { JSONReport.write(call, &w) }
        w.endArray()
        w.key("messagesWithoutCallId")
        w.beginArray()
        for i in report.withoutCallID.indices { JSONReport.write(report.withoutCallID, i, &w) }
        w.endArray()
        w.key("lateMessages")
        w.beginArray()
        for i in report.lateMessages.indices { JSONReport.write(report.lateMessages, i, &w) }
        w.endArray()
        writeMalformed(report, &w)
        w.endObject()
        return w.finishLine()
    }

    /// The last line of `ndjson` output: `{"summary": {...}, "capture": {...}, "malformed": [...]}`
    /// with the same keys as the JSON report, calls excluded (they came before).
    public func renderSummaryLine(_ report: AnalysisReport) -> String {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.field("event", "summary")
        writeCapture(report.capture, &w)
        writeSummary(report, &w)
        writeMalformed(report, &w)
        w.endObject()
        return w.finishLine()
    }

    private func writeMalformed(_ report: AnalysisReport, _ w: inout JSONWriter) {
        w.key("malformed")
        w.beginArray()
        for item in report.malformed {
            w.beginObject()
            w.field("frame", item.frame)
            w.field("error", item.error)
            w.endObject()
        }
        w.endArray()
    }

    private func writeCapture(_ c: CaptureSummary, _ w: inout JSONWriter) {
        w.key("capture")
        w.beginObject()
        w.field("file", c.file)
        w.field("format", c.format)
        w.field("linkTypes", strings: c.linkTypes)
        w.field("packets", c.packets)
        w.field("sipMessages", c.sipMessages)
        w.field("skipped", c.skipped)
        w.field("skippedByReason", counts: c.skippedByReason.filter { $0.count > 0 }.map { ($0.reason, $0.count) })
        w.field("truncated", c.truncation)
        w.field("comments", strings: c.comments)
        w.field("tlsFlows", c.tlsFlows)
        w.field("incompleteDatagrams", c.incompleteDatagrams)
        w.field("unframedTCPBytes", c.unframedTCPBytes)
        w.endObject()
    }

    private func writeSummary(_ report: AnalysisReport, _ w: inout JSONWriter) {
        let s = report.summary
        w.key("summary")
        w.beginObject()
        w.field("requests", counts: s.requestCounts)
        w.field("responses", counts: s.responseCounts.map { (String($0.0), $0.1) })
        w.field("calls", s.calls)
        w.field("inviteCalls", s.inviteCalls)
        w.field("outcomes", counts: s.outcomeCounts.map { ($0.0.rawValue, $0.1) })
        w.field("messages", s.messages)
        w.field("transactions", s.transactions)
        w.field("retransmissions", s.retransmissions)
        w.field("lateMessages", s.lateMessages)
        w.field("malformed", report.malformed.count + report.malformedNotListed)
        w.endObject()
        JSONReport.write(s.metrics, &w)
    }

    /// `metrics`: RFC 6076 ratios (null when nothing was attempted) and, per
    /// delay, count, min, median, p95 and max in milliseconds.
    static func write(_ m: CallMetrics, _ w: inout JSONWriter) {
        w.key("metrics")
        w.beginObject()
        w.field("inviteCalls", m.inviteCalls)
        w.field("answered", m.answered)
        w.field("ser", m.ser, fractionDigits: 4)
        w.field("seer", m.seer, fractionDigits: 4)
        w.field("isa", m.isa, fractionDigits: 4)
        w.field("scr", m.scr, fractionDigits: 4)
        w.field("asr", m.asr, fractionDigits: 4)
        w.field("registrationsFailed", m.registrationsFailed)
        for (name, d): (StaticString, CallMetrics.Distribution) in [
            ("pddMs", m.pdd), ("setupMs", m.setup), ("durationMs", m.duration), ("srdMs", m.srd), ("sddMs", m.sdd),
            ("rrdMs", m.rrd),
        ] {
            w.key(name)
            w.beginObject()
            w.field("count", d.count)
            w.field("min", d.min)
            w.field("median", d.median)
            w.field("p95", d.p95)
            w.field("max", d.max)
            w.endObject()
        }
        w.endObject()
    }

    /// One call as a JSON object; also used for one-object-per-line output.
    public static func write(_ call: Call, _ w: inout JSONWriter, generic: Bool = false) {
        if !w.pretty && !generic {
            writeCompact(call, &w)
            return
        }
        w.beginObject()
        w.field("callId", call.callID)
        w.field("method", call.method)
        w.key("from")
        write(call.from, &w)
        w.key("to")
        write(call.to, &w)
        w.field("fromUser", call.from?.user)
        w.field("toUser", call.to?.user)
        w.field("outcome", call.outcome.rawValue)
        w.field("finalStatus", call.finalStatus)
        w.field("finalReason", call.finalReason)
        w.field("earlyMedia", call.earlyMedia)
        w.field("pddMs", call.pddMs)
        w.field("setupMs", call.setupMs)
        w.field("durationMs", call.durationMs)
        w.field("srdMs", call.srdMs)
        w.field("sddMs", call.sddMs)
        if call.method == "REGISTER" {
            w.field("aor", call.to?.uri)
            w.field("rrdMs", call.rrdMs)
            w.field("expiresGranted", call.expiresGranted)
            w.field("challenges", call.challenges)
        }
        w.field("retransmissions", call.retransmissions)
        w.field("otherHopCopies", call.otherHopCopies)
        w.field("transactions", call.transactions)
        w.key("dialogs")
        w.beginArray()
        for dialog in call.dialogs {
            w.beginObject()
            w.field("toTag", dialog.toTag)
            w.field("fromTag", dialog.fromTag)
            w.field("state", dialog.state.rawValue)
            w.key("path")
            w.beginArray()
            for stage in dialog.path { w.string(stage.rawValue) }
            w.endArray()
            w.key("events")
            w.beginArray()
            for event in dialog.events {
                w.beginObject()
                w.field("frame", event.frame)
                w.field("time", timestamp: event.timestamp)
                w.field("event", event.kind)
                w.field("detail", event.detail)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("messages")
        w.beginArray()
        for i in call.messages.indices { write(call.messages, i, &w) }
        if let streamed = call.streamed {
            for i in streamed.messages.indices { write(streamed, i, &w) }
        }
        w.endArray()
        w.endObject()
    }

    /// A From or To value as `NameAddress.description` gives it, written in
    /// pieces; `null` when the call has none.
    static func write(_ address: NameAddress?, _ w: inout JSONWriter) {
        guard let address else {
            w.null()
            return
        }
        w.beginString()
        if let displayName = address.displayName {
            w.stringPiece("\"")
            w.stringPiece(displayName)
            w.stringPiece("\" ")
        }
        w.stringPiece("<")
        w.stringPiece(address.uri)
        w.stringPiece(">")
        if let tag = address.tag {
            w.stringPiece(";tag=")
            w.stringPiece(tag)
        }
        w.endString()
    }

    /// Message `index` of `records`, read in place (each field reached
    /// through the array, no copy of the record or of its message): a copy
    /// retains every string a record holds, and the tracking thread writes one
    /// record per message.
    ///
    /// A compact writer takes `writeCompact`, the same bytes laid out
    /// directly; `generic` forces the key-by-key path (tests compare the two).
    static func write(_ records: [MessageRecord], _ index: Int, _ w: inout JSONWriter, generic: Bool = false) {
        if !w.pretty && !generic {
            writeCompact(records, index, &w)
            return
        }
        w.beginObject()
        w.field("frame", records[index].frame)
        w.field("time", timestamp: records[index].timestamp)
        w.field("src", endpoint: records[index].source)
        w.field("dst", endpoint: records[index].destination)
        w.field("transport", records[index].transport.rawValue)
        w.key("cseq")
        if let cseq = records[index].message.cseq {
            // `CSeq.description`, written in pieces.
            w.beginString()
            w.stringPiece(UInt64(cseq.number))
            w.stringPiece(" ")
            w.stringPiece(cseq.method)
            w.endString()
        } else {
            w.null()
        }
        w.field("retransmission", records[index].isRetransmission)
        w.field("otherHop", records[index].isOtherHop)
        switch records[index].message.kind {
        case .request(let method, let uri):
            w.field("method", method)
            w.field("uri", uri)
        case .response(let status, let reason):
            w.field("status", status)
            w.field("reason", reason)
        }
        w.field("sdp", records[index].message.sdp != nil)
        if records[index].message.sdp != nil {
            w.key("media")
            w.beginArray()
            for media in records[index].message.sdp!.media {
                w.beginObject()
                w.field("type", media.type)
                w.field("address", media.connectionAddress)
                w.field("port", media.port)
                w.field("proto", media.proto)
                w.field("codecs", strings: media.codecs)
                w.field("direction", media.direction.rawValue)
                w.endObject()
            }
            w.endArray()
        }
        if !records[index].message.problems.isEmpty {
            w.field("problems", strings: records[index].message.problems.map(\.description))
        }
        // `class`, `registered`, `registeredReason`, `meaning`, `whenYouSeeIt`,
        // `howToFix`: the catalog entry's, escaped once per code (AnnotationJSON).
        if let status = records[index].message.status, let annotation = AnnotationJSON.forStatus(status) {
            w.key("annotation")
            annotation.write(&w)
        }
        w.endObject()
    }

}

/// The version siptrace reports (`--version`, the JSON report).
public enum SIPTraceVersion {
    public static let string = "0.1.0"
}
