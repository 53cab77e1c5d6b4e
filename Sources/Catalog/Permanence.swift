/// Whether the same request, sent again unchanged, could succeed later.
///
/// Some definitions say it outright: 301 and 410 are permanent, 302 and 480
/// temporary, 503 is overload or maintenance (RFC 3261 §21.3.2, §21.4.10, §21.3.3,
/// §21.4.18, §21.5.4). For the rest it follows from what the code reports.
public enum Permanence: String, Sendable, CaseIterable {
    /// Progress or success, or a code that does not say.
    case notApplicable
    /// A passing condition: the same request may succeed later.
    case temporary
    /// A lasting condition: the same request keeps failing until something changes.
    case permanent

    /// The condition in words, completing "the condition it reports is …".
    public var phrase: String {
        switch self {
        case .notApplicable: "not said to be lasting or passing"
        case .temporary: "temporary: the same request may succeed later"
        case .permanent: "permanent: the same request will keep failing until something changes"
        }
    }
}
