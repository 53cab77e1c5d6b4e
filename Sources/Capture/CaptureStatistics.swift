/// What the kernel says about a live capture (libpcap's `pcap_stats`).
///
/// Drops are the reason to print these: a capture that lost packets shows calls
/// with missing messages, and the report must say the gap is the capture's, not
/// the network's.
public struct CaptureStatistics: Sendable, Equatable {
    /// Packets that passed the filter (on Linux: including those then dropped).
    public var received: Int
    /// Packets the kernel dropped because the capture buffer was full.
    public var droppedByKernel: Int
    /// Packets the interface or its driver dropped (not every platform counts them).
    public var droppedByInterface: Int

    public init(received: Int, droppedByKernel: Int, droppedByInterface: Int) {
        self.received = received
        self.droppedByKernel = droppedByKernel
        self.droppedByInterface = droppedByInterface
    }
}
