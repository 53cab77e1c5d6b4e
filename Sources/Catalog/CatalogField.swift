/// One keyed value of an entry, in the order and under the names the JSON output
/// uses, so the keys are defined once, here, and stay stable.
public struct CatalogField: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case int(Int)
        case string(String)
        case bool(Bool)
        case strings([String])
        case ints([Int])
    }

    public let key: String
    public let value: Value

    public init(_ key: String, _ value: Value) {
        self.key = key
        self.value = value
    }
}

extension CatalogEntry {
    /// The entry as keyed values: the prose under the names the `analyze` annotation
    /// uses (`meaning`, `whenYouSeeIt`, `howToFix`), then the structured facts.
    public var fields: [CatalogField] {
        [
            CatalogField("code", .int(code)),
            CatalogField("reason", .string(reason)),
            CatalogField("class", .string(responseClass.rawValue)),
            CatalogField("registered", .bool(isRegistered)),
            CatalogField("rfc", .string(rfc)),
            CatalogField("section", .string(section)),
            CatalogField("meaning", .string(meaning)),
            CatalogField("whenYouSeeIt", .string(whenYouSeeIt)),
            CatalogField("howToFix", .string(howToFix)),
            CatalogField("whenToUse", .string(whenToUse)),
            CatalogField("final", .bool(isFinal)),
            CatalogField("dialog", .string(facts.dialog.rawValue)),
            CatalogField("sdp", .string(facts.sdp.rawValue)),
            CatalogField("acknowledgement", .string(acknowledgement.rawValue)),
            CatalogField("retry", .string(facts.retry.rawValue)),
            CatalogField("permanence", .string(facts.permanence.rawValue)),
            CatalogField("headers", .strings(facts.headers)),
            CatalogField("related", .ints(related)),
        ]
    }
}
