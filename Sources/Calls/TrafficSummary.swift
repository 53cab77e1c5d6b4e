import SIP

/// Running totals over a capture: messages per method and status, calls per
/// outcome. Kept incrementally so a summary needs no per-call memory, however
/// long the capture or the live session.
public struct TrafficSummary: Sendable, Equatable {
    /// Requests of the fourteen known methods, by `MethodCode.raw`; others by name.
    private var knownRequests = [Int](repeating: 0, count: MethodCode.knownNames.count)
    private var otherRequests: [String: Int] = [:]
    /// Responses 100 to 699 by status - 100; anything else by code.
    private var statusCounts = [Int](repeating: 0, count: 600)
    private var otherStatuses: [Int: Int] = [:]
    public private(set) var messages = 0
    public private(set) var retransmissions = 0
    /// Messages that came after their call had ended and been reported (within
    /// 64×T1 of its last message): counted here and in `messages`, in no call.
    public private(set) var lateMessages = 0
    public private(set) var calls = 0
    public private(set) var inviteCalls = 0
    /// Distinct transactions over all finished calls (RFC 3261 §17).
    public private(set) var transactions = 0
    /// Calls per outcome, by the outcome's place in `CallOutcome.allCases`
    /// (counted for every call that ends: an array index, not a hash).
    private var outcomeTally = [Int](repeating: 0, count: CallOutcome.allCases.count)
    /// RFC 6076 ratios and delay distributions over the finished calls.
    public private(set) var metrics = CallMetrics()

    public init() {}

    /// Requests per method name.
    public var requests: [String: Int] {
        var out = otherRequests
        for (raw, n) in knownRequests.enumerated() where n > 0 { out[MethodCode.knownNames[raw], default: 0] += n }
        return out
    }

    /// Responses per status code.
    public var responses: [Int: Int] {
        var out = otherStatuses
        for (index, n) in statusCounts.enumerated() where n > 0 { out[index + 100, default: 0] += n }
        return out
    }

    /// Counts one SIP message from its facts. Retransmissions count too: every
    /// message on the wire counts, the way `tshark -z sip,stat` counts. `method`
    /// is asked for only when the method is not one of the fourteen known ones
    /// (its name is then needed).
    public mutating func count(
        _ facts: MessageFacts, isRetransmission: Bool, method: @autoclosure () -> String?
    ) {
        messages += 1
        if isRetransmission { retransmissions += 1 }
        if facts.isRequest {
            if facts.method.isKnown {
                knownRequests[Int(facts.method.raw)] += 1
            } else {
                otherRequests[method() ?? "?", default: 0] += 1
            }
        } else if facts.status >= 100 && facts.status < 700 {
            statusCounts[facts.status - 100] += 1
        } else {
            otherStatuses[facts.status, default: 0] += 1
        }
    }

    /// Notes that the message just counted came after its call was reported.
    public mutating func countLate() {
        lateMessages += 1
    }

    /// Counts one finished Call-ID from its figures.
    public mutating func count(_ call: CallFigures) {
        calls += 1
        if call.isInvite { inviteCalls += 1 }
        transactions += call.transactions
        outcomeTally[call.outcome.index] += 1
        metrics.add(call)
    }

    /// Requests per method, most frequent first, then by name.
    public var requestCounts: [(String, Int)] {
        requests.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    }

    /// Responses per status code, in code order.
    public var responseCounts: [(Int, Int)] {
        responses.sorted { $0.key < $1.key }
    }

    /// Calls per outcome; outcomes no call had are left out.
    public var outcomes: [CallOutcome: Int] {
        Dictionary(uniqueKeysWithValues: outcomeCounts)
    }

    /// Calls per outcome in the enum's order, zero counts left out.
    public var outcomeCounts: [(CallOutcome, Int)] {
        CallOutcome.allCases.compactMap { outcome in
            outcomeTally[outcome.index] > 0 ? (outcome, outcomeTally[outcome.index]) : nil
        }
    }
}
