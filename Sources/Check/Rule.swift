/// One check on a capture. Each case reads the capture one way; its `name` is
/// the key that writes it in a rules file and, with dashes, the flag that
/// gives it on the command line (`min_ser`, `--min-ser`).
public enum Rule: Sendable, Equatable {
    /// Every INVITE call was answered (2xx).
    case everyCallAnswered
    /// At most this many calls (every Call-ID) ended failed.
    case maxFailed(Limit)
    /// No call's final response is one of these.
    case failOn([StatusPattern])
    /// No call (every Call-ID) was left without a final response.
    case noIncomplete
    case ratio(RatioRule)
    case timing(TimingRule)
    /// Every INVITE got some response, if only a 100 Trying.
    case noUnansweredInvite
    /// No 2xx to an INVITE was sent again before any ACK for it was seen.
    case noUnacked200
    /// Retransmitted messages, as a count or a share of all SIP messages.
    case maxRetransmissions(Limit)
    /// No payload that looked like SIP failed to read as a message.
    case noMalformed
    case expect(CallExpectation)

    public var name: String {
        switch self {
        case .everyCallAnswered: return "every_call_answered"
        case .maxFailed: return "max_failed"
        case .failOn: return "fail_on"
        case .noIncomplete: return "no_incomplete"
        case .ratio(let r): return r.name
        case .timing(let t): return t.name
        case .noUnansweredInvite: return "no_unanswered_invite"
        case .noUnacked200: return "no_unacked_200"
        case .maxRetransmissions: return "max_retransmissions"
        case .noMalformed: return "no_malformed"
        case .expect(let e): return e.name
        }
    }

    /// The rule names a rules file may use under `rules:`, in the order the
    /// README lists them; `<t>.<stat>` stands for the timing percentiles.
    public static let knownNames: [String] = [
        "every_call_answered", "max_failed", "fail_on", "no_incomplete",
        "min_ser", "min_seer", "min_scr", "min_asr", "max_isa",
        "max_pdd", "max_setup", "max_duration", "pdd.<stat>", "setup.<stat>", "duration.<stat>",
        "no_unanswered_invite", "no_unacked_200", "max_retransmissions", "no_malformed",
    ]

    /// The fields a `calls:` entry may use: one selector, then expectations.
    public static let callSelectorFields = ["call_id", "from", "to", "from_regex", "to_regex", "index"]
    public static let callExpectationFields = ["outcome", "final", "early_media", "responses"]
}
