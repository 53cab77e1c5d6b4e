import Decode
import SIP

/// One message as call tracking keeps it while its call is live: its facts,
/// when and between whom, and its marks. Fixed size, no `String`: a summary
/// keeps only this of each message, and forgets it when the call ends.
///
/// 96 bytes. Tracking only ever asks whether two endpoints are the same (a
/// retransmission, the caller's side of a call), so each is kept as a 64-bit
/// number (`EndpointKey`) rather than as its 24 bytes: with thousands of calls
/// live, what a call keeps of its messages is fetched from memory more than
/// it is computed on.
public struct TrackedMessage: Sendable {
    public var facts: MessageFacts
    public var timestamp: Int64
    /// `EndpointKey.of` the sender and the receiver.
    public var source: UInt64
    public var destination: UInt64
    /// `facts.retransmissionKey`, worked out once (`hasKey`).
    var key: UInt64 = 0
    /// The same message was already seen between the same two endpoints.
    public var isRetransmission = false
    /// The same message was already seen between other endpoints (a copy from
    /// another hop of a multi-point capture).
    public var isOtherHop = false
    /// `key` is worked out: by `workOutKey`, on the reading thread when the
    /// tags were read there (it has the whole facts then), else by the
    /// tracker.
    private(set) var hasKey = false

    public init(facts: MessageFacts, timestamp: Int64, source: Endpoint, destination: Endpoint) {
        self.facts = facts
        self.timestamp = timestamp
        self.source = EndpointKey.of(source)
        self.destination = EndpointKey.of(destination)
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

/// An endpoint as one number, for equality only. An IPv4 endpoint is its
/// address and port themselves (48 bits), so two different ones never have
/// the same key; an IPv6 one is a 64-bit hash of address and port with the top
/// bit set, so it never equals an IPv4 key, and two different IPv6 endpoints
/// share a key with probability 2^-63 (a retransmission would then count as
/// seen on the same hop, or a timing as the caller's), as with the
/// retransmission key itself.
public enum EndpointKey {
    public static func of(_ endpoint: Endpoint) -> UInt64 {
        guard endpoint.address.isIPv6 else {
            return endpoint.address.low << 16 | UInt64(endpoint.port)
        }
        var h = ByteHash()
        h.combine(endpoint.address.high)
        h.combine(endpoint.address.low)
        h.combine(UInt64(endpoint.port))
        return h.finalize() | 1 << 63
    }
}
