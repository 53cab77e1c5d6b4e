/// Whether a response may carry an SDP body, and what for.
///
/// Offer and answer may ride on an INVITE's 1xx and 2xx (RFC 3261 §13.2.1,
/// RFC 3264); a provisional answer opens early media (RFC 3960). Some failures may
/// carry SDP that says what would have worked: 488 and 606 (RFC 3261 §21.4.26,
/// §21.6.4) and 580 (RFC 3312).
public enum SessionDescription: String, Sendable, CaseIterable {
    /// No session description belongs in this response.
    case none
    /// May carry the SDP answer early, to play ringback, tones or announcements.
    case earlyMedia
    /// Carries the SDP answer (or an offer, when the INVITE had none).
    case answer
    /// May carry SDP describing what could be accepted, or which condition failed.
    case explainsFailure

    /// The rule in words, completing "the response …".
    public var phrase: String {
        switch self {
        case .none: "carries no session description"
        case .earlyMedia: "may carry SDP that opens early media, such as ringback tones or announcements"
        case .answer: "carries the SDP answer for the session (or an offer, when the INVITE had none)"
        case .explainsFailure: "may carry SDP describing what the far end could accept, or which condition failed"
        }
    }
}
