/// A final response to look for: one status code (`408`) or a whole class
/// (`5xx`), as `--fail-on 5xx,6xx,408` names them.
public enum StatusPattern: Sendable, Equatable, Hashable, CustomStringConvertible {
    case code(Int)
    /// The first digit: 1 to 6 (RFC 3261 §7.2).
    case responseClass(Int)

    public func matches(_ status: Int) -> Bool {
        switch self {
        case .code(let code): return status == code
        case .responseClass(let digit): return status / 100 == digit
        }
    }

    /// `486`, `5xx` or `5XX`; codes from 100 to 699 only.
    public static func parse(_ text: String) -> StatusPattern? {
        let t = text.trimmingSpaces
        let chars = Array(t)
        guard chars.count == 3 else { return nil }
        if chars[1].lowercased() == "x" && chars[2].lowercased() == "x" {
            guard let digit = chars[0].wholeNumberValue, (1...6).contains(digit) else { return nil }
            return .responseClass(digit)
        }
        guard let code = Int(t), (100...699).contains(code) else { return nil }
        return .code(code)
    }

    /// A comma-separated list: `5xx,6xx,408`. Nil when any item is not a status.
    public static func parseList(_ text: String) -> [StatusPattern]? {
        let items = text.split(separator: ",").map { String($0) }
        guard !items.isEmpty else { return nil }
        var patterns: [StatusPattern] = []
        for item in items {
            guard let p = parse(item) else { return nil }
            patterns.append(p)
        }
        return patterns
    }

    public var description: String {
        switch self {
        case .code(let code): return String(code)
        case .responseClass(let digit): return "\(digit)xx"
        }
    }
}
