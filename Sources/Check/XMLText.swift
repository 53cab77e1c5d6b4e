/// Makes packet text safe inside an XML 1.0 document.
///
/// Call-IDs, reason phrases and parse errors come from the capture and may hold
/// anything: markup characters, which are escaped, and characters XML 1.0
/// cannot carry at all, even escaped (controls other than tab, line feed and
/// carriage return; U+FFFE and U+FFFF), which are replaced by U+FFFD so the
/// reader sees that something was there (XML 1.0 §2.2, production [2] Char).
public enum XMLText {
    /// For element content.
    public static func text(_ s: String) -> String {
        escape(s, attribute: false)
    }

    /// For an attribute value in double quotes. Tab and line breaks become
    /// character references, since a parser would turn them into spaces
    /// (XML 1.0 §3.3.3, attribute-value normalization).
    public static func attribute(_ s: String) -> String {
        escape(s, attribute: true)
    }

    /// Whether XML 1.0 allows the character at all.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    private static func escape(_ s: String, attribute: Bool) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            case "\t" where attribute: out += "&#9;"
            case "\n" where attribute: out += "&#10;"
            case "\r": out += "&#13;"
            case _ where !isAllowed(scalar): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
