/// Plain-text renderings of the catalog for a terminal, wrapped to a given width.
///
/// Pure functions returning `String` so they test without a process; the commands
/// only choose the width and print.
public enum CatalogText {
    /// The narrowest width the renderers lay out for; narrower requests use it.
    public static let minimumWidth = 40

    /// One entry in full: title, class and RFC, the three prose fields, the facts.
    public static func entry(_ entry: CatalogEntry, width: Int) -> String {
        let width = max(width, minimumWidth)
        var out = TextWrap.wrap(entry.title, width: width) + TextWrap.wrap(entry.classLine, width: width)
        out += prose(entry, width: width, indent: 0)
        out += "\nFacts\n"
        let related = entry.related.map { code in
            Catalog.entry(for: code).map(\.title) ?? "\(code)"
        }
        let facts: [(String, String)] = [
            ("final", entry.isFinal ? "yes: it ends the transaction" : "no: a final response will follow"),
            ("dialog", entry.facts.dialog.phrase),
            ("SDP", entry.facts.sdp.phrase),
            ("ACK", entry.acknowledgement.rule),
            ("retry", "the request " + entry.facts.retry.phrase),
            ("condition", entry.conditionSentence),
            ("headers", entry.headerList),
            ("related", related.joined(separator: ", ")),
        ]
        for (label, value) in facts {
            out += fact(label, value, width: width)
        }
        return out
    }

    /// A class and every registered code in it, one line each.
    public static func responseClass(_ responseClass: ResponseClass, width: Int) -> String {
        let width = max(width, minimumWidth)
        let range = responseClass.codes
        var out = "\(responseClass.label) \(responseClass.rawValue) (\(range.lowerBound)-\(range.upperBound))\n"
        out += TextWrap.wrap(responseClass.summary, width: width, indent: 2) + "\n"
        for entry in Catalog.entries(in: responseClass) {
            let line = "\(entry.code)  \(entry.reason): " + TextWrap.firstSentence(entry.meaning)
            out += TextWrap.truncate(line, width: width) + "\n"
        }
        return out
    }

    /// The whole registry as a table: code, reason, class, defining RFC and section.
    public static func list(_ entries: [CatalogEntry] = Catalog.entries, width: Int) -> String {
        let width = max(width, minimumWidth)
        let reasonWidth = (entries.map(\.reason.count).max() ?? 6) + 2
        let classWidth = (ResponseClass.allCases.map(\.rawValue.count).max() ?? 5) + 2
        func row(_ code: String, _ reason: String, _ kind: String, _ defined: String) -> String {
            let line = pad(code, 6) + pad(reason, reasonWidth) + pad(kind, classWidth) + defined
            return TextWrap.truncate(line, width: width) + "\n"
        }
        var out = row("Code", "Reason", "Class", "Defined in")
        for entry in entries {
            out += row(String(entry.code), entry.reason, entry.responseClass.rawValue, entry.citation)
        }
        return out
    }

    /// Two codes side by side, in the seeds' order.
    public static func comparison(_ comparison: Comparison, width: Int) -> String {
        let width = max(width, minimumWidth)
        let a = comparison.first
        let b = comparison.second
        var out = TextWrap.wrap("\(a.title) vs \(b.title)", width: width) + "\n"
        out += TextWrap.wrap(comparison.classStatement, width: width) + "\n"
        for entry in a.code == b.code ? [a] : [a, b] {
            out += TextWrap.wrap(entry.title, width: width) + TextWrap.wrap(entry.classLine, width: width)
            out += prose(entry, width: width, indent: 2) + "\n"
        }
        out += "Key differences\n"
        if comparison.differences.isEmpty {
            out += TextWrap.wrap("None: the facts of the two codes are the same.", width: width, indent: 2)
        }
        for (index, item) in comparison.differences.enumerated() {
            let number = "\(index + 1). "
            let lines = TextWrap.lines(number + item, width: width, indent: 2, hangingIndent: 2 + number.count)
            out += lines.map { $0 + "\n" }.joined()
        }
        if !comparison.inCommon.isEmpty {
            out += "\nIn common\n"
            for item in comparison.inCommon {
                out += TextWrap.wrap("- " + item, width: width, indent: 2, hangingIndent: 4)
            }
        }
        out += "\nWhen to use which\n"
        for item in comparison.whenToUseWhich {
            out += TextWrap.wrap(item, width: width, indent: 2)
        }
        return out
    }

    /// Meaning, when you see it and how to fix, each under its heading.
    private static func prose(_ entry: CatalogEntry, width: Int, indent: Int) -> String {
        let heading = String(repeating: " ", count: indent)
        var out = ""
        for (title, text) in [
            ("Meaning", entry.meaning), ("When you see it", entry.whenYouSeeIt), ("How to fix", entry.howToFix),
        ] {
            out += "\n" + heading + title + "\n" + TextWrap.wrap(text, width: width, indent: indent + 2)
        }
        return out
    }

    private static let factLabelWidth = 12

    private static func fact(_ label: String, _ value: String, width: Int) -> String {
        let start = 2 + factLabelWidth
        var lines = TextWrap.lines(value, width: width, indent: start)
        if lines.isEmpty { lines = [String(repeating: " ", count: start)] }
        let first = lines[0]
        lines[0] = "  " + pad(label, factLabelWidth) + first.dropFirst(start)
        return lines.map { $0 + "\n" }.joined()
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
