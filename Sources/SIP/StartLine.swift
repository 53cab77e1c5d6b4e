/// The first line of a SIP message (RFC 3261 §7.1, §7.2), as offsets.
public enum StartLine: Sendable, Equatable {
    /// `Method SP Request-URI SP SIP/2.0`
    case request(method: Range<Int>, uri: Range<Int>)
    /// `SIP/2.0 SP Status-Code SP Reason-Phrase`
    case response(status: Int, reason: Range<Int>)
}
