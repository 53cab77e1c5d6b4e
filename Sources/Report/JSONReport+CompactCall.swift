import Calls
import SIP

extension JSONReport {
    /// A call's object as a compact writer writes it through `write(_:_:)`'s
    /// key-by-key path, byte for byte, laid out directly (see
    /// `writeCompact(_:_:_:)` for a message): ndjson writes one per call, and
    /// the call's own keys (some thirty, and each dialog's) cost more than
    /// its messages' JSON once that was written as read. The key-by-key path
    /// stays for pretty output and as the reference (`CompactCallJSONTests`).
    static func writeCompact(_ call: Call, _ w: inout JSONWriter) {
        w.beginRawValue()
        if let parts = call.deferredParts, let streamed = call.streamed {
            streamed.text.withUnsafeBytes { text in writeHead(call, parts, text, streamed.messages, &w) }
        } else {
            // Every part a string: `writeHead` writes each from the call.
            writeHead(call, (nil, nil, nil, nil), UnsafeRawBufferPointer(start: nil, count: 0), [], &w)
        }
        w.raw(",\"earlyMedia\":")
        w.rawBool(call.earlyMedia)
        w.raw(",\"pddMs\":")
        w.rawDouble(call.pddMs)
        w.raw(",\"setupMs\":")
        w.rawDouble(call.setupMs)
        w.raw(",\"durationMs\":")
        w.rawDouble(call.durationMs)
        w.raw(",\"srdMs\":")
        w.rawDouble(call.srdMs)
        w.raw(",\"sddMs\":")
        w.rawDouble(call.sddMs)
        if call.method == "REGISTER" {
            w.raw(",\"aor\":")
            w.rawString(call.to?.uri)
            w.raw(",\"rrdMs\":")
            w.rawDouble(call.rrdMs)
            w.raw(",\"expiresGranted\":")
            w.rawInt(call.expiresGranted)
            w.raw(",\"challenges\":")
            w.rawInt(call.challenges)
        }
        w.raw(",\"retransmissions\":")
        w.rawInt(call.retransmissions)
        w.raw(",\"otherHopCopies\":")
        w.rawInt(call.otherHopCopies)
        w.raw(",\"transactions\":")
        w.rawInt(call.transactions)
        w.raw(",\"dialogs\":[")
        for d in call.dialogs.indices {
            // A streamed call's tags from the bytes, as `toTag` would decode them.
            w.raw(d == 0 ? "{\"toTag\":" : ",{\"toTag\":")
            if !Dialog.withDeferredTag(of: call.dialogs, d, to: true, { w.rawDecoded($0) }) {
                w.rawString(call.dialogs[d].toTag)
            }
            w.raw(",\"fromTag\":")
            if !Dialog.withDeferredTag(of: call.dialogs, d, to: false, { w.rawDecoded($0) }) {
                w.rawString(call.dialogs[d].fromTag)
            }
            w.raw(",\"state\":")
            w.raw(call.dialogs[d].state.quotedJSON)
            w.raw(",\"path\":[")
            for (i, stage) in call.dialogs[d].path.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw(stage.quotedJSON)
            }
            w.raw("],\"events\":[")
            for e in call.dialogs[d].events.indices {
                w.raw(e == 0 ? "{\"frame\":" : ",{\"frame\":")
                w.rawInt(call.dialogs[d].events[e].frame)
                w.raw(",\"time\":")
                w.rawTimestamp(call.dialogs[d].events[e].timestamp)
                w.raw(",\"event\":")
                w.rawString(call.dialogs[d].events[e].kind)
                w.raw(",\"detail\":")
                w.rawString(call.dialogs[d].events[e].detail)
                w.raw("}")
            }
            w.raw("]}")
        }
        w.raw("],\"messages\":[")
        // The messages go through the writer's own bookkeeping again (each
        // begins a raw value), as inside an array.
        w.enterRawArray()
        for i in call.messages.indices { write(call.messages, i, &w) }
        if let streamed = call.streamed {
            for i in streamed.messages.indices { write(streamed, i, &w) }
        }
        w.leaveRawArray()
        w.raw("]}")
    }

    /// The keys up to `finalReason`: a streamed call's Call-ID, From, To and
    /// reason from the bytes where it has them still (see
    /// `Call.deferredParts`, of `text` and `messages`), the rest from the
    /// call's values.
    private static func writeHead(
        _ call: Call, _ parts: (callID: CallIDKey?, from: Range<Int>?, to: Range<Int>?, finalReason: Int?),
        _ text: UnsafeRawBufferPointer, _ messages: [StreamedMessage], _ w: inout JSONWriter
    ) {
        w.raw("{\"callId\":")
        if let id = parts.callID { id.withUnsafeBytes { w.rawDecoded($0) } } else { w.rawString(call.callID) }
        w.raw(",\"method\":")
        // Nearly every call's method; the rest escaped as any text.
        if call.isInvite { w.raw("\"INVITE\"") } else { w.rawString(call.method) }
        // Each value's parts in place when it is the usual plain ASCII,
        // else parsed as `Call.from` would be.
        let from = parts.from.flatMap { NameAddress.parts(text, $0) }
        let to = parts.to.flatMap { NameAddress.parts(text, $0) }
        let fromAddress = from == nil ? call.from : nil
        let toAddress = to == nil ? call.to : nil
        w.raw(",\"from\":")
        if let from { w.rawNameAddress(text, from) } else { w.rawNameAddress(fromAddress) }
        w.raw(",\"to\":")
        if let to { w.rawNameAddress(text, to) } else { w.rawNameAddress(toAddress) }
        w.raw(",\"fromUser\":")
        if let from { w.rawUser(text, from) } else { w.rawString(fromAddress?.user) }
        w.raw(",\"toUser\":")
        if let to { w.rawUser(text, to) } else { w.rawString(toAddress?.user) }
        w.raw(",\"outcome\":")
        w.raw(call.outcome.quotedJSON)
        w.raw(",\"finalStatus\":")
        w.rawInt(call.finalStatus)
        w.raw(",\"finalReason\":")
        if let index = parts.finalReason, index < messages.count, let reason = messages[index].reason(text) {
            w.rawDecoded(reason)
        } else {
            w.rawString(call.finalReason)
        }
    }
}

extension JSONWriter {
    /// A From or To value's user as `rawString(address.user)` writes it.
    fileprivate mutating func rawUser(_ bytes: UnsafeRawBufferPointer, _ parts: NameAddress.Parts) {
        if let user = parts.user { rawQuoted(UnsafeRawBufferPointer(rebasing: bytes[user])) } else { raw("null") }
    }
}
