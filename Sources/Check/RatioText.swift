import Report

/// Ratios as a rules file or a flag gives them: `0.95` or `95%`, between 0 and 1.
public enum RatioText {
    public static func parse(_ text: String) -> Double? {
        let t = text.trimmingSpaces
        if t.hasSuffix("%") {
            guard let p = Double(t.dropLast().trimmingSpaces), p >= 0, p <= 100 else { return nil }
            return p / 100
        }
        guard let r = Double(t), r >= 0, r <= 1 else { return nil }
        return r
    }

    /// Three decimals, trailing zeros dropped: `0.286`, `0.95`, `1`.
    public static func format(_ ratio: Double) -> String {
        formatDecimal(ratio, fractionDigits: 3)
    }
}
