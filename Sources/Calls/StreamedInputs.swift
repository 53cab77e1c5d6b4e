import SIP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streamed call's messages as `DialogAnalysis` reads them: each with the
/// call's text and rare fields beside it. Valid only inside
/// `StreamedMessages.withInputs`, whose buffers it points into.
struct StreamedInputs: RandomAccessCollection {
    let messages: UnsafeBufferPointer<StreamedMessage>
    let text: UnsafeRawBufferPointer
    let details: UnsafeBufferPointer<StreamedMessage.Details>

    var startIndex: Int { 0 }
    var endIndex: Int { messages.count }

    subscript(index: Int) -> StreamedInput {
        let message = messages[index]
        let at = Int(message.detailsIndex)
        // Checked, not only in debug builds: the buffer's subscript is not.
        precondition(at < details.count)
        return StreamedInput(message: message, text: text, details: at < 0 ? nil : details[at])
    }
}

/// One of `StreamedInputs`.
struct StreamedInput: DialogInput {
    let message: StreamedMessage
    let text: UnsafeRawBufferPointer
    let details: StreamedMessage.Details?

    var frame: Int { message.frame }
    var timestamp: Int64 { message.timestamp }
    var isRetransmission: Bool { message.isRetransmission }
    var isOtherHop: Bool { message.isOtherHop }
    var requestMethod: String? { message.method(details) }
    var requestCode: MethodCode { message.requestCode }
    var cseqSequence: UInt32? { message.cseqSequence }
    var cseqCode: MethodCode { message.cseqCode }
    var responseStatus: Int? { message.status }
    var reasonPhrase: String? {
        message.status == nil ? nil : String(decoding: message.line(text), as: UTF8.self)
    }
    var cseqValue: CSeq? { message.cseq(details) }
    var fromTagKey: TagBytes? { message.fromTag(text).map(TagBytes.init) }
    var toTagKey: TagBytes? { message.toTag(text).map(TagBytes.init) }
    func tagString(_ tag: TagBytes) -> String { String(decoding: tag.bytes, as: UTF8.self) }
    var bodyIsSDP: Bool { message.hasSDP }
    var rseqValue: UInt32? { details?.rseq }
    var sipfragLine: String? { details?.sipfrag }
    var referTarget: String? { details?.referTo }
    var minSEValue: Int? { details?.minSE }
    var sessionExpiresValue: Int? { details?.sessionExpires }
    var summaryText: String { message.summaryLine(text, details) }
    var offeredMedia: SDPMedia? { details?.firstMedia }
}

/// A tag as bytes in a streamed call's text, compared as the `String`s
/// decoded from them compare (what a record's tags are): byte for byte when
/// both are ASCII, else decoded (invalid UTF-8 repaired, canonical
/// equivalence). Most tags are ASCII: no string is made to compare them.
struct TagBytes: Equatable {
    let bytes: UnsafeRawBufferPointer

    static func == (a: TagBytes, b: TagBytes) -> Bool {
        // The same bytes decode to the same string: the usual case, a tag
        // compared with its own dialog's, needs no more.
        // SAFETY: both buffers hold `count` bytes, so a non-empty one has a
        // base address and memcmp reads inside them.
        if a.bytes.count == b.bytes.count
            && (a.bytes.isEmpty || memcmp(a.bytes.baseAddress!, b.bytes.baseAddress!, a.bytes.count) == 0)
        {
            return true
        }
        // Different bytes: different strings when both are ASCII, else as
        // the decoded strings compare.
        var high: UInt8 = 0
        for byte in a.bytes { high |= byte }
        for byte in b.bytes { high |= byte }
        guard high >= 0x80 else { return false }
        return String(decoding: a.bytes, as: UTF8.self) == String(decoding: b.bytes, as: UTF8.self)
    }
}
