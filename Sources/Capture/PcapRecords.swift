#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the packet records of a classic pcap file in large reads, and
/// hands out each packet where it lies in the buffer.
///
/// Why: libpcap reads a record with two `fread`s, the header into a struct
/// and the packet into its own buffer, a copy out of the FILE's. On a
/// million-packet capture those calls and the copy were some 470
/// instructions a packet on the reading thread (callgrind), a tenth of its
/// work. Here a record is four loads and two comparisons, and the bytes are
/// read once, by `read(2)`.
///
/// Only the usual file is read so: a regular file, little-endian, version
/// 2.4, microsecond or nanosecond timestamps, and any link type but Linux
/// USB with memory-mapped headers (220), whose original lengths libpcap
/// rewrites as it reads them; any other file is left to libpcap from its
/// first record. libpcap has already opened and vouched for the file, and keeps
/// the link type and snapshot length. Any record this reader does not take
/// as it is — one longer than the snapshot length (libpcap cuts it) or than
/// libpcap's largest (it refuses it), one the file ends inside, a failed
/// read — ends its part:
/// `next()` says where that record starts, and libpcap reads from there,
/// with its own rules and its own messages. So the packets, their numbers
/// and how a damaged file ends are what libpcap alone would give.
final class PcapRecords {
    /// What `next()` found.
    enum Next {
        /// A packet: its bytes are valid until the next call.
        case packet(timestamp: Int64, originalLength: Int, bytes: UnsafeRawBufferPointer)
        /// The file ends after the last record.
        case end
        /// The record at this file offset is for libpcap to read.
        case handOver(offset: Int64)
    }

    private let descriptor: Int32
    private let buffer: UnsafeMutableRawPointer
    /// Larger than any record this reader takes (`largestRecord` and its
    /// 16-byte header), so a record always fits once the buffer is refilled.
    static let capacity = 1 << 20
    /// Bytes `start..<end` of the buffer are read and not handed out yet.
    private var start = 0
    private var end = 0
    /// The file offset of the buffer's first byte.
    private var bufferOffset: Int64 = 24
    private var endOfFile = false
    private let nanoseconds: Bool
    /// Records longer than this are handed over: libpcap's snapshot length
    /// for the file (`pcap_snapshot`; libpcap cuts a longer record to it),
    /// and at most `largestRecord`.
    private let snapshot: Int
    /// libpcap's largest record for most link types (its `MAXIMUM_SNAPLEN`):
    /// it refuses a longer one whatever the file's snapshot length says, and
    /// allows more only for a few link types (D-Bus, USBPcap, EBHSCR), whose
    /// long records it then reads itself.
    static let largestRecord = 262_144

    /// How far into the file the records handed out reach.
    var bytesRead: Int64 { bufferOffset + Int64(start) }

    /// Opens `path` again for reading its records after the file header,
    /// when it is a regular file with the usual header; nil otherwise (or
    /// when the file cannot be read), and libpcap reads it all.
    init?(path: String, snapshot: Int, linkType: Int32) {
        // libpcap fixes up these records' lengths (`pcap_post_process`).
        guard linkType != 220 else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        // A regular file, which libpcap's FILE reads too: a pipe opened again
        // would share its bytes with libpcap's buffer.
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        var header = (UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0))
        let got = withUnsafeMutableBytes(of: &header) { read(descriptor, $0.baseAddress, 24) }
        let magic = UInt32(littleEndian: header.0)
        let version = UInt32(littleEndian: header.1)
        // 2.4 as two little-endian 16-bit halves: major 2, minor 4.
        guard got == 24, magic == 0xA1B2_C3D4 || magic == 0xA1B2_3C4D, version == 0x0004_0002, snapshot > 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        nanoseconds = magic == 0xA1B2_3C4D
        self.snapshot = min(snapshot, PcapRecords.largestRecord)
        buffer = .allocate(byteCount: PcapRecords.capacity, alignment: 64)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// The next record's packet, or where libpcap is to go on.
    @inline(__always)
    func next() -> Next {
        if end &- start >= 16 {
            // SAFETY: the 16 header bytes are in the buffer (start + 16 <= end).
            let header = UnsafeRawPointer(buffer + start)
            let captured = Int(UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 8, as: UInt32.self)))
            if captured <= snapshot && captured <= end &- start &- 16 {
                let seconds = Int64(Int32(bitPattern: UInt32(littleEndian: header.loadUnaligned(as: UInt32.self))))
                let fraction = Int64(
                    Int32(bitPattern: UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 4, as: UInt32.self))))
                let original = Int(UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
                start &+= 16 &+ captured
                return .packet(
                    timestamp: seconds &* 1_000_000_000 &+ (nanoseconds ? fraction : fraction &* 1000),
                    originalLength: original,
                    // SAFETY: the `captured` bytes after the header are in the buffer.
                    bytes: UnsafeRawBufferPointer(start: header + 16, count: captured))
            }
        }
        return refillThenNext()
    }

    /// The record at `start` is not all in the buffer: reads more, then
    /// gives the record, the end, or hands over.
    @inline(never)
    private func refillThenNext() -> Next {
        let here = bytesRead
        if end &- start >= 16 {
            let captured = Int(
                UInt32(littleEndian: UnsafeRawPointer(buffer + start).loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            )
            // Longer than libpcap would hand out as it is.
            if captured > snapshot { return .handOver(offset: here) }
        }
        if endOfFile { return start == end ? .end : .handOver(offset: here) }
        // What is left moves to the front, then the rest of the buffer is filled.
        let left = end &- start
        if left > 0 { buffer.copyMemory(from: buffer + start, byteCount: left) }
        bufferOffset &+= Int64(start)
        start = 0
        end = left
        while end < PcapRecords.capacity {
            let got = read(descriptor, buffer + end, PcapRecords.capacity &- end)
            if got > 0 {
                end &+= got
            } else if got == 0 {
                endOfFile = true
                break
            } else if errno != EINTR {
                // libpcap reads from here, and says what went wrong.
                return .handOver(offset: here)
            }
        }
        if end == 0 { return .end }
        if end &- start >= 16 {
            let captured = Int(
                UInt32(littleEndian: UnsafeRawPointer(buffer + start).loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            )
            if captured <= snapshot && captured <= end &- start &- 16 { return next() }
        }
        // Still not whole (the file ends inside it) or too long.
        return .handOver(offset: here)
    }
}
