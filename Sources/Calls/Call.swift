import SIP

/// Everything siptrace knows of one Call-ID once the capture has been read.
public struct Call: Sendable {
    public var callID: String
    /// `INVITE` for a call; otherwise the method that opened the exchange
    /// (`REGISTER`, `OPTIONS`, ...), or the CSeq method when only responses were seen.
    public var method: String
    public var from: NameAddress?
    public var to: NameAddress?
    public var messages: [MessageRecord]
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
    /// Duration: the 2xx to the first BYE, in milliseconds.
    public var durationMs: Double?

    public var isInvite: Bool { method == "INVITE" }

    public var retransmissions: Int {
        messages.reduce(0) { $0 + ($1.isRetransmission ? 1 : 0) }
    }
}
