/// The six classes of SIP responses, named by the first digit of the code
/// (RFC 3261 §7.2 and §21).
///
/// The class carries most of what an element must do with a response it does not
/// know: RFC 3261 §8.1.3.2 tells a client to treat an unknown final response as the
/// x00 code of its class. The raw value is the name shown to people.
public enum ResponseClass: String, Sendable, CaseIterable {
    case provisional = "Provisional"
    case success = "Success"
    case redirection = "Redirection"
    case clientFailure = "Client Failure"
    case serverFailure = "Server Failure"
    case globalFailure = "Global Failure"

    /// The class of `code`, or nil outside 100...699 (RFC 3261 §7.2: status codes
    /// are three digits, 1xx to 6xx).
    public init?(code: Int) {
        switch code {
        case 100...199: self = .provisional
        case 200...299: self = .success
        case 300...399: self = .redirection
        case 400...499: self = .clientFailure
        case 500...599: self = .serverFailure
        case 600...699: self = .globalFailure
        default: return nil
        }
    }

    /// The first digit of every code in the class.
    public var digit: Int {
        switch self {
        case .provisional: 1
        case .success: 2
        case .redirection: 3
        case .clientFailure: 4
        case .serverFailure: 5
        case .globalFailure: 6
        }
    }

    /// The codes the class covers, 100...199 for 1xx.
    public var codes: ClosedRange<Int> { (digit * 100)...(digit * 100 + 99) }

    /// The short name engineers say: "1xx".
    public var label: String { "\(digit)xx" }

    /// Whether a response of this class ends its transaction. Only 1xx do not
    /// (RFC 3261 §7.2, §17).
    public var isFinal: Bool { self != .provisional }

    /// The code a client falls back to for an unknown code of this class.
    ///
    /// RFC 3261 §8.1.3.2: an unknown final response is treated as the x00 of its
    /// class, and an unknown provisional response other than 100 as 183.
    public var fallbackCode: Int { self == .provisional ? 183 : digit * 100 }

    /// What every response of the class says, in two sentences at most.
    public var summary: String {
        switch self {
        case .provisional:
            "Progress reports: the request arrived and is still being handled, and a final response will follow. "
                + "A 1xx never ends the transaction."
        case .success:
            "The request worked. A 2xx to an INVITE starts the session and the caller must acknowledge it with ACK."
        case .redirection:
            "The request should be sent somewhere else: the response names the new address or addresses, usually in "
                + "Contact, and the caller sends a new request there."
        case .clientFailure:
            "The request failed at this server or destination, because of something in the request or in the callee's "
                + "state. Changing the request, or trying another destination, may succeed."
        case .serverFailure:
            "The server failed to handle a request that looked valid. The same request may work on another server, "
                + "or later on this one."
        case .globalFailure:
            "The request will fail wherever it is sent: the answer holds for every destination of the user. "
                + "A forking proxy that gets a 6xx cancels its other branches."
        }
    }

    /// What a response of this class does to the request as a whole, for comparisons
    /// (RFC 3261 §16.7 for forking proxies).
    public var role: String {
        switch self {
        case .provisional: "only reports progress"
        case .success: "reports that the request succeeded"
        case .redirection: "sends the caller to other addresses"
        case .clientFailure:
            "fails the request at this destination only, so a forking proxy keeps its other branches going"
        case .serverFailure: "reports a server fault, so the same request may work on another server"
        case .globalFailure:
            "speaks for every destination of the user, so a forking proxy cancels the branches still pending"
        }
    }

    /// How the caller acknowledges a response of this class when it answers an INVITE.
    public var acknowledgement: Acknowledgement {
        switch self {
        case .provisional: .prackWhenReliable
        case .success: .ackEndToEnd
        default: .ackHopByHop
        }
    }
}
