import Decode
import SIP

/// One SIP message as seen on the wire: where and when, and what it said.
public struct MessageRecord: Sendable {
    /// The capture frame that carried it (1-based).
    public var frame: Int
    /// Capture time, nanoseconds since the Unix epoch.
    public var timestamp: Int64
    public var source: Endpoint
    public var destination: Endpoint
    public var transport: TransportProtocol
    public var message: SIPMessage
    /// The same message was already seen (same transaction, same start line).
    public var isRetransmission: Bool

    public init(
        frame: Int, timestamp: Int64, source: Endpoint, destination: Endpoint, transport: TransportProtocol,
        message: SIPMessage, isRetransmission: Bool = false
    ) {
        self.frame = frame
        self.timestamp = timestamp
        self.source = source
        self.destination = destination
        self.transport = transport
        self.message = message
        self.isRetransmission = isRetransmission
    }

    /// Whether this message has an SDP body.
    public var hasSDP: Bool { message.sdp != nil }
}
