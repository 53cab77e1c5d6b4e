import Report

/// Durations as people write them in a rules file or a flag: `3s`, `250ms`,
/// `1.5s`. A bare number is refused: `3` could mean seconds or milliseconds, and
/// a gate that silently reads the wrong one never fails.
public enum DurationText {
    /// Milliseconds, or nil when `text` is not a duration with a unit.
    public static func parse(_ text: String) -> Double? {
        let t = text.trimmingSpaces
        let number: Substring
        let scale: Double
        if t.hasSuffix("ms") {
            number = t.dropLast(2)
            scale = 1
        } else if t.hasSuffix("s") {
            number = t.dropLast()
            scale = 1000
        } else {
            return nil
        }
        let digits = number.trimmingSpaces
        // Double("inf") and Double("0x1p3") parse; a duration is plain decimal digits.
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(digits)
        else { return nil }
        return value * scale
    }

    /// `250ms` under a second, `1.5s` from a second on, at most 3 decimals: the
    /// way the bound was likely written, so measured and bound read alike.
    public static func format(_ ms: Double) -> String {
        if ms >= 1000 { return formatDecimal(ms / 1000, fractionDigits: 3) + "s" }
        return formatDecimal(ms, fractionDigits: 3) + "ms"
    }
}
