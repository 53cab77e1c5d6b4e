/// An address and port: one side of a flow.
public struct Endpoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let address: IPAddress
    public let port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    public static func < (a: Endpoint, b: Endpoint) -> Bool {
        (a.address, a.port) < (b.address, b.port)
    }

    /// `ip:port`, with IPv6 in brackets (`[::1]:5060`), as SIP and URLs write it.
    public var description: String {
        address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
    }
}
