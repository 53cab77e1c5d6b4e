/// Sentences built from an entry's facts, shared by the text renderers and the
/// comparison.
extension CatalogEntry {
    /// Whether the condition the code reports lasts, as a sentence naming the code.
    var conditionSentence: String {
        switch facts.permanence {
        case .notApplicable:
            switch responseClass {
            case .provisional: "\(code) is a progress report, not a condition that lasts."
            case .success: "\(code) reports success, so no condition is left to last."
            default: "\(code) does not say whether its condition lasts."
            }
        case .temporary, .permanent:
            "The condition \(code) reports is \(facts.permanence.phrase)."
        }
    }

    /// The headers worth reading, or "none in particular".
    var headerList: String {
        facts.headers.isEmpty ? "none in particular" : facts.headers.joined(separator: ", ")
    }

    /// "Provisional (1xx), RFC 3261 §21.1.5", or for an unregistered code the code it
    /// is handled as.
    var classLine: String {
        let kind = "\(responseClass.rawValue) (\(responseClass.label))"
        guard isRegistered else {
            let base = responseClass.fallbackCode
            let reason = Catalog.entry(for: base)?.reason ?? ""
            return "\(kind), not in the IANA registry; handled as \(base) \(reason) (\(citation))"
        }
        return "\(kind), \(citation)"
    }
}
