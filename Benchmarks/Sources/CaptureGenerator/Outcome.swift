/// How a generated call ends: the mix of the sipp capture.
public enum Outcome: String, CaseIterable, Sendable {
    /// 100, 180, 200, ACK, BYE, 200.
    case answered
    /// 100, 183 with SDP (early media), 200, ACK, BYE, 200.
    case early
    /// 100, 180, 486 Busy Here, ACK.
    case busy
    /// 100, 410 Gone, ACK.
    case gone
    /// 100, 503 Service Unavailable with Retry-After, ACK.
    case unavailable
    /// 100, 180, CANCEL, 200 (CANCEL), 487, ACK.
    case cancel

    public static let defaultMix: [(Outcome, Int)] = [
        (.answered, 60), (.early, 15), (.busy, 10), (.gone, 5), (.unavailable, 5), (.cancel, 5),
    ]

    static func parseMix(_ text: String) -> Result<[(Outcome, Int)], GeneratorError> {
        var mix: [(Outcome, Int)] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=")
            guard parts.count == 2, let outcome = Outcome(rawValue: String(parts[0])), let weight = Int(parts[1]),
                weight >= 0
            else {
                let names = Outcome.allCases.map(\.rawValue).joined(separator: ", ")
                return .failure(GeneratorError("--mix: '\(item)' is not NAME=PERCENT with NAME one of \(names)"))
            }
            mix.append((outcome, weight))
        }
        guard mix.contains(where: { $0.1 > 0 }) else { return .failure(GeneratorError("--mix: all weights are zero")) }
        return .success(mix)
    }
}
