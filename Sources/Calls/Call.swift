import SIP

/// Everything siptrace knows of one Call-ID once the capture has been read.
public struct Call: Sendable {
    /// The Call-ID. A streamed call's (see `streamed`) is read from its bytes
    /// when asked, as are `from`, `to` and `finalReason`: ndjson writes them
    /// from the bytes (`deferredParts`), and making the strings was a tenth
    /// of the tracking thread's work.
    public var callID: String {
        get { storedCallID ?? deferred?.callIDText ?? "" }
        set { storedCallID = newValue }
    }
    /// Order of first appearance in the capture (0 for the first call). A
    /// Call-ID used again after its call ended and was forgotten (see
    /// `CallTracker.expire`) starts another call with a later order.
    public var order = 0
    /// `INVITE` for a call; otherwise the method that opened the exchange
    /// (`REGISTER`, `OPTIONS`, ...), or the CSeq method when only responses were seen.
    public var method: String
    public var from: NameAddress? {
        get { storedFrom ?? deferred.flatMap { streamed?.address($0.from) } }
        set { storedFrom = .some(newValue) }
    }
    public var to: NameAddress? {
        get { storedTo ?? deferred.flatMap { streamed?.address($0.to) } }
        set { storedTo = .some(newValue) }
    }
    public var messages: [MessageRecord]
    /// A call streamed as ndjson (`Pipeline.streamMessageJSON`) keeps its
    /// messages here instead, their JSON written as they came; `messages` is
    /// then empty, so what reads a call's records (the checks, the text
    /// report, `CallMetrics.isCompleted`) is not for such a call: it is for
    /// `JSONReport.write(_:_:)` on a compact writer.
    public var streamed: StreamedMessages? = nil {
        // The Call-ID, From, To and reason read from it (`deferred`) are
        // made strings first: changing it must not change them.
        willSet { settleDeferred() }
    }
    public var outcome: CallOutcome
    /// The final response that decided the outcome.
    public var finalStatus: Int?
    public var finalReason: String? {
        get { storedFinalReason ?? deferred.flatMap { streamed?.reasonPhrase(at: $0.finalReason) } }
        set { storedFinalReason = .some(newValue) }
    }
    /// A provisional response to the INVITE carried SDP (183 or 180 with a body).
    public var earlyMedia: Bool
    /// Post-dial delay: first INVITE to the first 18x, in milliseconds.
    public var pddMs: Double?
    /// Setup time: first INVITE to the first 2xx for it, in milliseconds.
    public var setupMs: Double?
    /// Duration: the 2xx to the first BYE, in milliseconds (RFC 6076 §4.5 SDT).
    public var durationMs: Double?
    /// Session request delay (RFC 6076 §4.3): the INVITE to its first response
    /// other than 100, provisional or final, in milliseconds.
    public var srdMs: Double?
    /// Session disconnect delay (RFC 6076 §4.4): the BYE to its final response.
    public var sddMs: Double?
    /// REGISTER only: registration request delay (RFC 6076 §4.1) of the first
    /// successful cycle, REGISTER to 2xx, challenges included; and the expiry the registrar
    /// granted (Contact `expires` or Expires of the 2xx).
    public var rrdMs: Double?
    /// Every successful registration cycle's delay, in order (refreshes included).
    public var registrationDelaysMs: [Double] = []
    public var expiresGranted: Int?
    /// 401/407 challenges answered to non-INVITE requests (a REGISTER's digest loop).
    public var challenges: Int = 0
    /// The dialogs of an INVITE call (several when the INVITE forked).
    public var dialogs: [Dialog] = []
    /// Distinct transactions (RFC 3261 §17): requests by branch and method.
    public var transactions: Int = 0

