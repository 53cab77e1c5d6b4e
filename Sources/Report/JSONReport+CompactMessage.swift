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
        if let cseq = records[index].message.cseq {
            // `CSeq.description`: the number needs no escaping, the method may.
            w.raw("\"")
            w.rawDigits(UInt64(cseq.number))
            w.raw(" ")
            w.rawEscaped(cseq.method)
            w.raw("\"")
        } else {
            w.raw("null")
        }
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
        if records[index].message.sdp != nil {
            w.raw(",\"sdp\":true,\"media\":[")
            let media = records[index].message.sdp!.media
            for i in media.indices {
                w.raw(i == 0 ? "{\"type\":" : ",{\"type\":")
                w.rawString(media[i].type)
                w.raw(",\"address\":")
                w.rawString(media[i].connectionAddress)
                w.raw(",\"port\":")
                w.rawInt(media[i].port)
                w.raw(",\"proto\":")
                w.rawString(media[i].proto)
                w.raw(",\"codecs\":")
                w.rawStrings(media[i].codecs)
                w.raw(",\"direction\":")
                w.rawString(media[i].direction.rawValue)
                w.raw("}")
            }
            w.raw("]")
        } else {
            w.raw(",\"sdp\":false")
        }
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
