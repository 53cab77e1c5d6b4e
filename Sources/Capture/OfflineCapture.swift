import CPcap

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pcap or pcapng file (or standard input) read packet by packet through libpcap.
///
/// Streaming by design: one packet is in memory at a time, whatever the file size.
/// Timestamps are read at nanosecond precision (libpcap scales microsecond files).
public final class OfflineCapture {
    /// The name the user gave (`-` for standard input), used in every message.
    public let file: String
    public let format: CaptureFormat
    /// The file's link type (pcapng: the first interface's).
    public let linkType: Int32
    /// Bytes per packet the capture kept (0 when unknown).
    public let snapLength: Int

    private let handle: OpaquePointer
    /// The FILE's buffer (see `init`), freed once libpcap has closed the FILE.
    private var streamBuffer: UnsafeMutableRawPointer? = nil
    static let streamBufferSize = 256 * 1024
    /// Set for a pcapng file: siptrace reads its blocks itself.
    private let pcapng: PcapngReader?
    /// Set for the usual classic pcap file: siptrace reads its records
    /// itself, until one is for libpcap (see `PcapRecords`).
    private var records: PcapRecords?
    /// Comments the file carries (pcapng `opt_comment`), of sections and of
    /// packets read so far.
    public var comments: [String] { pcapng?.comments ?? [] }
    /// The file's size in bytes, or nil for standard input and pipes.
    public let fileSize: Int64?

    /// Opens `path`; `-` reads standard input.
    public convenience init(path: String) throws(CaptureError) {
        try self.init(path: path, readsRecords: true)
    }

