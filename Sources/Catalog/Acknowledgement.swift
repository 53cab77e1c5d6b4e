/// How a caller confirms a response to an INVITE.
///
/// INVITE is the one method whose responses are acknowledged, and the rule depends
/// only on the class: a 2xx is confirmed by an ACK that is a new request sent end to
/// end (RFC 3261 §13.2.2.4), a 3xx–6xx by an ACK the client transaction sends to the
/// same hop (§17.1.1.3), and a 1xx never by ACK, only by PRACK when it was sent
/// reliably (RFC 3262 §4).
public enum Acknowledgement: String, Sendable, CaseIterable {
    /// 1xx: no ACK; PRACK when the response carries Require: 100rel and RSeq.
    case prackWhenReliable
    /// 2xx: the caller sends ACK as a new request to the Contact of the response.
    case ackEndToEnd
    /// 3xx–6xx: the caller's transaction sends ACK back to the hop that answered.
    case ackHopByHop

    /// The rule as a sentence of its own.
    public var rule: String {
        switch self {
        case .prackWhenReliable:
            "A 1xx is never ACKed; one other than 100 may be sent reliably (Require: 100rel), and the caller "
                + "then confirms it with PRACK."
        case .ackEndToEnd:
            "A 2xx to an INVITE must be confirmed with an ACK, a new request sent end to end; until it arrives the "
                + "callee keeps resending the 2xx."
        case .ackHopByHop:
            "A 3xx to 6xx answer to an INVITE is ACKed hop by hop inside the transaction, which the caller's SIP "
                + "stack does by itself."
        }
    }

    /// The rule in words, completing "in answer to an INVITE, the response …".
    public var phrase: String {
        switch self {
        case .prackWhenReliable:
            "is never ACKed; when it is sent reliably (Require: 100rel), the caller confirms it with PRACK"
        case .ackEndToEnd:
            "must be confirmed by the caller with an ACK, a new request sent end to end; until it arrives "
                + "the callee keeps resending the response"
        case .ackHopByHop:
            "is ACKed hop by hop inside the INVITE transaction, which the caller's SIP stack does by itself"
        }
    }
}
