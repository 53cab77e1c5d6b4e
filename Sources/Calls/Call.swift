import SIP

/// Everything siptrace knows of one Call-ID once the capture has been read.
public struct Call: Sendable {
    public var callID: String
    /// Order of first appearance in the capture (0 for the first call). A
    /// Call-ID used again after its call ended and was forgotten (see
    /// `CallTracker.expire`) starts another call with a later order.
    public var order = 0
    /// `INVITE` for a call; otherwise the method that opened the exchange
    /// (`REGISTER`, `OPTIONS`, ...), or the CSeq method when only responses were seen.
    public var method: String
    public var from: NameAddress?
    public var to: NameAddress?
    public var messages: [MessageRecord]
    /// A call streamed as ndjson (`Pipeline.streamMessageJSON`) keeps its
    /// messages here instead, their JSON written as they came; `messages` is
    /// then empty, so what reads a call's records (the checks, the text
    /// report, `CallMetrics.isCompleted`) is not for such a call: it is for
    /// `JSONReport.write(_:_:)` on a compact writer.
    public var streamed: StreamedMessages? = nil
    public var outcome: CallOutcome
    /// The final response that decided the outcome.
    public var finalStatus: Int?
    public var finalReason: String?
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
