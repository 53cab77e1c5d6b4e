/// One packet as the capture reader hands it over.
///
/// A view: `bytes` points into the reader's buffer (libpcap's, or siptrace's
/// own for a pcapng file or a classic pcap's records) and is valid only inside
/// the callback that receives the packet; the next packet overwrites it. Copy
/// what you keep.
public struct CapturedPacket {
    /// 1-based frame number, as Wireshark numbers frames.
    public let frame: Int
    /// Capture timestamp in nanoseconds since the Unix epoch (UTC).
    public let timestamp: Int64
    /// Bytes on the wire; `bytes.count` is smaller when the snap length cut the packet.
    public let originalLength: Int
    /// The link type of the interface that captured it (a LINKTYPE_ value).
    public let linkType: Int32
    public let bytes: UnsafeRawBufferPointer

    public init(frame: Int, timestamp: Int64, originalLength: Int, linkType: Int32, bytes: UnsafeRawBufferPointer) {
        self.frame = frame
        self.timestamp = timestamp
        self.originalLength = originalLength
        self.linkType = linkType
        self.bytes = bytes
    }
}
