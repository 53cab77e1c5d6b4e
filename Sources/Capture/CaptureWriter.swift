import CPcap

/// Writes every packet of a live capture to a pcap file (`siptrace live -w`), so the
/// session can be analyzed again afterwards with `siptrace analyze` or tshark.
///
/// The file takes the live handle's link type, snap length and timestamp
/// precision (a nanosecond pcap when the capture has nanoseconds). libpcap
/// buffers writes; `flush` pushes them to the file, and `close` (or the end of the
/// writer) flushes and closes, so a clean stop loses nothing.
public final class CaptureWriter {
    public let path: String
    private var dumper: OpaquePointer?
    /// Keeps the live handle open for as long as the dump file refers to it.
    private let handle: PcapHandle
    private let nanosecondTimestamps: Bool

    /// Creates (or truncates) `path` for the packets of `capture`.
    public init(path: String, capture: LiveCapture) throws(LiveCaptureError) {
        self.path = path
        handle = capture.handle
        nanosecondTimestamps = capture.nanosecondTimestamps
        guard let opened = pcap_dump_open(capture.handle.pointer, path) else {
            throw LiveCaptureError(
                kind: .cannotWrite(path: path), interface: capture.interface, detail: handle.lastError)
        }
        dumper = opened
    }

    deinit {
        close()
    }

    /// Appends one packet as it was captured: its timestamp, bytes and wire length.
    public func write(_ packet: CapturedPacket) {
        guard let dumper else { return }
        var header = pcap_pkthdr()
        let seconds = packet.timestamp / 1_000_000_000
        let fraction = packet.timestamp % 1_000_000_000
        header.ts.tv_sec = Int(seconds)
        // The file's precision is the handle's: nanoseconds go in tv_usec as they are.
        header.ts.tv_usec = Int(nanosecondTimestamps ? fraction : fraction / 1000)
        header.caplen = UInt32(packet.bytes.count)
        header.len = UInt32(packet.originalLength)
        guard let base = packet.bytes.baseAddress else { return }
        // SAFETY: pcap_dump takes the dumper as its opaque `user` argument (its
        // documented calling convention) and reads `caplen` bytes from `base`,
        // which `packet.bytes` covers.
        let user = UnsafeMutableRawPointer(dumper).assumingMemoryBound(to: UInt8.self)
        pcap_dump(user, &header, base.assumingMemoryBound(to: UInt8.self))
    }

    /// Pushes buffered packets to the file; false if the write failed (disk full).
    @discardableResult
    public func flush() -> Bool {
        guard let dumper else { return true }
        return pcap_dump_flush(dumper) == 0
    }

    /// Flushes and closes the file. Writing after this does nothing.
    public func close() {
        guard let dumper else { return }
        pcap_dump_flush(dumper)
        pcap_dump_close(dumper)
        self.dumper = nil
    }
}
