import Calls
import Decode
import Report
import SIP

extension StreamedMessage {
    /// What a streamed call keeps of the message `view` (see
    /// `StreamedMessage`) and its rare fields (nil, as a rule), its JSON
    /// written into `json` (emptied first), then its tags and line (see
    /// `StreamedMessage.fromTagCount`): `json` then holds the bytes of a
    /// `StreamedArrival`. Reads each field as `SIPMessage` reads it, and makes
    /// a `String` only of an unknown method's name and of the rare headers a
    /// dialog event shows. `parseSDP` false: only whether the body is SDP, as
    /// a `SIPMessage` made without it (`"sdp":false` in the JSON, as that
    /// message writes). Also returns where the From and To values are (what a
    /// call's first message hands on) and their tags (what the message's facts
    /// hash), found on the way, not looked up again.
    static func make(
        _ view: SIPMessageView, frame: Int, timestamp: Int64, source: Endpoint, destination: Endpoint,
        transport: TransportProtocol, parseSDP: Bool = true, sdp: inout SDPLayout, json: inout JSONWriter
    ) -> (
        message: StreamedMessage, details: Details?, from: Range<Int>?, to: Range<Int>?, fromTag: Range<Int>?,
        toTag: Range<Int>?
    ) {
        let bytes = view.bytes
        let present = view.headers.reduce(UInt64(0)) { $0 | $1.name.bit }
        func first(_ name: HeaderName) -> HeaderField? { present & name.bit != 0 ? view.first(name) : nil }
        var m = StreamedMessage(frame: frame, timestamp: timestamp)
        // Methods as codes read in place; a name is made only for a method
        // siptrace does not know (as `view.string` makes it: for a known
        // method's bytes that is its name).
        var method: MethodCode? = nil
        var methodName: String? = nil
        var status: Int? = nil
        switch view.startLine {
        case .request(let range, _):
            method = MethodCode(bytes, range)
            if !method!.isKnown { methodName = view.string(range) }
        case .response(let code, _):
            status = code
        }
        var cseq: CSeq? = nil
        var cseqName: String? = nil
        if let field = first(.cseq), let (number, range) = CSeq.locate(bytes, field.valueRange) {
            let code = MethodCode(bytes, range)
            if !code.isKnown { cseqName = view.string(range) }
            cseq = CSeq(number: number, method: code.knownName ?? cseqName!)
            m.setCSeq(number: number, method: code)
        }
        m.setStart(method: method, status: status)
        let from = first(.from)?.valueRange
        let to = first(.to)?.valueRange
        let fromTag = from.flatMap { NameAddress.tagRange(bytes, $0) }
        let toTag = to.flatMap { NameAddress.tagRange(bytes, $0) }
        let contentType = first(.contentType)
        let isSDP = contentType.map { SIPMessage.isSDP(bytes, $0.valueRange) } ?? false
        m.hasSDP = SIPMessage.body(view, isSDP: isSDP, parseSDP: parseSDP, into: &sdp)
        let parsed = m.hasSDP && parseSDP
        let dialog = SIPMessage.DialogHeaders(view, present: present, contentType: contentType, isSDP: isSDP)
        // The offer's first media, only where `DialogAnalysis` reads it: an
        // UPDATE, or an INVITE with a To tag (a re-INVITE). An initial INVITE
        // (no To tag) never reaches its hold and codec checks, and making
        // this box and its strings for every call's INVITE, to be freed on
        // the other thread, was a tenth of the tracking side's work. (Codes
        // compare as the names do: `MethodCode` is exact.)
        let offer =
            (method == .update || (method == .invite && toTag != nil)) && parsed && !sdp.media.isEmpty
            ? sdp.media(bytes, 0) : nil
        let details = Details.make(
            rseq: dialog.rseq, sipfrag: dialog.sipfrag, referTo: dialog.referTo, minSE: dialog.minSE,
            sessionExpires: dialog.sessionExpires, firstMedia: offer, methodName: methodName,
            cseqMethodName: cseqName)
        json.removeAll()
        let marks = JSONReport.writeStreamed(
            view, frame: frame, timestamp: timestamp, source: source, destination: destination,
            transport: transport, cseq: cseq, sdp: parsed ? sdp : nil, into: &json)
        m.marksAt = marks
        m.text = 0..<json.count
        // Then the tags and the line, as `view.string` reads them (trimmed,
        // unfolded), for the call to decode only where it shows them.
        if let fromTag { m.fromTagCount = append(view, fromTag, &json) }
        if let toTag { m.toTagCount = append(view, toTag, &json) }
        m.lineCount = append(view, lineRange(view), &json)
        return (m, details, from, to, fromTag, toTag)
    }

    /// Appends the bytes `view.string(range)` reads to `json`; returns how many.
    private static func append(_ view: SIPMessageView, _ range: Range<Int>, _ json: inout JSONWriter) -> Int32 {
        view.withUnfoldedBytes(range) { bytes in
            json.rawBytes(bytes)
            return Int32(bytes.count)
        }
    }

    /// The start line's text after the method or status, kept after the
    /// JSON (`StreamedMessage.line`): the request URI or the reason phrase.
    private static func lineRange(_ view: SIPMessageView) -> Range<Int> {
        switch view.startLine {
        case .request(_, let uri): uri
        case .response(_, let reason): reason
        }
    }
}
