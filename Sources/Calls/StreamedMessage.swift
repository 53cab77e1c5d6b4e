import SIP

/// What a call streamed as ndjson keeps of one of its messages: the JSON of
/// the message already written (in the call's `StreamedMessages.text`), and
/// the few fields the call's dialogs, method and final reason are worked out
/// from.
///
/// Why not a `MessageRecord`: making one copies every field of the message
/// into `String`s and arrays, and moving it (a few hundred bytes) from the
/// reading thread into its call, then destroying it after the call's line is
/// written, was most of `--format ndjson`'s work. This keeps a message in
/// some two hundred bytes of JSON and a plain value, no reference in it: the
/// tags and the start line's text are bytes in the call's text, right after
/// the JSON, and the rare fields are in the call's `details`. Copying one is
/// copying its bytes, freeing a call's list is one free, and, as a rule,
/// nothing made on the reading thread is freed on the tracking one (glibc's
/// slow path; the rare fields' box is the exception).
public struct StreamedMessage: Sendable {
    public var frame: Int
    public var timestamp: Int64
    /// Where the message's JSON is in the call's text: the part before the
    /// `retransmission` and `otherHop` marks (which are known only once the
    /// message is in its call), then the rest, up to the annotation.
    /// (Offsets as `Int`: a call's text may pass 2 GiB, a long dialog of big
    /// TCP messages, and a 32-bit offset would wrap.)
    public var text: Range<Int> = 0..<0
    public var marksAt = 0
    /// What follows the JSON in the call's text, back to back: the From tag,
    /// the To tag (-1: none), then the start line's text after the method or
    /// status (the request URI or the reason phrase), each as
    /// `SIPMessageView.string` reads it (trimmed, unfolded), not yet decoded.
    public var fromTagCount: Int32 = -1
    public var toTagCount: Int32 = -1
    public var lineCount: Int32 = 0
    /// The message's rare fields at this index of the call's
    /// `StreamedMessages.details`; -1 when it has none (as a rule).
    public var detailsIndex: Int32 = -1
    // The method, status and CSeq as codes: a message is moved several times
    // on its way into its call, and these were three strings and two
    // optionals, a third of its size. No CSeq: `cseqMethodCode` is `.none`
    // (a CSeq has a method, never empty).
    private var cseqNumber: UInt32 = 0
    private var statusCode: Int16 = -1
    private var methodCode = MethodCode.none
    private var cseqMethodCode = MethodCode.none
    public var isRetransmission = false
    public var isOtherHop = false
    /// The body is SDP that parsed (`SIPMessage.hasSDP`).
    public var hasSDP = false

    public init(frame: Int, timestamp: Int64) {
        self.frame = frame
        self.timestamp = timestamp
    }

    /// Sets the start line's method (nil for a response) or status. A method
    /// that is not one of the fourteen `MethodCode` knows by name needs its
    /// name in `details`.
    public mutating func setStart(method: MethodCode?, status: Int?) {
        methodCode = method ?? .none
        statusCode = status.map { Int16(clamping: $0) } ?? -1
    }

    /// Sets the CSeq; an unknown method's name goes in `details`, as above.
    public mutating func setCSeq(number: UInt32, method: MethodCode) {
        cseqNumber = number
        cseqMethodCode = method
    }

    /// The request's method; nil for a response. `details`: the message's
    /// (a method siptrace does not know has its name there).
    public func method(_ details: Details?) -> String? {
        guard statusCode < 0 else { return nil }
        return methodCode.knownName ?? details?.methodName
    }

    /// The response's status; nil for a request. (A status line holds three
    /// digits, so `Int16` keeps it whole.)
    public var status: Int? { statusCode < 0 ? nil : Int(statusCode) }

    public func cseq(_ details: Details?) -> CSeq? {
        guard cseqMethodCode.raw != 0 else { return nil }
        return CSeq(number: cseqNumber, method: cseqMethodCode.knownName ?? details?.cseqMethodName ?? "")
    }

    /// The bytes that follow the message's JSON in `callText`, its call's
    /// text (see `fromTagCount`).
    public func fromTag(_ callText: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        fromTagCount < 0 ? nil : slice(callText, at: text.upperBound, count: fromTagCount)
    }

    public func toTag(_ callText: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        toTagCount < 0 ? nil : slice(callText, at: text.upperBound + length(fromTagCount), count: toTagCount)
    }

    public func line(_ callText: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        slice(callText, at: text.upperBound + length(fromTagCount) + length(toTagCount), count: lineCount)
    }

    /// A response's reason phrase (its `line`); nil for a request.
    public func reason(_ callText: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        status == nil ? nil : line(callText)
    }

    /// How many bytes the JSON and what follows it take (see `fromTagCount`).
    public var keptCount: Int { text.count + length(fromTagCount) + length(toTagCount) + Int(lineCount) }

    private func length(_ count: Int32) -> Int { count < 0 ? 0 : Int(count) }

    private func slice(_ callText: UnsafeRawBufferPointer, at start: Int, count: Int32) -> UnsafeRawBufferPointer {
        // Checked, not only in debug builds: a wrong count would read past
        // the message's bytes.
        precondition(start >= 0 && count >= 0 && start + Int(count) <= callText.count)
        return UnsafeRawBufferPointer(rebasing: callText[start..<(start + Int(count))])
    }

    /// `SIPMessage.summaryLine`: "INVITE sip:bob@example.com", "486 Busy Here".
    public func summaryLine(_ callText: UnsafeRawBufferPointer, _ details: Details?) -> String {
        let rest = String(decoding: line(callText), as: UTF8.self)
        if let method = method(details) { return "\(method) \(rest)" }
        let status = status ?? 0
        return rest.isEmpty ? "\(status)" : "\(status) \(rest)"
    }

