/// What a user asked the catalog about on the command line: one code ("183") or a
/// whole class ("4xx").
public enum CatalogQuery: Sendable, Equatable {
    case code(Int)
    case responseClass(ResponseClass)

    /// Parses "183" (three digits, 100...699) or "4xx" (any case); nil otherwise.
    public init?(_ text: String) {
        let chars = Array(text)
        guard chars.count == 3, let first = chars[0].wholeNumberValue, chars[0].isASCII else { return nil }
        if chars[1...].allSatisfy({ $0 == "x" || $0 == "X" }) {
            guard let responseClass = ResponseClass(code: first * 100) else { return nil }
            self = .responseClass(responseClass)
            return
        }
        guard chars.allSatisfy({ $0.isASCII && $0.isNumber }), let code = Int(text),
            ResponseClass(code: code) != nil
        else { return nil }
        self = .code(code)
    }

    /// The one-line complaint about `text` when it is not a code (or class).
    public static func invalidCode(_ text: String, allowClass: Bool = true) -> String {
        "'\(text)' is not a SIP response code: expected a number from 100 to 699"
            + (allowClass ? " or a class such as 4xx" : "")
    }
}
