import CPcap

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An interface libpcap can sniff (`pcap_findalldevs`): what `siptrace interfaces`
/// lists and what an unknown `-i` name is answered with.
public struct NetworkInterface: Sendable, Equatable {
    /// The name `-i` takes (`eth0`, `lo`, `any`).
    public var name: String
    /// libpcap's description, when it has one (`Pseudo-device that captures on all interfaces`).
    public var description: String?
    /// IPv4 and IPv6 addresses as text, in libpcap's order.
    public var addresses: [String]
    public var isUp: Bool
    public var isRunning: Bool
    public var isLoopback: Bool
    public var isWireless: Bool

    public init(
        name: String, description: String? = nil, addresses: [String] = [], isUp: Bool = false,
        isRunning: Bool = false, isLoopback: Bool = false, isWireless: Bool = false
    ) {
        self.name = name
        self.description = description
        self.addresses = addresses
        self.isUp = isUp
        self.isRunning = isRunning
        self.isLoopback = isLoopback
        self.isWireless = isWireless
    }

    /// `up`, `running`, `loopback`, `wireless`: the flags that are set, in that order.
    public var flagNames: [String] {
        var names: [String] = []
        if isUp { names.append("up") }
        if isRunning { names.append("running") }
        if isLoopback { names.append("loopback") }
        if isWireless { names.append("wireless") }
        return names
    }

    /// Every interface libpcap can open, in libpcap's order (up and running first).
    public static func all() throws(LiveCaptureError) -> [NetworkInterface] {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        var list: UnsafeMutablePointer<pcap_if_t>?
        guard pcap_findalldevs(&list, &errbuf) == 0 else {
            let message = errbuf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw LiveCaptureError(kind: .cannotList, interface: "", detail: message)
        }
        defer { pcap_freealldevs(list) }
        var interfaces: [NetworkInterface] = []
        var node = list
        while let current = node {
            // SAFETY: libpcap owns the list until `pcap_freealldevs`, which runs after
            // the loop; every string is copied into an owned `String` here.
            let entry = current.pointee
            let flags = entry.flags
            interfaces.append(
                NetworkInterface(
                    name: String(cString: entry.name),
                    description: entry.description.map { String(cString: $0) },
                    addresses: addresses(entry.addresses),
                    isUp: flags & UInt32(PCAP_IF_UP) != 0,
                    isRunning: flags & UInt32(PCAP_IF_RUNNING) != 0,
                    isLoopback: flags & UInt32(PCAP_IF_LOOPBACK) != 0,
                    isWireless: flags & UInt32(PCAP_IF_WIRELESS) != 0))
            node = entry.next
        }
        return interfaces
    }

    /// The IPv4 and IPv6 addresses of one interface; link-layer entries are skipped.
    private static func addresses(_ first: UnsafeMutablePointer<pcap_addr>?) -> [String] {
        var out: [String] = []
        var node = first
        while let current = node {
            if let address = current.pointee.addr, let text = text(of: address) {
                out.append(text)
            }
            node = current.pointee.next
        }
        return out
    }

    /// `192.0.2.1` or `2001:db8::1` (with `%scope` dropped), or nil for other families.
    private static func text(of address: UnsafeMutablePointer<sockaddr>) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = Int32(address.pointee.sa_family)
        let ok: Bool
        switch family {
        case AF_INET:
            // SAFETY: sa_family says the storage is a sockaddr_in.
            ok = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                var a = sin.pointee.sin_addr
                return inet_ntop(AF_INET, &a, &buffer, socklen_t(buffer.count)) != nil
            }
        case AF_INET6:
            // SAFETY: sa_family says the storage is a sockaddr_in6.
            ok = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                var a = sin6.pointee.sin6_addr
                return inet_ntop(AF_INET6, &a, &buffer, socklen_t(buffer.count)) != nil
            }
        default:
            return nil
        }
        guard ok else { return nil }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
