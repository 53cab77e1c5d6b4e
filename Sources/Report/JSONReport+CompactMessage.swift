import Calls
import SIP

extension JSONReport {
    /// Message `index` of `records` as a compact writer writes it through
    /// `write(_:_:_:generic:)`, key for key and byte for byte, laid out
    /// directly: keys and punctuation as literals, one room check per value
    /// (`JSONWriter.beginRawValue`). ndjson writes one of these for every
    /// message of a capture, and the generic path's bookkeeping per key was
    /// most of its cost. Read in place, like the generic path (a copy of a
    /// record retains all its strings).
    static func writeCompact(_ records: [MessageRecord], _ index: Int, _ w: inout JSONWriter) {
        w.beginRawValue()
        w.raw("{\"frame\":")
        w.rawInt(records[index].frame)
        w.raw(",\"time\":")
        w.rawTimestamp(records[index].timestamp)
        w.raw(",\"src\":")
        w.rawEndpoint(records[index].source)
        w.raw(",\"dst\":")
        w.rawEndpoint(records[index].destination)
        w.raw(",\"transport\":")
        w.rawString(records[index].transport.rawValue)
        w.raw(",\"cseq\":")
        w.rawCSeq(records[index].message.cseq)
        w.raw(",\"retransmission\":")
        w.rawBool(records[index].isRetransmission)
        w.raw(",\"otherHop\":")
        w.rawBool(records[index].isOtherHop)
        switch records[index].message.kind {
        case .request(let method, let uri):
            w.raw(",\"method\":")
            w.rawString(method)
            w.raw(",\"uri\":")
            w.rawString(uri)
        case .response(let status, let reason):
            w.raw(",\"status\":")
            w.rawInt(status)
            w.raw(",\"reason\":")
            w.rawString(reason)
        }
        w.rawSDP(records[index].message.sdp)
        if !records[index].message.problems.isEmpty {
            w.raw(",\"problems\":")
            w.rawStrings(records[index].message.problems.map(\.description))
        }
        if let status = records[index].message.status, let annotation = AnnotationJSON.forStatus(status) {
            w.raw(",\"annotation\":")
            annotation.writeCompact(&w)
        }
        w.raw("}")
    }
}

extension JSONWriter {
    /// A message's `cseq` value, as `CSeq.description` in a string, or `null`.
    mutating func rawCSeq(_ cseq: CSeq?) {
        guard let cseq else {
            raw("null")
            return
        }
        // The number needs no escaping, the method may.
        raw("\"")
        rawDigits(UInt64(cseq.number))
        raw(" ")
        rawEscaped(cseq.method)
        raw("\"")
    }

    /// A message's `sdp` flag and, with one, its `media` list.
    mutating func rawSDP(_ sdp: SDPSession?) {
        guard let sdp else {
            raw(",\"sdp\":false")
            return
        }
        raw(",\"sdp\":true,\"media\":[")
        for i in sdp.media.indices {
            raw(i == 0 ? "{\"type\":" : ",{\"type\":")
            rawString(sdp.media[i].type)
            raw(",\"address\":")
            rawString(sdp.media[i].connectionAddress)
            raw(",\"port\":")
            rawInt(sdp.media[i].port)
            raw(",\"proto\":")
            rawString(sdp.media[i].proto)
            raw(",\"codecs\":")
            rawStrings(sdp.media[i].codecs)
            raw(",\"direction\":")
            rawString(sdp.media[i].direction.rawValue)
            raw("}")
        }
        raw("]")
    }

    /// What `rawSDP(_:)` writes of `layout.session(bytes)`, written from the
    /// layout's ranges (nil: not SDP, `"sdp":false`). A streamed message's
    /// body is written this way, no `SDPSession` made; `StreamedMessageTests`
    /// and `StreamedCallTests` hold the two to the same bytes.
    mutating func rawSDP(_ layout: SDPLayout?, _ bytes: UnsafeRawBufferPointer) {
        guard let layout else {
            raw(",\"sdp\":false")
            return
        }
        raw(",\"sdp\":true,\"media\":[")
        for i in layout.media.indices {
            let media = layout.media[i]
            raw(i == 0 ? "{\"type\":" : ",{\"type\":")
            rawText(bytes, media.type)
            raw(",\"address\":")
            if let address = layout.address(i) { rawText(bytes, address) } else { raw("null") }
            raw(",\"port\":")
            rawInt(media.port)
            raw(",\"proto\":")
            rawText(bytes, media.proto)
            raw(",\"codecs\":[")
            if layout.listsCodecs(bytes, i) {
                for format in media.formats {
                    if format != media.formats.lowerBound { raw(",") }
                    switch layout.codec(bytes, media: i, format: format) {
                    case .bytes(let range): rawText(bytes, range)
                    case .name(let name): rawString(name)
                    }
                }
            }
            raw("],\"direction\":")
            rawString(layout.direction(i).rawValue)
            raw("}")
        }
        raw("]")
    }
}
