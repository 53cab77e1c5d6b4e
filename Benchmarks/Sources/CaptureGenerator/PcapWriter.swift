#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a classic microsecond pcap (link type Ethernet) through a large
/// buffer and `fwrite`: Ethernet, IPv4 with a valid header checksum, then UDP
/// (checksum 0, allowed over IPv4) or TCP.
public final class PcapWriter {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var buffer = ByteBuffer(capacity: 1 << 21)
    private var lastTime: Int64 = 0
    private var identification: UInt16 = 0
    public private(set) var packets = 0
    public private(set) var bytes = 0

    public init(path: String) throws(GeneratorError) {
        if path == "-" {
            guard let standardOutput = fdopen(1, "wb") else { throw GeneratorError("cannot write standard output") }
            file = standardOutput
            ownsFile = false
        } else {
            guard let opened = fopen(path, "wb") else {
                throw GeneratorError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            file = opened
            ownsFile = true
        }
        buffer.u32le(0xA1B2_C3D4)  // microsecond pcap, little-endian
        buffer.u16le(2)
        buffer.u16le(4)
        buffer.u32le(0)  // thiszone
        buffer.u32le(0)  // sigfigs
        buffer.u32le(65535)  // snaplen
        buffer.u32le(1)  // LINKTYPE_ETHERNET
    }

    /// One UDP datagram.
    func udp(time: Int64, from source: Host, to destination: Host, payload: ArraySlice<UInt8>) {
        let start = frameStart(
            time: time, source: source, destination: destination, proto: 17, transportLength: 8 + payload.count)
        buffer.u16be(source.port)
        buffer.u16be(destination.port)
        buffer.u16be(UInt16(8 + payload.count))
        buffer.u16be(0)
        buffer.put(payload)
        frameEnd(start)
    }

    /// One TCP segment; `flags` as in the header (0x18 = PSH|ACK, 0x02 = SYN).
    func tcp(
        time: Int64, from source: Host, to destination: Host, sequence: UInt32, acknowledgement: UInt32,
        flags: UInt8, payload: ArraySlice<UInt8>
    ) {
        let start = frameStart(
            time: time, source: source, destination: destination, proto: 6, transportLength: 20 + payload.count)
        buffer.u16be(source.port)
        buffer.u16be(destination.port)
        buffer.u32be(sequence)
        buffer.u32be(acknowledgement)
        buffer.u8(0x50)  // data offset 5 words
        buffer.u8(flags)
        buffer.u16be(65535)  // window
        buffer.u16be(0)  // checksum (not computed; analyzers do not check it by default)
        buffer.u16be(0)  // urgent pointer
        buffer.put(payload)
        frameEnd(start)
    }

    /// The record header, Ethernet and IPv4; returns where the record starts.
    private func frameStart(time: Int64, source: Host, destination: Host, proto: UInt8, transportLength: Int) -> Int {
        // Keep capture time monotonic: a pure ACK or the second half of a split
        // segment written "1 µs later" must not precede the next event.
        lastTime = max(lastTime, time)
        let start = buffer.count
        buffer.u32le(UInt32(lastTime / 1_000_000))
        buffer.u32le(UInt32(lastTime % 1_000_000))
        buffer.u32le(0)  // lengths, patched by frameEnd
        buffer.u32le(0)
        // Ethernet: locally administered MACs made from the IP addresses.
        mac(destination.address)
        mac(source.address)
        buffer.u16be(0x0800)
        // IPv4 (RFC 791), no options, don't fragment.
        let ip = buffer.count
        buffer.u8(0x45)
        buffer.u8(0)
        buffer.u16be(UInt16(20 + transportLength))
        identification &+= 1
        buffer.u16be(identification)
        buffer.u16be(0x4000)
        buffer.u8(64)
        buffer.u8(proto)
        buffer.u16be(0)
        buffer.u32be(source.address)
        buffer.u32be(destination.address)
        var sum: UInt32 = 0
        for i in stride(from: ip, to: ip + 20, by: 2) {
            sum += UInt32(buffer.bytes[i]) << 8 | UInt32(buffer.bytes[i + 1])
        }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        buffer.setU16be(~UInt16(sum), at: ip + 10)
        return start
    }

    private func frameEnd(_ start: Int) {
        let length = UInt32(buffer.count - start - 16)
        buffer.setU32le(length, at: start + 8)
        buffer.setU32le(length, at: start + 12)
        packets += 1
        if buffer.count >= 1 << 20 { flush() }
    }

    private func mac(_ address: UInt32) {
        buffer.u8(0x02)
        buffer.u8(0x00)
        buffer.u32be(address)
    }

    private func flush() {
        buffer.bytes.withUnsafeBytes { raw in
            _ = fwrite(raw.baseAddress, 1, raw.count, file)
        }
        bytes += buffer.count
        buffer.reset()
    }

    public func close() throws(GeneratorError) {
        flush()
        let failed = fflush(file) != 0 || ferror(file) != 0
        if ownsFile { fclose(file) }
        if failed { throw GeneratorError("write failed: \(String(cString: strerror(errno)))") }
    }
}

public struct GeneratorError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
