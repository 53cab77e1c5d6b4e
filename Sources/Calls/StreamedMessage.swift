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
/// some two hundred bytes of JSON and a small value (methods as codes, the
/// tags and reason as strings, short as a rule), and the reading thread,
/// which has the parsed message in hand, writes the JSON once.
public struct StreamedMessage: Sendable {
    public var frame: Int
    public var timestamp: Int64
    public var fromTag: String?
    public var toTag: String?
    /// The response's reason phrase (a request has none).
    public var reason: String?
    /// "INVITE sip:bob@example.com" or "486 Busy Here" (`SIPMessage.summaryLine`),
    /// made only where a dialog event shows it: a retransmission, another
    /// hop's copy, a failure to an INVITE.
    public var summaryLine: String? = nil
    /// The headers a dialog event reads, a request's offered media, and the
    /// name of a method siptrace does not know; nil when the message has none
    /// of them (as a rule).
    public var details: Details?
    /// Where the message's JSON is in the call's text: the part before the
    /// `retransmission` and `otherHop` marks (which are known only once the
    /// message is in its call), then the rest, up to the annotation.
    /// (Offsets as `Int`: a call's text may pass 2 GiB, a long dialog of big
    /// TCP messages, and a 32-bit offset would wrap.)
    public var text: Range<Int> = 0..<0
    public var marksAt = 0
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

    /// The request's method; nil for a response.
    public var method: String? {
        guard statusCode < 0 else { return nil }
        return methodCode.knownName ?? details?.methodName
    }

    /// The response's status; nil for a request. (A status line holds three
    /// digits, so `Int16` keeps it whole.)
    public var status: Int? { statusCode < 0 ? nil : Int(statusCode) }

    public var cseq: CSeq? {
        guard cseqMethodCode != .none else { return nil }
        return CSeq(number: cseqNumber, method: cseqMethodCode.knownName ?? details?.cseqMethodName ?? "")
    }

    /// The rarely present fields, in a box of their own (one reference).
    public final class Details: Sendable {
        public let rseq: UInt32?
        public let sipfrag: String?
        public let referTo: String?
        public let minSE: Int?
        public let sessionExpires: Int?
        /// The first media of a request's SDP offer (what hold and codec
        /// changes are read from), for INVITE and UPDATE requests.
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
    /// Its JSON, the part before the marks then the rest (`marksAt` bytes in).
    package var text: UnsafeRawBufferPointer
    /// The bytes `SIPMessage.summaryLine` reads after the method or status:
    /// the request URI or the reason phrase, as `SIPMessageView.string` reads
    /// them (trimmed, unfolded), not yet decoded.
    package var line: UnsafeRawBufferPointer
    /// The From and To values, for the call's `from` and `to` when this is its
    /// first message.
    package var from: UnsafeRawBufferPointer?
    package var to: UnsafeRawBufferPointer?

    package init(
        message: StreamedMessage, text: UnsafeRawBufferPointer, line: UnsafeRawBufferPointer,
        from: UnsafeRawBufferPointer?, to: UnsafeRawBufferPointer?
    ) {
        self.message = message
        self.text = text
        self.line = line
        self.from = from
        self.to = to
    }

    /// `SIPMessage.summaryLine` of the message.
    var summaryLine: String {
        let rest = String(decoding: line, as: UTF8.self)
        if let method = message.method { return "\(method) \(rest)" }
        let status = message.status ?? 0
        return rest.isEmpty ? "\(status)" : "\(status) \(rest)"
    }
}

/// The messages of a streamed call: their JSON back to back, and what was
/// kept of each (`StreamedMessage`).
public struct StreamedMessages: Sendable {
    public var text: [UInt8] = []
    public var messages: [StreamedMessage] = []

    public init() {}
}

extension StreamedMessage: DialogInput {
    var requestMethod: String? { method }
    var requestCode: MethodCode { statusCode < 0 ? methodCode : .none }
    // `raw != 0` rather than `!= .none`: `MethodCode`'s `==` is another
    // module's function, and around a call the compiler copied the whole
    // message out of the array the analysis reads (twice a message).
    var cseqSequence: UInt32? { cseqMethodCode.raw != 0 ? cseqNumber : nil }
    var cseqCode: MethodCode { cseqMethodCode }
    var responseStatus: Int? { status }
    var reasonPhrase: String? { reason }
    var cseqValue: CSeq? { cseq }
    var bodyIsSDP: Bool { hasSDP }
    var rseqValue: UInt32? { details?.rseq }
    var sipfragLine: String? { details?.sipfrag }
    var referTarget: String? { details?.referTo }
    var minSEValue: Int? { details?.minSE }
    var sessionExpiresValue: Int? { details?.sessionExpires }
    /// Made by the call wherever the analysis can show it (see
    /// `CallBuilder.keep`); "" elsewhere, never read there.
    var summaryText: String { summaryLine ?? "" }
    var offeredMedia: SDPMedia? { details?.firstMedia }
}
