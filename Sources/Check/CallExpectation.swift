import Calls

/// What a rules file expects of the calls a selector picks: their outcome,
/// final status, early media, or the exact responses to their INVITE. Every
/// call picked must meet every expectation given, and at least one call must
/// be picked: an expectation about a call that never happened fails.
public struct CallExpectation: Sendable, Equatable {
    public var selector: CallSelector
    public var outcome: CallOutcome?
    public var finalStatus: StatusPattern?
    /// A provisional response to the INVITE carried SDP (183 with SDP, mostly).
    public var earlyMedia: Bool?
    /// The status codes answering the call's request (the INVITE for a call),
    /// in order, retransmissions left out: `[100, 183, 200]`.
    public var responses: [Int]?

    public init(
        selector: CallSelector, outcome: CallOutcome? = nil, finalStatus: StatusPattern? = nil,
        earlyMedia: Bool? = nil, responses: [Int]? = nil
    ) {
        self.selector = selector
        self.outcome = outcome
        self.finalStatus = finalStatus
        self.earlyMedia = earlyMedia
        self.responses = responses
    }

    /// The rule's name in reports and in JUnit: `call to=gone`.
    public var name: String { "call " + selector.description }

    /// Whether anything is expected at all.
    var isEmpty: Bool { outcome == nil && finalStatus == nil && earlyMedia == nil && responses == nil }

    /// What is expected, in words: `final 410, early media`.
    var summary: String {
        var parts: [String] = []
        if let outcome { parts.append("outcome " + outcome.rawValue) }
        if let finalStatus { parts.append("final " + finalStatus.description) }
        if let earlyMedia { parts.append(earlyMedia ? "early media" : "no early media") }
        if let responses { parts.append("responses " + CallExpectation.list(responses)) }
        return parts.joined(separator: ", ")
    }

    static func list(_ codes: [Int]) -> String {
        "[" + codes.map(String.init).joined(separator: ", ") + "]"
    }
}
