import Decode
import SIP

/// One message as call tracking keeps it while its call is live: its facts,
/// when and between whom, and its marks. Fixed size, no `String`: a summary
/// keeps only this of each message, and forgets it when the call ends.
public struct TrackedMessage: Sendable {
    public var facts: MessageFacts
    public var timestamp: Int64
    public var source: Endpoint
    public var destination: Endpoint
    /// The same message was already seen between the same two endpoints.
    public var isRetransmission = false
    /// The same message was already seen between other endpoints (a copy from
    /// another hop of a multi-point capture).
    public var isOtherHop = false
    /// `facts.retransmissionKey`, worked out once (`hasKey`).
    var key: UInt64 = 0
    /// `key` is worked out: by `workOutKey`, on the reading thread when it
    /// has the whole facts (a summary's tracking thread is the slower one),
    /// else by the tracker.
    private(set) var hasKey = false

    public init(facts: MessageFacts, timestamp: Int64, source: Endpoint, destination: Endpoint) {
        self.facts = facts
        self.timestamp = timestamp
        self.source = source
        self.destination = destination
    }

    /// The message of a record (messages built in tests, or read back from a report).
    public init(_ record: MessageRecord) {
        self.init(
            facts: MessageFacts(record.message), timestamp: record.timestamp, source: record.source,
            destination: record.destination)
    }

    /// Works `key` out now (the facts must be complete: tags and branch read).
    package mutating func workOutKey() {
        key = facts.retransmissionKey
        hasKey = true
    }

    /// `key`, worked out now unless it was before.
    mutating func retransmissionKey() -> UInt64 {
        if !hasKey { workOutKey() }
        return key
    }

    /// Neither a retransmission nor another hop's copy: the message itself.
    var isOriginal: Bool { !isRetransmission && !isOtherHop }
}
