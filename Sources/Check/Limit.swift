import Report

/// An upper bound on a number of things, as a count (`3`) or as a share of a
/// total (`10%`): "at most 3 failed calls" and "at most 10 % failed" are both
/// common in a CI gate, and one type keeps their parsing and wording alike.
public enum Limit: Sendable, Equatable, CustomStringConvertible {
    case count(Int)
    /// Percent, 0 to 100.
    case percent(Double)

    /// `3` or `10%` (`2.5%` too). Nil for anything else, negative numbers included.
    public static func parse(_ text: String) -> Limit? {
        let t = text.trimmingSpaces
        if t.hasSuffix("%") {
            guard let p = Double(t.dropLast().trimmingSpaces), p >= 0, p <= 100 else { return nil }
            return .percent(p)
        }
        guard let n = Int(t), n >= 0 else { return nil }
        return .count(n)
    }

    /// Whether `n` things out of `total` stay within the limit. A share of an
    /// empty total is 0 %.
    public func allows(_ n: Int, of total: Int) -> Bool {
        switch self {
        case .count(let max): return n <= max
        case .percent(let max): return Limit.percent(n, of: total) <= max
        }
    }

    /// `n` as a percentage of `total`; multiplying first keeps whole results
    /// exact (3 of 30 is 10, not 10.000000000000002).
    static func percent(_ n: Int, of total: Int) -> Double {
        total > 0 ? Double(n) * 100 / Double(total) : 0
    }

    public var description: String {
        switch self {
        case .count(let n): return String(n)
        case .percent(let p): return formatDecimal(p, fractionDigits: 3) + "%"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (no Foundation).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
