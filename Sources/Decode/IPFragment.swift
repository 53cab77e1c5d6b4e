/// One fragment of an IP datagram, as offsets into the packet that carried it.
///
/// Fragments are keyed as RFC 791 §3.2 (IPv4: source, destination, protocol,
/// identification) and RFC 8200 §4.5 (IPv6: source, destination, identification)
/// say.
public struct IPFragment: Sendable, Equatable {
    public var key: FragmentKey
    /// Where this fragment's data goes in the datagram's payload, in bytes.
    public var offset: Int
    /// False for the last fragment: then `offset + data.count` is the payload's length.
    public var moreFragments: Bool
    /// The fragment's data inside the packet bytes.
    public var data: Range<Int>
    /// The upper-layer protocol of the datagram (UDP 17, TCP 6, ...).
    public var nextProtocol: UInt8

    public init(key: FragmentKey, offset: Int, moreFragments: Bool, data: Range<Int>, nextProtocol: UInt8) {
        self.key = key
        self.offset = offset
        self.moreFragments = moreFragments
        self.data = data
        self.nextProtocol = nextProtocol
    }
}

/// What makes fragments belong to the same datagram.
public struct FragmentKey: Hashable, Sendable {
    public var source: IPAddress
    public var destination: IPAddress
    public var identification: UInt32
    /// IPv4's protocol field is part of its key; IPv6 keys without it (0).
    public var protocolField: UInt8
    public var isIPv6: Bool

    public init(source: IPAddress, destination: IPAddress, identification: UInt32, protocolField: UInt8, isIPv6: Bool) {
        self.source = source
        self.destination = destination
        self.identification = identification
        self.protocolField = protocolField
        self.isIPv6 = isIPv6
    }
}
