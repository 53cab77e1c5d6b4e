import CPcap

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An interface opened for sniffing with libpcap, delivering packets one at a time
/// as `CapturedPacket`s, like `OfflineCapture` does for a file, so the same
/// pipeline analyzes both.
///
/// Opened the way a SIP sniffer needs: immediate mode (a ringing phone is shown
/// when it rings, not when a buffer fills), a snap length that keeps whole SIP
/// messages (a fragmented INVITE with a big SDP still fits), a large kernel buffer
/// against bursts, nanosecond timestamps when the kernel gives them, and a read
/// timeout so the loop wakes up to check its stop conditions even on a silent link.
public final class LiveCapture {
    /// How the interface is opened. The defaults suit SIP on a busy SBC.
    public struct Options: Sendable {
        /// Bytes kept per packet: 256 KiB, libpcap's maximum, so no SIP message is cut.
        public var snapLength: Int32 = 262_144
        /// The kernel's capture buffer: 32 MiB rides out seconds of a slow consumer.
        public var bufferSize: Int32 = 32 * 1024 * 1024
        /// How long a read waits for a packet before the loop gets control back.
        public var readTimeoutMilliseconds: Int32 = 200
        /// Hand each packet over as soon as it arrives (pcap_set_immediate_mode).
        public var immediate = true
        /// Also see traffic not addressed to this host. Off: an SBC or PBX sees its own calls.
        public var promiscuous = false

        public init() {}
    }

    /// How `run` ended.
    public enum Ending: Sendable, Equatable {
        /// `breakLoop` was called (a signal, another thread).
        case broken
        /// A callback returned false.
        case stopped
    }

    /// The interface name as the user gave it.
    public let interface: String
    /// The link type the interface delivers (a LINKTYPE_ value).
    public let linkType: Int32
    public let snapLength: Int
    /// True when timestamps come at nanosecond precision, false for microseconds.
    public let nanosecondTimestamps: Bool

    let handle: PcapHandle
    private var frame = 0
    private let selectableDescriptor: Int32
    private let readTimeout: Int32

    /// Opens `interface` and installs `filter` (BPF syntax, as tcpdump takes it).
    public init(interface: String, filter: String? = nil, options: Options = Options()) throws(LiveCaptureError) {
        self.interface = interface
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let created = pcap_create(interface, &errbuf) else {
            let message = errbuf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw LiveCaptureError(kind: .cannotOpen, interface: interface, detail: message)
        }
        let handle = PcapHandle(created)
        let p = handle.pointer
        pcap_set_snaplen(p, options.snapLength)
        pcap_set_promisc(p, options.promiscuous ? 1 : 0)
        pcap_set_timeout(p, options.readTimeoutMilliseconds)
        pcap_set_immediate_mode(p, options.immediate ? 1 : 0)
        pcap_set_buffer_size(p, options.bufferSize)
        // Nanoseconds where the kernel gives them; otherwise libpcap stays at
        // microseconds and `run` scales them.
        _ = pcap_set_tstamp_precision(p, Int32(PCAP_TSTAMP_PRECISION_NANO))

        let status = pcap_activate(p)
        if status < 0 {
            throw LiveCapture.activationError(status: status, interface: interface, handle: handle)
        }
        nanosecondTimestamps = pcap_get_tstamp_precision(p) == Int32(PCAP_TSTAMP_PRECISION_NANO)
        linkType = pcap_datalink(p)
        snapLength = Int(pcap_snapshot(p))
        readTimeout = options.readTimeoutMilliseconds
        // libpcap's read timeout does not fire on a silent link with TPACKET_V3 (its
        // manual says not to rely on it), so the handle is made non-blocking and the
        // loop waits in its own poll() with that timeout.
        selectableDescriptor = pcap_get_selectable_fd(p)
        if selectableDescriptor < 0 || pcap_setnonblock(p, 1, &errbuf) != 0 {
            let message = errbuf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw LiveCaptureError(
                kind: .cannotOpen, interface: interface, detail: "cannot poll the capture: " + message)
        }
        self.handle = handle

        if let filter, !filter.isEmpty {
            try install(filter: filter)
        }
    }

    /// A value that stops `run` from another thread or a signal source.
    public var breaker: LoopBreaker { LoopBreaker(handle: handle) }

    /// Stops `run` at its next wake-up (see `LoopBreaker`).
    public func breakLoop() {
        breaker.breakLoop()
    }

    /// The kernel's counts so far, or nil when libpcap cannot give them.
    public func statistics() -> CaptureStatistics? {
        var stats = pcap_stat()
        guard pcap_stats(handle.pointer, &stats) == 0 else { return nil }
        return CaptureStatistics(
            received: Int(stats.ps_recv), droppedByKernel: Int(stats.ps_drop),
            droppedByInterface: Int(stats.ps_ifdrop))
    }

