import Calls
import Decode
import SIP

extension JSONReport {
    /// A message's object as `writeCompact` writes it, written on the reading
    /// side from the parsed message itself for a streamed call (see
    /// `StreamedMessage`): everything but the `retransmission` and `otherHop`
    /// marks, which its call sets later, and the closing annotation. Returns
    /// where the marks go, as an offset from where the object starts.
    ///
    /// `cseq` and `sdp` are the message's, read by the caller (which keeps
    /// parts of them; nil `sdp`: no session, or not read); text is escaped
    /// from the message's bytes, except a value that is not all ASCII, which
    /// is decoded as `SIPMessage` decodes it (invalid UTF-8 repaired) first.
    /// `StreamedMessageTests` and `StreamedCallTests` hold the two ways to the
    /// same bytes.
    package static func writeStreamed(
        _ view: SIPMessageView, frame: Int, timestamp: Int64, source: Endpoint, destination: Endpoint,
        transport: TransportProtocol, cseq: CSeq?, sdp: SDPLayout?, into w: inout JSONWriter
    ) -> Int {
        let start = w.count
        w.beginRawValue()
        w.raw("{\"frame\":")
        w.rawInt(frame)
        w.raw(",\"time\":")
        w.rawTimestamp(timestamp)
        w.raw(",\"src\":")
        w.rawEndpoint(source)
        w.raw(",\"dst\":")
        w.rawEndpoint(destination)
        w.raw(",\"transport\":")
        w.rawString(transport.rawValue)
        w.raw(",\"cseq\":")
        w.rawCSeq(cseq)
        let marks = w.count - start
        switch view.startLine {
        case .request(let method, let uri):
            w.raw(",\"method\":")
            w.rawText(view, method)
            w.raw(",\"uri\":")
            w.rawText(view, uri)
        case .response(let status, let reason):
            w.raw(",\"status\":")
            w.rawInt(status)
            w.raw(",\"reason\":")
            w.rawText(view, reason)
        }
        w.rawSDP(sdp, view.bytes)
        if !view.problems.isEmpty {
            w.raw(",\"problems\":")
            w.rawStrings(view.problems.map(\.description))
        }
        return marks
    }

    /// Message `index` of a streamed call, whole: its JSON from the call's
    /// text with the marks put in, then its annotation. Compact output only
    /// (ndjson). Read in place: a copy of the message retained its strings.
    static func write(_ streamed: StreamedMessages, _ index: Int, _ w: inout JSONWriter) {
        precondition(!w.pretty, "a streamed call is written compact")
        w.beginRawValue()
        streamed.text.withUnsafeBytes { text in
            let range = streamed.messages[index].text
            let marks = streamed.messages[index].marksAt
            // Checked, not only in debug builds: a wrong range would copy
            // memory outside the call's text into the output.
            precondition(range.lowerBound <= marks && marks <= range.upperBound && range.upperBound <= text.count)
            w.rawBytes(UnsafeRawBufferPointer(rebasing: text[range.lowerBound..<marks]))
            w.raw(",\"retransmission\":")
            w.rawBool(streamed.messages[index].isRetransmission)
            w.raw(",\"otherHop\":")
            w.rawBool(streamed.messages[index].isOtherHop)
            w.rawBytes(UnsafeRawBufferPointer(rebasing: text[marks..<range.upperBound]))
        }
        if let status = streamed.messages[index].status, let annotation = AnnotationJSON.forStatus(status) {
            w.raw(",\"annotation\":")
            annotation.writeCompact(&w)
        }
        w.raw("}")
    }
}

extension JSONWriter {
    /// `rawString(view.string(range))`, escaped from the bytes in place when
    /// they are all ASCII (then decoding changes nothing).
    mutating func rawText(_ view: SIPMessageView, _ range: Range<Int>) {
        rawText(view.bytes, range)
    }

    /// `rawString(bytes.string(range))` (see `rawText(_:_:)` above).
    mutating func rawText(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        bytes.withUnfoldedBytes(range) { rawDecoded($0) }
    }

    /// `rawString(String(decoding: bytes, as: UTF8.self))`, escaped from the
    /// bytes in place when they are all ASCII (then decoding changes nothing).
    mutating func rawDecoded(_ bytes: UnsafeRawBufferPointer) {
        if WordScan.isASCII(bytes) {
            rawQuoted(bytes)
        } else {
            rawString(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// What `rawNameAddress(NameAddress.parse(bytes, range))` writes, for the
    /// value whose `parts` these are (see `NameAddress.parts`): each part is
    /// its bytes, all ASCII, so they are escaped in place.
    mutating func rawNameAddress(_ bytes: UnsafeRawBufferPointer, _ parts: NameAddress.Parts) {
        func piece(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[range]) }
        raw("\"")
        if let display = parts.displayName {
            raw("\\\"")
            rawEscaped(piece(display))
            raw("\\\" ")
        }
        raw("<")
        rawEscaped(piece(parts.uri))
        raw(">")
        if let tag = parts.tag {
            raw(";tag=")
            rawEscaped(piece(tag))
        }
        raw("\"")
    }
}
