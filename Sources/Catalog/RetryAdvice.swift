/// What the caller may do after a response: nothing, resend changed, resend with
/// credentials, resend elsewhere, resend later, or not resend at all.
///
/// Drawn from each code's definition (RFC 3261 §21 and the extensions): 3xx and many
/// 5xx point elsewhere, Retry-After marks the codes worth trying later (RFC 3261
/// §20.33), and 4xx codes mostly require a change to the request (§21.4).
public enum RetryAdvice: String, Sendable, CaseIterable {
    /// Progress or success: there is nothing to retry.
    case notApplicable
    /// Resend once the request is changed as the response asks.
    case modify
    /// Resend with credentials that answer the challenge (RFC 3261 §22).
    case authenticate
    /// Resend to another address or server.
    case elsewhere
    /// Resend the same request later, at the time Retry-After gives if present.
    case later
    /// Do not resend automatically: something outside the request must change.
    case never

    /// The advice in words, completing "the request …".
    public var phrase: String {
        switch self {
        case .notApplicable: "needs no retry"
        case .modify: "can be sent again once it is changed as the response asks"
        case .authenticate: "should be sent again with credentials that answer the challenge"
        case .elsewhere: "can be sent again to another address or server"
        case .later: "can be sent again later, at the time Retry-After gives when there is one"
        case .never: "should not be sent again automatically; something outside the request has to change first"
        }
    }
}
