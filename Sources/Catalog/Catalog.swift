/// The response-code catalog: every code in the IANA SIP "Response Codes" registry,
/// compiled in, and the class fallback for codes that are not registered.
public enum Catalog {
    /// Every registered code, ascending.
    public static var entries: [CatalogEntry] { all }

    /// The entry for `code`: the registered entry, or for an unregistered code the
    /// class fallback (`isRegistered == false`); nil only outside 100...699.
    public static func entry(for code: Int) -> CatalogEntry? {
        if let entry = byCode[code] { return entry }
        guard let responseClass = ResponseClass(code: code) else { return nil }
        return fallback(code: code, in: responseClass)
    }

    /// The registered codes of one class, ascending.
    public static func entries(in responseClass: ResponseClass) -> [CatalogEntry] {
        all.filter { $0.responseClass == responseClass }
    }

    /// Whether IANA registers `code`.
    public static func isRegistered(_ code: Int) -> Bool { byCode[code] != nil }

    private static let all: [CatalogEntry] =
        (provisional + success + redirection + clientFailure + serverFailure + globalFailure)
        .sorted { $0.code < $1.code }

    private static let byCode: [Int: CatalogEntry] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// An unregistered code explained by the code a client must treat it as.
    ///
    /// RFC 3261 §8.1.3.2: an unknown final response counts as the x00 of its class,
    /// an unknown provisional one as 183. The facts are that code's; the sentences
    /// say so, because the analyzer prints them under the response.
    static func fallback(code: Int, in responseClass: ResponseClass) -> CatalogEntry {
        let base = byCode[responseClass.fallbackCode]!
        return CatalogEntry(
            code: code,
            reason: "",
            section: "8.1.3.2",
            meaning: "\(code) is not in the IANA registry of SIP response codes, so a client treats it as "
                + "\(base.code) \(base.reason). " + responseClass.summary,
            whenYouSeeIt: "From equipment using a private or vendor-specific code, or one from a draft that never "
                + "reached the registry. The reason phrase is the sender's own text and often says what it meant.",
            howToFix: "Handle it as \(base.code) \(base.reason), and ask the sender's vendor to use a registered code. "
                + base.howToFix,
            whenToUse: "no registered code fits, which is almost never true: \(base.code) is the general code of "
                + "the \(responseClass.label) class",
            facts: base.facts,
            related: [base.code],
            isRegistered: false)
    }
}
