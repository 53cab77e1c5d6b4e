/// Which calls a per-call expectation is about: one Call-ID, the calls from or
/// to a user (exact, or a regular expression searched in the user part), or the
/// call at a position in order of first appearance.
public enum CallSelector: Sendable, Equatable, CustomStringConvertible {
    case callID(String)
    case fromUser(String)
    case toUser(String)
    /// A regular expression (Swift `Regex` syntax), searched, not anchored:
    /// write `^gone$` for a whole match.
    case fromPattern(String)
    case toPattern(String)
    /// 1-based, counting every Call-ID as `siptrace analyze` numbers them.
    case index(Int)

    /// Compiles a pattern once to tell a bad one at load time. Nil when valid,
    /// else the compiler's message.
    static func patternError(_ pattern: String) -> String? {
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            return "\(error)"
        }
    }

    public var description: String {
        switch self {
        case .callID(let id): return id
        case .fromUser(let user): return "from=" + user
        case .toUser(let user): return "to=" + user
        case .fromPattern(let p): return "from~" + p
        case .toPattern(let p): return "to~" + p
        case .index(let n): return "#\(n)"
        }
    }
}