    /// Set, these replace what `deferred` says: nil until then.
    private var storedCallID: String? = nil
    private var storedFrom: NameAddress?? = nil
    private var storedTo: NameAddress?? = nil
    private var storedFinalReason: String?? = nil
    /// A streamed call's Call-ID bytes and where in its text its From and To
    /// values and final response are, read for the four values above while
    /// they are not set.
    private var deferred: DeferredParts? = nil

    /// Makes the values `deferred` gives stored ones, read from `streamed`
    /// as it is now.
    private mutating func settleDeferred() {
        guard deferred != nil else { return }
        let (callID, from, to, finalReason) = (self.callID, self.from, self.to, self.finalReason)
        storedCallID = callID
        storedFrom = .some(from)
        storedTo = .some(to)
        storedFinalReason = .some(finalReason)
        deferred = nil
    }

    /// See `deferred`.
    struct DeferredParts: Sendable {
        var callID: CallIDKey
        /// Ranges of `streamed.text`; lower bound -1 for none.
        var from: Range<Int>
        var to: Range<Int>
        /// Index in `streamed.messages` of the deciding response.
        var finalReason: Int?

        var callIDText: String { callID.text }
    }

    public init(
        callID: String, method: String, from: NameAddress?, to: NameAddress?, messages: [MessageRecord],
        outcome: CallOutcome, finalStatus: Int?, finalReason: String?, earlyMedia: Bool, pddMs: Double? = nil,
        setupMs: Double? = nil, durationMs: Double? = nil
    ) {
        storedCallID = callID
        self.method = method
        storedFrom = .some(from)
        storedTo = .some(to)
        self.messages = messages
        self.outcome = outcome
        self.finalStatus = finalStatus
        storedFinalReason = .some(finalReason)
        self.earlyMedia = earlyMedia
        self.pddMs = pddMs
        self.setupMs = setupMs
        self.durationMs = durationMs
    }

    /// A streamed call whose Call-ID, From, To and final reason are read
    /// from `streamed` as they are asked for (see `deferred`).
    init(
        callID: CallIDKey, from: Range<Int>, to: Range<Int>, finalReason: Int?, method: String, outcome: CallOutcome,
        finalStatus: Int?, earlyMedia: Bool, streamed: StreamedMessages
    ) {
        deferred = DeferredParts(callID: callID, from: from, to: to, finalReason: finalReason)
        self.method = method
        messages = []
        self.streamed = streamed
        self.outcome = outcome
        self.finalStatus = finalStatus
        self.earlyMedia = earlyMedia
    }

    /// For the JSON writer, the parts of a streamed call still to be read
    /// from its text: the Call-ID's bytes (nil once `callID` is set), the
    /// From and To values' ranges in `streamed.text` (nil once set or when
    /// there is none) and the deciding response's index in
    /// `streamed.messages` (nil once `finalReason` is set or when there is
    /// none).
    package var deferredParts: (callID: CallIDKey?, from: Range<Int>?, to: Range<Int>?, finalReason: Int?)? {
        guard let deferred, streamed != nil else { return nil }
        func range(_ r: Range<Int>, _ stored: NameAddress??) -> Range<Int>? {
            stored == nil && r.lowerBound >= 0 ? r : nil
        }
        return (
            storedCallID == nil ? deferred.callID : nil, range(deferred.from, storedFrom), range(deferred.to, storedTo),
            storedFinalReason == nil ? deferred.finalReason : nil
        )
    }

    public var isInvite: Bool { method == "INVITE" }

    public var retransmissions: Int {
        messages.reduce(0) { $0 + ($1.isRetransmission ? 1 : 0) }
            + (streamed?.messages.reduce(0) { $0 + ($1.isRetransmission ? 1 : 0) } ?? 0)
    }

    /// Messages seen again on another hop of a multi-point capture.
    public var otherHopCopies: Int {
        messages.reduce(0) { $0 + ($1.isOtherHop ? 1 : 0) }
            + (streamed?.messages.reduce(0) { $0 + ($1.isOtherHop ? 1 : 0) } ?? 0)
    }
}
