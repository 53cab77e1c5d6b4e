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
    /// The same message was already seen (same transaction, same start line)
    /// between the same two endpoints.
    public var isRetransmission: Bool
    /// The same message was already seen between other endpoints: the capture
    /// was taken at several points and this is the copy from another hop.
    public var isOtherHop: Bool = false

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
    public var hasSDP: Bool { message.hasSDP }
}