    /// Opens `path`; with `readsRecords` false, libpcap reads every record
    /// of a classic pcap file (tests compare the two ways).
    package init(path: String, readsRecords: Bool) throws(CaptureError) {
        file = path
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        let precision = UInt32(PCAP_TSTAMP_PRECISION_NANO)
        var opened: OpaquePointer?
        if path == "-" {
            // A FILE of our own over descriptor 0: the C `stdin` global is shared mutable state.
            opened = pcap_fopen_offline_with_tstamp_precision(fdopen(0, "rb"), precision, &errbuf)
        } else {
            if access(path, R_OK) != 0 {
                let reason = String(cString: strerror(errno))
                throw CaptureError(kind: .cannotOpen, file: path, detail: reason)
            }
            // Our own FILE with a 256 KiB buffer: libpcap reads a classic pcap
            // with two freads per packet, and with stdio's 4 KiB buffer every
            // eighth packet or so cost a read(2) (126,000 of them for 500 MB).
            guard let stream = fopen(path, "rb") else {
                let reason = String(cString: strerror(errno))
                throw CaptureError(kind: .cannotOpen, file: path, detail: reason)
            }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: OfflineCapture.streamBufferSize, alignment: 64)
            setvbuf(stream, buffer.assumingMemoryBound(to: CChar.self), _IOFBF, OfflineCapture.streamBufferSize)
            opened = pcap_fopen_offline_with_tstamp_precision(stream, precision, &errbuf)
            if opened == nil {
                // libpcap leaves the FILE to its owner when it cannot read it.
                fclose(stream)
                buffer.deallocate()
            } else {
                streamBuffer = buffer
            }
        }
        guard let opened else {
            let message = errbuf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw CaptureError(kind: OfflineCapture.classify(openError: message), file: path, detail: message)
        }
        handle = opened
        #if os(Linux)
            // libpcap reads a classic pcap with two freads per packet, and stdio
            // locks the FILE on every call once the process has a second thread
            // (a summary tracks calls on one). Only the thread that reads uses
            // this FILE, so it does without the lock (glibc's __fsetlocking).
            if let stream = pcap_file(opened) { __fsetlocking(stream, Int32(FSETLOCKING_BYCALLER)) }
        #endif
        var info = stat()
        if path != "-", stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            fileSize = Int64(info.st_size)
        } else {
            fileSize = nil
        }
        // libpcap reports a pcapng file's section header version (1.0) here and a
        // pcap file's header version (2.4): the one portable way to tell them apart,
        // and it works for standard input, which cannot be peeked at.
        format = pcap_major_version(opened) == 1 ? .pcapng : .pcap
        var ownReader: PcapngReader? = nil
        if format == .pcapng, path != "-" {
            // A pcapng file is read block by block by siptrace itself: libpcap
            // refuses interfaces of different link types and gives no access to
            // comments. libpcap still vouched for the file's header above, and
            // reads standard input and classic pcap.
            ownReader = PcapngReader(path: path)
        }
        pcapng = ownReader
        linkType = pcap_datalink(opened)
        snapLength = Int(pcap_snapshot(opened))
        // A regular file only: a pipe or a FIFO (`<(…)`) cannot be opened a
        // second time for its records, nor sought back in for libpcap.
        records =
            readsRecords && format == .pcap && fileSize != nil
            ? PcapRecords(path: path, snapshot: snapLength, linkType: linkType)
            : nil
    }

    /// How far into the file siptrace or libpcap has read, for progress reports.
    public var bytesRead: Int64 {
        if let records { return records.bytesRead }
        guard let file = pcap_file(handle) else { return 0 }
        return Int64(ftello(file))
    }

    deinit {
        pcap_close(handle)
        streamBuffer?.deallocate()
    }

    /// How reading ended.
    public enum End: Sendable, Equatable {
        /// The end of the file.
        case complete
        /// The file stops inside a packet; everything before it was delivered.
        case truncated(afterFrame: Int, detail: String)
    }

    /// Calls `body` for every packet in order, then says how the file ended.
    /// A damaged tail is not an error: the packets before it are worth analysing.
    public func forEachPacket(_ body: (CapturedPacket) throws -> Void) rethrows -> End {
        if let pcapng {
            while true {
                switch pcapng.next() {
                case .packet(let frame, let timestamp, let originalLength, let linkType, let range):
                    try pcapng.withPacket(range) { bytes in
                        try body(
                            CapturedPacket(
                                frame: frame, timestamp: timestamp, originalLength: originalLength, linkType: linkType,
                                bytes: bytes))
                    }
                case .end:
                    return .complete
                case .damaged(let detail):
                    return .truncated(afterFrame: pcapng.frame, detail: detail)
                }
            }
        }
        var frame = 0
        if let records {
            var next = records.next()
            while case .packet(let timestamp, let originalLength, let bytes) = next {
                frame += 1
                try body(
                    CapturedPacket(
                        frame: frame, timestamp: timestamp, originalLength: originalLength, linkType: linkType,
                        bytes: bytes))
                next = records.next()
            }
            guard case .handOver(let offset) = next else { return .complete }
            // libpcap goes on from this record, with its own rules.
            self.records = nil
            guard let file = pcap_file(handle), fseeko(file, off_t(offset), SEEK_SET) == 0 else {
                let reason = String(cString: strerror(errno))
                return .truncated(afterFrame: frame, detail: "cannot go back to offset \(offset): \(reason)")
            }
        }
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        while true {
            let status = pcap_next_ex(handle, &header, &data)
            if status == 1, let header, let data {
                frame += 1
                let h = header.pointee
                // With nanosecond precision requested, tv_usec holds nanoseconds.
                let ts = Int64(h.ts.tv_sec) * 1_000_000_000 + Int64(h.ts.tv_usec)
                let packet = CapturedPacket(
                    frame: frame, timestamp: ts, originalLength: Int(h.len), linkType: linkType,
                    bytes: UnsafeRawBufferPointer(start: data, count: Int(h.caplen)))
                try body(packet)
            } else if status == PCAP_ERROR_BREAK {
                return .complete
            } else {
                let detail = String(cString: pcap_geterr(handle))
                return .truncated(afterFrame: frame, detail: detail)
            }
        }
    }

    private static func classify(openError message: String) -> CaptureError.Kind {
        if message.contains("truncated") || message.contains("too short") {
            return .truncatedHeader
        }
        if message.contains("unknown file format") || message.contains("bad dump file format")
            || message.contains("unsupported") || message.contains("version")
        {
            return .notACapture
        }
        return .cannotOpen
    }
}
