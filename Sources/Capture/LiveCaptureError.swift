/// Why a live capture could not be started or went on failing. `description` is
/// one line that says what to do about it; the CLI prints it and exits 2.
public struct LiveCaptureError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The process may not open a packet socket (PCAP_ERROR_PERM_DENIED).
        case permissionDenied
        /// No interface has that name (PCAP_ERROR_NO_SUCH_DEVICE); `available` lists those that do.
        case noSuchInterface(available: [String])
        /// The interface exists but is down (PCAP_ERROR_IFACE_NOT_UP).
        case interfaceDown
        /// libpcap could not compile or install the BPF filter.
        case badFilter(filter: String)
        /// Any other failure while opening the interface.
        case cannotOpen
        /// libpcap failed while reading packets.
        case readFailed
        /// The `-w` file could not be created or written.
        case cannotWrite(path: String)
        /// libpcap could not list the interfaces (pcap_findalldevs).
        case cannotList
    }

    public let kind: Kind
    public let interface: String
    /// libpcap's own message, kept as it said it.
    public let detail: String

    public init(kind: Kind, interface: String, detail: String) {
        self.kind = kind
        self.interface = interface
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .permissionDenied:
            return "cannot capture on \(interface): permission denied (\(detail)); run as root, or give the "
                + "binary CAP_NET_RAW and CAP_NET_ADMIN: sudo setcap cap_net_raw,cap_net_admin=eip \"$(command -v siptrace)\""
        case .noSuchInterface(let available):
            let list = available.isEmpty ? "none can be captured" : available.joined(separator: ", ")
            return "no such interface: \(interface) (interfaces: \(list))"
        case .interfaceDown:
            return "cannot capture on \(interface): the interface is down (\(detail))"
        case .badFilter(let filter):
            return "bad capture filter '\(filter)': \(detail)"
        case .cannotOpen:
            return "cannot capture on \(interface): \(detail)"
        case .readFailed:
            return "capture on \(interface) failed: \(detail)"
        case .cannotWrite(let path):
            return "\(path): cannot write capture: \(detail)"
        case .cannotList:
            return "cannot list the interfaces: \(detail)"
        }
    }
}
