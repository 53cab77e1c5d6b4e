/// What siptrace knows about one SIP response code: the registered facts, prose for
/// an engineer on call, and structured facts for code that reasons about calls.
///
/// Facts come from the IANA "Response Codes" registry of the SIP parameters and the
/// RFC that defines each code; the sentences are siptrace's own. `meaning`,
/// `whenYouSeeIt` and `howToFix` are the names the `analyze` annotation uses.
public struct CatalogEntry: Sendable, Equatable {
    /// The code; for an unregistered code, the code that was asked for.
    public let code: Int
    /// The registered reason phrase ("Session Progress"); empty when unregistered.
    public let reason: String
    public let responseClass: ResponseClass
    /// The defining document, "RFC 3261".
    public let rfc: String
    /// The section of `rfc` that defines the code, "21.1.5".
    public let section: String
    /// What the code means, in one or two sentences.
    public let meaning: String
    /// Who sends it, for which methods, in which real situations.
    public let whenYouSeeIt: String
    /// What to do, most useful sentence first; says so when there is nothing to fix.
    public let howToFix: String
    /// When a sender should choose this code, completing "use 183 when …".
    public let whenToUse: String
    /// False when the entry is the class fallback speaking for an unregistered code.
    public let isRegistered: Bool
    public let facts: ResponseFacts
    /// Codes worth reading next to this one, ascending.
    public let related: [Int]

    init(
        code: Int,
        reason: String,
        rfc: String = "RFC 3261",
        section: String,
        meaning: String,
        whenYouSeeIt: String,
        howToFix: String,
        whenToUse: String,
        facts: ResponseFacts,
        related: [Int],
        isRegistered: Bool = true
    ) {
        guard let responseClass = ResponseClass(code: code) else {
            preconditionFailure("\(code) is not a SIP response code")
        }
        self.code = code
        self.reason = reason
        self.responseClass = responseClass
        self.rfc = rfc
        self.section = section
        self.meaning = meaning
        self.whenYouSeeIt = whenYouSeeIt
        self.howToFix = howToFix
        self.whenToUse = whenToUse
        self.isRegistered = isRegistered
        self.facts = facts
        self.related = related.sorted()
    }

    /// Whether the response ends its transaction (every class but 1xx).
    public var isFinal: Bool { responseClass.isFinal }

    /// How the caller confirms this response when it answers an INVITE.
    public var acknowledgement: Acknowledgement { responseClass.acknowledgement }

    /// "183 Session Progress", or "499 (unregistered)".
    public var title: String {
        isRegistered ? "\(code) \(reason)" : "\(code) (unregistered)"
    }

    /// "RFC 3261 §21.1.5".
    public var citation: String { "\(rfc) §\(section)" }
}