    /// The rarely present fields, in a box of their own (one reference).
    public final class Details: Sendable {
        public let rseq: UInt32?
        public let sipfrag: String?
        public let referTo: String?
        public let minSE: Int?
        public let sessionExpires: Int?
        /// The first media of a request's SDP offer (what hold and codec
        /// changes are read from), for UPDATEs and INVITEs with a To tag:
        /// the requests `DialogAnalysis` reads it of.
        public let firstMedia: SDPMedia?
        /// The request's method and the CSeq's, when not one of the fourteen
        /// `MethodCode` knows by name.
        public let methodName: String?
        public let cseqMethodName: String?

        public init(
            rseq: UInt32?, sipfrag: String?, referTo: String?, minSE: Int?, sessionExpires: Int?,
            firstMedia: SDPMedia?, methodName: String? = nil, cseqMethodName: String? = nil
        ) {
            self.rseq = rseq
            self.sipfrag = sipfrag
            self.referTo = referTo
            self.minSE = minSE
            self.sessionExpires = sessionExpires
            self.firstMedia = firstMedia
            self.methodName = methodName
            self.cseqMethodName = cseqMethodName
        }

        /// Nil when every field is: most messages have none of them.
        public static func make(
            rseq: UInt32?, sipfrag: String?, referTo: String?, minSE: Int?, sessionExpires: Int?,
            firstMedia: SDPMedia?, methodName: String? = nil, cseqMethodName: String? = nil
        ) -> Details? {
            if rseq == nil && sipfrag == nil && referTo == nil && minSE == nil && sessionExpires == nil
                && firstMedia == nil && methodName == nil && cseqMethodName == nil
            {
                return nil
            }
            return Details(
                rseq: rseq, sipfrag: sipfrag, referTo: referTo, minSE: minSE, sessionExpires: sessionExpires,
                firstMedia: firstMedia, methodName: methodName, cseqMethodName: cseqMethodName)
        }
    }
}

/// A message of a streamed call as the reading side hands it to its call:
/// the value to keep, and bytes that are valid only during `CallTracker.add`
/// (the pipeline's own: `package`, so no caller keeps the pointers past it).
package struct StreamedArrival {
    package var message: StreamedMessage
    /// Its JSON, the part before the marks then the rest (`marksAt` bytes in;
    /// `message.text` is `0..<` its length), then its tags and line (see
    /// `StreamedMessage.fromTagCount`): `message.keptCount` bytes.
    package var text: UnsafeRawBufferPointer
    /// Its rare fields, if any, lent as `text` is: whoever made the arrival
    /// holds them while it is lent (the batch, in its list of them; the
    /// pipeline, around its call to the tracker), and the call retains them
    /// when it keeps them (in its `details`).
    ///
    /// Unmanaged, so that an arrival is plain data with nothing to release:
    /// an optional arrival holding a reference was destroyed through the
    /// runtime's generic value witness, some two hundred instructions, twice
    /// per message on the tracking thread (callgrind).
    private var lentDetails: Unmanaged<StreamedMessage.Details>?
    // SAFETY: whoever made the arrival holds the details while it is used
    // (see above; `init` says so to its callers).
    package var details: StreamedMessage.Details? { lentDetails?.takeUnretainedValue() }
    /// The From and To values, for the call's `from` and `to` when this is its
    /// first message.
    package var from: UnsafeRawBufferPointer?
    package var to: UnsafeRawBufferPointer?

    /// SAFETY: `details` must stay alive while the arrival is used (see
    /// `details`): its reference is not retained.
    package init(
        message: StreamedMessage, text: UnsafeRawBufferPointer, details: StreamedMessage.Details?,
        from: UnsafeRawBufferPointer?, to: UnsafeRawBufferPointer?
    ) {
        self.message = message
        self.text = text
        lentDetails = details.map { Unmanaged.passUnretained($0) }
        self.from = from
        self.to = to
    }
}

/// The messages of a streamed call: their JSON back to back (each followed
/// by its tags and line), what was kept of each (`StreamedMessage`), and the
/// rare fields of the few that have any.
public struct StreamedMessages: Sendable {
    public var text: [UInt8] = []
    public var messages: [StreamedMessage] = []
    public var details: [StreamedMessage.Details] = []

    public init() {}

    /// The From or To value kept at `range` of the text, parsed; nil for none
    /// (lower bound -1).
    func address(_ range: Range<Int>) -> NameAddress? {
        guard range.lowerBound >= 0 else { return nil }
        return text.withUnsafeBytes { NameAddress.parse($0, range) }
    }

    /// The reason phrase of the response at `index` of `messages`; nil for
    /// none (or a request).
    func reasonPhrase(at index: Int?) -> String? {
        guard let index, index < messages.count else { return nil }
        return text.withUnsafeBytes { messages[index].reason($0).map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Calls `body` with the messages as `DialogAnalysis` reads them (their
    /// tags and lines read from the text in place).
    func withInputs<R>(_ body: (StreamedInputs) -> R) -> R {
        text.withUnsafeBytes { text in
            messages.withUnsafeBufferPointer { messages in
                details.withUnsafeBufferPointer { details in
                    body(StreamedInputs(messages: messages, text: text, details: details))
                }
            }
        }
    }
}

extension StreamedMessage {
    var requestCode: MethodCode { statusCode < 0 ? methodCode : .none }
    // `raw != 0` rather than `!= .none`: `MethodCode`'s `==` is another
    // module's function, and around a call the compiler copied the whole
    // message out of the array the analysis reads (twice a message).
    var cseqSequence: UInt32? { cseqMethodCode.raw != 0 ? cseqNumber : nil }
    var cseqCode: MethodCode { cseqMethodCode }
}
