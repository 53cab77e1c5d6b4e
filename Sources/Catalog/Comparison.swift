/// Two response codes side by side, in the order of the seed documents: the class
/// of each, then (rendered from the entries) each one's meaning, when you see it
/// and how to fix it, then key differences and when to use which.
///
/// Differences are computed from the structured facts, not written per pair, so
/// any two codes get a true comparison.
public struct Comparison: Sendable, Equatable {
    public let first: CatalogEntry
    public let second: CatalogEntry
    /// "183 (Session Progress) is a 1xx Provisional response, while 410 (Gone) is …".
    public let classStatement: String
    /// Facts on which the two differ, one item each.
    public let differences: [String]
    /// Facts the two share, one item each.
    public let inCommon: [String]
    /// Which to send when, and how the two relate in a transaction.
    public let whenToUseWhich: [String]

    public init(_ first: CatalogEntry, _ second: CatalogEntry) {
        self.first = first
        self.second = second
        classStatement = Comparison.classStatement(first, second)
        var differences: [String] = []
        var inCommon: [String] = []
        Comparison.compare(first, second, differences: &differences, inCommon: &inCommon)
        self.differences = differences
        self.inCommon = inCommon
        whenToUseWhich = Comparison.whenToUseWhich(first, second)
    }

    /// "183 (Session Progress)", or "499 (unregistered)".
    static func name(_ e: CatalogEntry) -> String {
        e.isRegistered ? "\(e.code) (\(e.reason))" : "\(e.code) (unregistered)"
    }

    static func kind(_ c: ResponseClass) -> String { "\(c.label) \(c.rawValue) response" }

    private static func classStatement(_ a: CatalogEntry, _ b: CatalogEntry) -> String {
        if a.code == b.code { return "\(name(a)) is compared with itself: a \(kind(a.responseClass))." }
        if a.responseClass == b.responseClass {
            return "\(name(a)) and \(name(b)) are both \(kind(a.responseClass))s."
        }
        return "\(name(a)) is a \(kind(a.responseClass)), while \(name(b)) is a \(kind(b.responseClass))."
    }

    private static func compare(
        _ a: CatalogEntry, _ b: CatalogEntry, differences: inout [String], inCommon: inout [String]
    ) {
        let x = "\(a.code)"
        let y = "\(b.code)"

        // Final or provisional (RFC 3261 §7.2, §17).
        if a.isFinal != b.isFinal {
            let (p, f) = a.isFinal ? (y, x) : (x, y)
            differences.append(
                "\(p) is provisional: the transaction stays open and a final response is still to come. "
                    + "\(f) is final: it closes the transaction, and no other response follows it.")
        } else if a.isFinal {
            inCommon.append("Both are final: each one closes the transaction it answers.")
        } else {
            inCommon.append(
                "Both are provisional: neither ends the transaction, and a final response is still to come.")
        }

        // What the class does to the request as a whole (RFC 3261 §16.7 for forking).
        if a.responseClass != b.responseClass {
            differences.append("\(x) \(a.responseClass.role), while \(y) \(b.responseClass.role).")
        } else {
            inCommon.append("Both are \(a.responseClass.rawValue) codes: each \(a.responseClass.role).")
        }

        // Dialogs (RFC 3261 §12.1, RFC 6228).
        if a.facts.dialog != b.facts.dialog {
            differences.append("\(x) \(a.facts.dialog.phrase), whereas \(y) \(b.facts.dialog.phrase).")
        } else if a.facts.dialog == .none {
            inCommon.append("Neither creates a dialog.")
        } else {
            inCommon.append("Both \(a.facts.dialog.phrase).")
        }

        // SDP (RFC 3264).
        if a.facts.sdp != b.facts.sdp {
            differences.append("\(x) \(a.facts.sdp.phrase); \(y) \(b.facts.sdp.phrase).")
        } else if a.facts.sdp == .none {
            inCommon.append("Neither carries a session description.")
        } else {
            inCommon.append("Both \(a.facts.sdp.phrase).")
        }

        // Acknowledgement of INVITE responses (RFC 3261 §13.2.2.4, §17.1.1.3; RFC 3262).
        if a.acknowledgement != b.acknowledgement {
            differences.append(
                "In answer to an INVITE, \(x) \(a.acknowledgement.phrase). \(y) \(b.acknowledgement.phrase).")
        } else {
            inCommon.append("The same acknowledgement rule applies to both. " + a.acknowledgement.rule)
        }

        // Retry.
        if a.facts.retry != b.facts.retry {
            differences.append("After \(x) the request \(a.facts.retry.phrase). After \(y) it \(b.facts.retry.phrase).")
        } else {
            inCommon.append("After either one, the request \(a.facts.retry.phrase).")
        }

        // Permanence.
        if a.facts.permanence != b.facts.permanence {
            differences.append(a.conditionSentence + " " + b.conditionSentence)
        } else if a.facts.permanence != .notApplicable {
            inCommon.append("Both report a condition that is \(a.facts.permanence.phrase).")
        }

        // Headers.
        if a.facts.headers != b.facts.headers {
            differences.append("Headers to read: with \(x), \(headers(a)); with \(y), \(headers(b)).")
        } else if !a.facts.headers.isEmpty {
            inCommon.append("Both come with the same headers to read: \(headers(a)).")
        }
    }

    private static func headers(_ e: CatalogEntry) -> String { e.headerList }

    private static func whenToUseWhich(_ a: CatalogEntry, _ b: CatalogEntry) -> [String] {
        let x = "\(a.code)"
        let y = "\(b.code)"
        if a.code == b.code { return ["Use \(x) when \(a.whenToUse)."] }
        var lines = ["Use \(x) when \(a.whenToUse).", "Use \(y) when \(b.whenToUse)."]
        if a.isFinal != b.isFinal {
            let (p, f) = a.isFinal ? (y, x) : (x, y)
            lines.append(
                "They are not alternatives: \(p) can come first while the request is pending, and \(f) then ends "
                    + "it; nothing can follow \(f).")
        } else if !a.isFinal {
            lines.append("Both can be sent, more than once and in any order, before the final response.")
        } else if a.responseClass == b.responseClass {
            let fallback = a.responseClass.fallbackCode
            let general = Catalog.entry(for: fallback).map { "\($0.code) \($0.reason)" } ?? "\(fallback)"
            if a.code == fallback || b.code == fallback {
                let specific = a.code == fallback ? y : x
                lines.append(
                    "Only one can be the final answer to a request. \(general) is the general code of the class: "
                        + "a peer that does not know \(specific) treats it as \(fallback).")
            } else {
                lines.append(
                    "Only one can be the final answer to a request. A peer that does not know one of them treats "
                        + "it as \(general), so the more specific code only helps peers that understand it.")
            }
        } else {
            lines.append(
                "Only one can be the final answer to a request; pick the one whose class and meaning match what "
                    + "happened.")
        }
        return lines
    }
}
