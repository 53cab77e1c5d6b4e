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
        precondition(index >= 0 && index < messages.count)
        // SAFETY: `index` is inside the buffer (checked above), which is
        // valid only while `withInputs`'s closure runs: neither this
        // collection nor what it hands out may leave it.
        return StreamedInput(message: messages.baseAddress! + index, text: text, details: details)
    }
}

/// One of `StreamedInputs`: a pointer to the message, not a copy of it (the
/// analysis reads a message's fields one at a time, each through the
/// collection's subscript), its rare fields looked up only when asked for.
/// Like the collection, valid only inside `StreamedMessages.withInputs`.
struct StreamedInput: DialogInput {
    let message: UnsafePointer<StreamedMessage>
    let text: UnsafeRawBufferPointer
    let allDetails: UnsafeBufferPointer<StreamedMessage.Details>

    init(
        message: UnsafePointer<StreamedMessage>, text: UnsafeRawBufferPointer,
        details: UnsafeBufferPointer<StreamedMessage.Details>
    ) {
        self.message = message
        self.text = text
        allDetails = details
    }

    /// The message's rare fields; nil when it has none.
    var details: StreamedMessage.Details? {
        let at = Int(message.pointee.detailsIndex)
        // Checked, not only in debug builds: the buffer's subscript is not.
        precondition(at < allDetails.count)
        return at < 0 ? nil : allDetails[at]
    }

    var frame: Int { message.pointee.frame }
    var timestamp: Int64 { message.pointee.timestamp }
    var isRetransmission: Bool { message.pointee.isRetransmission }
    var isOtherHop: Bool { message.pointee.isOtherHop }
    var requestMethod: String? { message.pointee.method(details) }
    var requestCode: MethodCode { message.pointee.requestCode }
    var cseqSequence: UInt32? { message.pointee.cseqSequence }
    var cseqCode: MethodCode { message.pointee.cseqCode }
    var responseStatus: Int? { message.pointee.status }
    var reasonPhrase: String? { message.pointee.reason(text).map { String(decoding: $0, as: UTF8.self) } }
    var cseqValue: CSeq? { message.pointee.cseq(details) }
    var fromTagKey: TagBytes? { message.pointee.fromTag(text).map(TagBytes.init) }
    var toTagKey: TagBytes? { message.pointee.toTag(text).map(TagBytes.init) }
    func tagString(_ tag: TagBytes) -> String { String(decoding: tag.bytes, as: UTF8.self) }
    /// Its tags stay where they are in the call's text: no string is made.
    func dialog(toTag: TagBytes?, fromTag: TagBytes?) -> Dialog {
        func range(_ tag: TagBytes?) -> Range<Int>? {
            guard let tag else { return nil }
            // SAFETY: a tag's bytes are a slice of `text` (see `StreamedMessage.fromTag`).
            let start = tag.bytes.isEmpty ? 0 : text.baseAddress!.distance(to: tag.bytes.baseAddress!)
            return start..<(start + tag.bytes.count)
        }
        return Dialog(deferredTo: range(toTag), from: range(fromTag))
    }
    var bodyIsSDP: Bool { message.pointee.hasSDP }
    var rseqValue: UInt32? { details?.rseq }
    var sipfragLine: String? { details?.sipfrag }
    var referTarget: String? { details?.referTo }
    var minSEValue: Int? { details?.minSE }
    var sessionExpiresValue: Int? { details?.sessionExpires }
    var summaryText: String { message.pointee.summaryLine(text, details) }
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
        guard !WordScan.isASCII(a.bytes) || !WordScan.isASCII(b.bytes) else { return false }
        return String(decoding: a.bytes, as: UTF8.self) == String(decoding: b.bytes, as: UTF8.self)
    }
}