    /// Delivers packets to `onPacket` until a callback returns false, `breakLoop`
    /// is called, or libpcap fails. `onTimeout` runs each time the loop has waited
    /// for packets, at least once per read timeout, so time limits hold on a
    /// silent link.
    ///
    /// When the loop is broken, the packets the kernel already holds are still
    /// delivered (up to a bound, for a link that never pauses), so what was
    /// captured before Ctrl-C is analyzed and written, not left in the ring.
    ///
    /// Frames are numbered from 1 across calls. The packet's bytes are libpcap's
    /// buffer, valid only during `onPacket`.
    public func run(
        onTimeout: () -> Bool = { true }, onPacket: (CapturedPacket) -> Bool
    ) throws(LiveCaptureError) -> Ending {
        while true {
            if handle.stopRequested.load(ordering: .acquiring) {
                return drain(onPacket)
            }
            switch try next(onPacket) {
            case .delivered(let more):
                if !more { return .stopped }
            case .empty:
                // SAFETY: one pollfd on the stack, valid for the duration of the call.
                var descriptor = pollfd(fd: selectableDescriptor, events: Int16(POLLIN), revents: 0)
                // Whatever poll says (a packet, the timeout, EINTR), the caller gets
                // to check its limits: libpcap may drop what woke us (on `lo`, the
                // outgoing copy of each packet) and return nothing again.
                _ = poll(&descriptor, 1, readTimeout)
                if !onTimeout() { return .stopped }
            case .broken:
                return drain(onPacket)
            }
        }
    }

    private enum Read {
        /// A packet went to the callback, which answered whether to go on.
        case delivered(Bool)
        /// Nothing is waiting.
        case empty
        /// libpcap saw `pcap_breakloop`.
        case broken
    }

    /// Reads one packet without blocking.
    private func next(_ onPacket: (CapturedPacket) -> Bool) throws(LiveCaptureError) -> Read {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        let status = pcap_next_ex(handle.pointer, &header, &data)
        if status == 1, let header, let data {
            frame += 1
            let h = header.pointee
            // With nanosecond precision, tv_usec holds nanoseconds.
            let scale: Int64 = nanosecondTimestamps ? 1 : 1000
            let ts = Int64(h.ts.tv_sec) * 1_000_000_000 + Int64(h.ts.tv_usec) * scale
            // SAFETY: libpcap guarantees `caplen` readable bytes at `data` until the
            // next read on this handle, which happens after `onPacket` returns.
            let bytes = UnsafeRawBufferPointer(start: data, count: Int(h.caplen))
            let packet = CapturedPacket(
                frame: frame, timestamp: ts, originalLength: Int(h.len), linkType: linkType, bytes: bytes)
            return .delivered(onPacket(packet))
        }
        if status == 0 { return .empty }
        if status == PCAP_ERROR_BREAK { return .broken }
        throw LiveCaptureError(kind: .readFailed, interface: interface, detail: handle.lastError)
    }

    /// After a break: what the kernel already captured, at most `drainLimit` packets.
    private func drain(_ onPacket: (CapturedPacket) -> Bool) -> Ending {
        var left = LiveCapture.drainLimit
        while left > 0 {
            left -= 1
            switch try? next(onPacket) {
            case .delivered(let more): if !more { return .broken }
            case .broken: continue
            case .empty, nil: return .broken
            }
        }
        return .broken
    }

    /// Enough for a second of a busy trunk; a link that never pauses still stops.
    static let drainLimit = 100_000

    /// Compiles and installs a BPF filter; libpcap's message on failure.
    private func install(filter: String) throws(LiveCaptureError) {
        var netmask = bpf_u_int32(PCAP_NETMASK_UNKNOWN)
        var network = bpf_u_int32(0)
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        // The netmask only matters for `broadcast` filters; an interface without
        // IPv4 leaves it unknown, which libpcap accepts.
        if pcap_lookupnet(interface, &network, &netmask, &errbuf) != 0 {
            netmask = bpf_u_int32(PCAP_NETMASK_UNKNOWN)
        }
        var program = bpf_program()
        guard pcap_compile(handle.pointer, &program, filter, 1, netmask) == 0 else {
            throw LiveCaptureError(kind: .badFilter(filter: filter), interface: interface, detail: handle.lastError)
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(handle.pointer, &program) == 0 else {
            throw LiveCaptureError(kind: .badFilter(filter: filter), interface: interface, detail: handle.lastError)
        }
    }

    /// Turns a failed `pcap_activate` into a one-line error that says what to do.
    private static func activationError(status: Int32, interface: String, handle: PcapHandle) -> LiveCaptureError {
        var detail = handle.lastError
        if detail.isEmpty { detail = String(cString: pcap_statustostr(status)) }
        switch status {
        case PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED:
            // Without the right to open a packet socket, Linux refuses before it
            // looks the name up: a typo would read as a permission problem.
            let names = (try? NetworkInterface.all().map(\.name)) ?? []
            if !names.isEmpty && !names.contains(interface) {
                return LiveCaptureError(kind: .noSuchInterface(available: names), interface: interface, detail: detail)
            }
            return LiveCaptureError(kind: .permissionDenied, interface: interface, detail: detail)
        case PCAP_ERROR_NO_SUCH_DEVICE:
            let names = (try? NetworkInterface.all().map(\.name)) ?? []
            return LiveCaptureError(kind: .noSuchInterface(available: names), interface: interface, detail: detail)
        case PCAP_ERROR_IFACE_NOT_UP:
            return LiveCaptureError(kind: .interfaceDown, interface: interface, detail: detail)
        default:
            return LiveCaptureError(kind: .cannotOpen, interface: interface, detail: detail)
        }
    }
}
