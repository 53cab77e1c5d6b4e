/// What decoding found under the link layer: the flow and where its payload lies.
public struct DecodedPacket: Sendable, Equatable {
    public var source: Endpoint
    public var destination: Endpoint
    public var transport: TransportProtocol
    /// Offsets of the transport payload inside the packet bytes.
    public var payload: Range<Int>
    /// True when the IP or UDP length says more bytes were sent than were captured.
    public var payloadTruncated: Bool
    /// TCP only: sequence number and flags of the segment (0 for UDP).
    public var tcpSequence: UInt32
    public var tcpFlags: UInt8

    public init(
        source: Endpoint, destination: Endpoint, transport: TransportProtocol, payload: Range<Int>,
        payloadTruncated: Bool = false, tcpSequence: UInt32 = 0, tcpFlags: UInt8 = 0
    ) {
        self.source = source
        self.destination = destination
        self.transport = transport
        self.payload = payload
        self.payloadTruncated = payloadTruncated
        self.tcpSequence = tcpSequence
        self.tcpFlags = tcpFlags
    }
}

/// The outcome of decoding one packet.
public enum DecodeResult: Sendable, Equatable {
    case packet(DecodedPacket)
    /// A piece of a fragmented IP datagram: hand it to an `IPReassembler`.
    case fragment(IPFragment)
    case skipped(SkipReason)
}
