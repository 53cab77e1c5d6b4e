/// Greedy word wrapping for terminal text.
///
/// Widths count `Character`s, which matches terminal columns for the text the
/// catalog prints (Latin letters and a few symbols such as §).
public enum TextWrap {
    /// `text` broken into lines of at most `width` characters, each starting with
    /// `indent` spaces; continuation lines start with `hangingIndent` spaces. A word
    /// longer than the room left sits on a line of its own rather than being split.
    public static func lines(_ text: String, width: Int, indent: Int = 0, hangingIndent: Int? = nil) -> [String] {
        let hanging = hangingIndent ?? indent
        var result: [String] = []
        var line = ""
        var lineIndent = indent
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if line.isEmpty {
                line = String(repeating: " ", count: lineIndent) + word
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                result.append(line)
                lineIndent = hanging
                line = String(repeating: " ", count: lineIndent) + word
            }
        }
        if !line.isEmpty { result.append(line) }
        return result
    }

    /// `lines` joined, each ending in a newline.
    public static func wrap(_ text: String, width: Int, indent: Int = 0, hangingIndent: Int? = nil) -> String {
        lines(text, width: width, indent: indent, hangingIndent: hangingIndent).map { $0 + "\n" }.joined()
    }

    /// `text` cut to `width` characters, ending in "..." when something was cut.
    public static func truncate(_ text: String, width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 3 else { return String(text.prefix(max(width, 0))) }
        var cut = String(text.prefix(width - 3))
        while cut.last == " " { cut.removeLast() }
        return cut + "..."
    }

    /// The first sentence of `text`, or all of it.
    public static func firstSentence(_ text: String) -> String {
        sentences(text).first ?? text
    }

    /// `text` split after each ".", "?" or "!" that is followed by a space or ends
    /// the text. The catalog writes no abbreviations, so this is exact for it.
    public static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var chars = text.makeIterator()
        var pending = chars.next()
        while let c = pending {
            current.append(c)
            let next = chars.next()
            if c == "." || c == "?" || c == "!", next == nil || next == " " {
                result.append(current)
                current = ""
                pending = next == " " ? chars.next() : next
                continue
            }
            pending = next
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
