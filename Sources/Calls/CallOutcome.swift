/// How a group of messages sharing a Call-ID ended.
public enum CallOutcome: String, Sendable, CaseIterable, Equatable {
    /// An INVITE got a 2xx.
    case answered
    /// The last attempt got a final response of 300 or above.
    case failed
    /// The caller sent CANCEL and the INVITE ended with 487 (or with nothing).
    case cancelled
    /// A non-INVITE request got a 2xx (REGISTER, OPTIONS, MESSAGE, ...).
    case completed
    /// The capture ended before a final response.
    case incomplete
}

extension CallOutcome {
    /// The outcome's place in `allCases` (the summary counts calls in an
    /// array by it).
    var index: Int {
        switch self {
        case .answered: 0
        case .failed: 1
        case .cancelled: 2
        case .completed: 3
        case .incomplete: 4
        }
    }
}
