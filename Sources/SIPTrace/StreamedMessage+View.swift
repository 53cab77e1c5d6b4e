import Calls
import Decode
import Report
import SIP

extension StreamedMessage {
    /// What a streamed call keeps of the message `view` (see
    /// `StreamedMessage`), its JSON written into `json` (emptied first), and
    /// where in it the marks go. Reads each field as `SIPMessage` reads it,
    /// and makes a `String` only of the method, reason and tags (short, as a
    /// rule: no allocation) and of the rare headers a dialog event shows.
    static func make(
        _ view: SIPMessageView, frame: Int, timestamp: Int64, source: Endpoint, destination: Endpoint,
        transport: TransportProtocol, json: inout JSONWriter
    ) -> StreamedMessage {
        let bytes = view.bytes
        let present = view.headers.reduce(UInt64(0)) { $0 | $1.name.bit }
        func first(_ name: HeaderName) -> HeaderField? { present & name.bit != 0 ? view.first(name) : nil }
        var m = StreamedMessage(frame: frame, timestamp: timestamp)
        var method: String? = nil
        var status: Int? = nil
        switch view.startLine {
        case .request(let range, _):
            method = view.string(range)
        case .response(let code, let reason):
            status = code
            m.reason = view.string(reason)
        }
        let cseq = first(.cseq).flatMap { CSeq.parse(bytes, $0.valueRange) }
        let (unknownMethod, unknownCSeqMethod) = m.setStart(method: method, status: status, cseq: cseq)
        m.fromTag = first(.from).flatMap { NameAddress.tagRange(bytes, $0.valueRange) }.map { view.string($0) }
        m.toTag = first(.to).flatMap { NameAddress.tagRange(bytes, $0.valueRange) }.map { view.string($0) }
        let contentType = first(.contentType)
        let isSDP = contentType.map { SIPMessage.isSDP(bytes, $0.valueRange) } ?? false
        let sdp = !view.body.isEmpty && isSDP ? SDPParser.parse(bytes, view.body) : nil
        m.hasSDP = sdp != nil
        let dialog = SIPMessage.DialogHeaders(view, present: present, contentType: contentType, isSDP: isSDP)
        let offer = method == "INVITE" || method == "UPDATE" ? sdp?.media.first : nil
        m.details = Details.make(
            rseq: dialog.rseq, sipfrag: dialog.sipfrag, referTo: dialog.referTo, minSE: dialog.minSE,
            sessionExpires: dialog.sessionExpires, firstMedia: offer, methodName: unknownMethod,
            cseqMethodName: unknownCSeqMethod)
        json.removeAll()
        let marks = JSONReport.writeStreamed(
            view, frame: frame, timestamp: timestamp, source: source, destination: destination,
            transport: transport, cseq: cseq, sdp: sdp, into: &json)
        m.marksAt = Int32(truncatingIfNeeded: marks)
        return m
    }

    /// What `StreamedArrival.line` reads of `view`: the request URI or the
    /// reason phrase.
    static func lineRange(_ view: SIPMessageView) -> Range<Int> {
        switch view.startLine {
        case .request(_, let uri): uri
        case .response(_, let reason): reason
        }
    }
}
