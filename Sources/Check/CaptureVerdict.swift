/// Every rule's verdict on one capture, with the few facts about the capture
/// that a reader of the verdicts needs.
public struct CaptureVerdict: Sendable, Equatable {
    public var file: String
    public var calls: Int
    public var inviteCalls: Int
    public var sipMessages: Int
    /// Set when the capture was cut short: the checks saw only part of it.
    public var truncation: String?
    public var verdicts: [Verdict]
    /// Seconds the analysis and the checks took; the CLI measures it for JUnit.
    public var seconds: Double

    public init(
        file: String, calls: Int, inviteCalls: Int, sipMessages: Int, truncation: String?, verdicts: [Verdict],
        seconds: Double = 0
    ) {
        self.file = file
        self.calls = calls
        self.inviteCalls = inviteCalls
        self.sipMessages = sipMessages
        self.truncation = truncation
        self.verdicts = verdicts
        self.seconds = seconds
    }

    public var passed: Bool { verdicts.allSatisfy(\.passed) }

    /// `42 calls (42 INVITE), 228 SIP messages`.
    public var summary: String {
        let callNoun = calls == 1 ? "call" : "calls"
        let messageNoun = sipMessages == 1 ? "message" : "messages"
        return "\(calls) \(callNoun) (\(inviteCalls) INVITE), \(sipMessages) SIP \(messageNoun)"
    }
    public var failures: Int { verdicts.count { !$0.passed } }
}
