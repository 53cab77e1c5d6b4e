/// Why decoding found no UDP or TCP payload in a packet. Every skipped packet is
/// counted under a reason, so the report can say where each packet went.
public enum SkipReason: String, Sendable, CaseIterable, Hashable {
    /// The link type is not one siptrace decodes.
    case unsupportedLinkType = "unsupported link type"
    /// A header is cut short (snap length, or a damaged packet).
    case truncated = "truncated header"
    /// Link-layer traffic that carries no IP (ARP, LLDP, ...).
    case notIP = "not IP"
    /// An IP header that makes no sense (bad version, lengths that contradict).
    case badIPHeader = "bad IP header"
    /// A fragment of a larger IP datagram, held for reassembly (the datagram,
    /// once whole, is attributed to the frame of its last fragment).
    case ipFragment = "IP fragment"
    /// IP carrying something other than UDP, TCP or SCTP (ICMP, ESP, OSPF, ...).
    case otherTransport = "not UDP, TCP or SCTP"
    /// A tunnel header siptrace does not read (an unknown GRE protocol, ...).
    case unsupportedTunnel = "unsupported tunnel"
}
