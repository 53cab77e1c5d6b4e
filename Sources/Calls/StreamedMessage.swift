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
/// some two hundred bytes of JSON and a small value whose strings are short
/// (method, tags), and the reading thread, which has the parsed message in
/// hand, writes the JSON once.
public struct StreamedMessage: Sendable {
    public var frame: Int
    public var timestamp: Int64
    public var isRetransmission = false
    public var isOtherHop = false
    /// The request's method; nil for a response.
    public var method: String?
    /// The response's status; nil for a request.
    public var status: Int?
    /// The response's reason phrase (a request has none).
    public var reason: String?
    public var cseq: CSeq?
    public var fromTag: String?
    public var toTag: String?
    /// The body is SDP that parsed (`SIPMessage.hasSDP`).
    public var hasSDP = false
    /// "INVITE sip:bob@example.com" or "486 Busy Here" (`SIPMessage.summaryLine`),
    /// made only where a dialog event shows it: a retransmission, another
    /// hop's copy, a failure to an INVITE.
    public var summaryLine: String? = nil
    /// The headers a dialog event reads, and the offer's first media; nil when
    /// the message has none of them (as a rule).
    public var details: Details?
    /// Where the message's JSON is in the call's text: the part before the
    /// `retransmission` and `otherHop` marks (which are known only once the
    /// message is in its call), then the rest, up to the annotation.
    public var text: Range<Int32> = 0..<0
    public var marksAt: Int32 = 0

    public init(frame: Int, timestamp: Int64) {
        self.frame = frame
        self.timestamp = timestamp
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

        public init(
            rseq: UInt32?, sipfrag: String?, referTo: String?, minSE: Int?, sessionExpires: Int?,
            firstMedia: SDPMedia?
        ) {
            self.rseq = rseq
            self.sipfrag = sipfrag
            self.referTo = referTo
            self.minSE = minSE
            self.sessionExpires = sessionExpires
            self.firstMedia = firstMedia
        }

        /// Nil when every field is: most messages have none of them.
        public static func make(
            rseq: UInt32?, sipfrag: String?, referTo: String?, minSE: Int?, sessionExpires: Int?,
            firstMedia: SDPMedia?
        ) -> Details? {
            if rseq == nil && sipfrag == nil && referTo == nil && minSE == nil && sessionExpires == nil
                && firstMedia == nil
            {
                return nil
            }
            return Details(
                rseq: rseq, sipfrag: sipfrag, referTo: referTo, minSE: minSE, sessionExpires: sessionExpires,
                firstMedia: firstMedia)
        }
    }
}

/// A message of a streamed call as the reading side hands it to its call:
/// the value to keep, and bytes that are valid only during `CallTracker.add`.
public struct StreamedArrival {
    public var message: StreamedMessage
    /// Its JSON, the part before the marks then the rest (`marksAt` bytes in).
    public var text: UnsafeRawBufferPointer
    /// The bytes `SIPMessage.summaryLine` reads after the method or status:
    /// the request URI or the reason phrase, as `SIPMessageView.string` reads
    /// them (trimmed, unfolded), not yet decoded.
    public var line: UnsafeRawBufferPointer
    /// The From and To values, for the call's `from` and `to` when this is its
    /// first message.
    public var from: UnsafeRawBufferPointer?
    public var to: UnsafeRawBufferPointer?

    public init(
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
