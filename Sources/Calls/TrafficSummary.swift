/// Running totals over a capture: messages per method and status, calls per
/// outcome. Kept incrementally so a summary needs no per-call memory, however
/// long the capture or the live session.
public struct TrafficSummary: Sendable, Equatable {
    public private(set) var requests: [String: Int] = [:]
    public private(set) var responses: [Int: Int] = [:]
    public private(set) var messages = 0
    public private(set) var retransmissions = 0
    public private(set) var calls = 0
    public private(set) var inviteCalls = 0
    /// Distinct transactions over all finished calls (RFC 3261 §17).
    public private(set) var transactions = 0
    public private(set) var outcomes: [CallOutcome: Int] = [:]
    /// RFC 6076 ratios and delay distributions over the finished calls.
    public private(set) var metrics = CallMetrics()

    public init() {}

    /// Counts one SIP message. Retransmissions count too: every message on the
    /// wire counts, the way `tshark -z sip,stat` counts.
    public mutating func count(_ record: MessageRecord) {
        messages += 1
        if record.isRetransmission { retransmissions += 1 }
        switch record.message.kind {
        case .request(let method, _): requests[method, default: 0] += 1
        case .response(let status, _): responses[status, default: 0] += 1
        }
    }

    /// Counts one finished Call-ID.
    public mutating func count(_ call: Call) {
        calls += 1
        if call.isInvite { inviteCalls += 1 }
        transactions += call.transactions
        outcomes[call.outcome, default: 0] += 1
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

    /// Calls per outcome in the enum's order, zero counts left out.
    public var outcomeCounts: [(CallOutcome, Int)] {
        CallOutcome.allCases.compactMap { outcome in
            outcomes[outcome].map { (outcome, $0) }
        }
    }
}
