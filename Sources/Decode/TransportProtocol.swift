/// The transport a SIP message travelled over, named as in a Via header.
public enum TransportProtocol: String, Sendable, Hashable {
    case udp = "UDP"
    case tcp = "TCP"
    /// SCTP: the payload is the SCTP packet after the common header's ports.
    case sctp = "SCTP"
}
