import CPcap

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads pcapng blocks itself, for the files libpcap refuses: those whose
/// interfaces have different link types (an `any`-style capture mixing
/// Ethernet and cooked interfaces, a merge of several captures).
///
/// Follows the pcapng draft (draft-ietf-opsawg-pcapng): section header blocks
/// set the byte order; interface description blocks give each interface its
/// link type, timestamp resolution (`if_tsresol`) and offset (`if_tsoffset`);
/// enhanced, simple and obsolete packet blocks carry packets; comments
/// (`opt_comment`) are collected. Reads one block at a time into one buffer that
/// is reused: memory does not grow with the file.
final class PcapngReader {
    struct Interface {
        var linkType: Int32
        var snapLength: UInt32
        /// Timestamp units per second.
        var unitsPerSecond: UInt64 = 1_000_000
        var offsetSeconds: Int64 = 0
    }

    private let file: UnsafeMutablePointer<FILE>
    private var bigEndian = false
    private var interfaces: [Interface] = []
    private var buffer: [UInt8] = []
    private(set) var comments: [String] = []
    /// Blocks larger than this are treated as damage, not allocated.
    static let maximumBlock = 64 << 20

    /// The FILE's buffer: 256 KiB, so the small reads of a block header and
    /// body go to the kernel a few times per megabyte, not every 4 KiB (as in
    /// `OfflineCapture`).
    private let streamBuffer: UnsafeMutableRawPointer

    init?(path: String) {
        guard let f = fopen(path, "rb") else { return nil }
        file = f
        streamBuffer = .allocate(byteCount: OfflineCapture.streamBufferSize, alignment: 64)
        setvbuf(f, streamBuffer.assumingMemoryBound(to: CChar.self), _IOFBF, OfflineCapture.streamBufferSize)
        #if os(Linux)
            // Read by one thread only: no stdio lock per call (see OfflineCapture).
            __fsetlocking(f, Int32(FSETLOCKING_BYCALLER))
        #endif
    }

    deinit {
        fclose(file)
        streamBuffer.deallocate()
    }

    var linkTypes: [Int32] { interfaces.map(\.linkType) }

    enum Next {
        case packet(frame: Int, timestamp: Int64, originalLength: Int, linkType: Int32, range: Range<Int>)
        case end
        case damaged(String)
    }

    /// Packets returned so far.
    private(set) var frame = 0
    private var damage: String? = nil

    /// Reads blocks until the next packet.
    func next() -> Next {
        while let (type, body) = nextBlock(readBody: { _ in true }) {
            switch type {
            case 1:  // Interface Description Block
                guard body.count >= 8 else { return .damaged("interface block too short") }
                var interface = Interface(linkType: Int32(u16(body, 0)), snapLength: u32(body, 4))
                forEachOption(body, from: 8) { code, value in
                    if code == 9, value.count >= 1 {
                        let v = value[value.startIndex]
                        let exponent = UInt64(v & 0x7F)
                        if v & 0x80 == 0 {
                            var units: UInt64 = 1
                            for _ in 0..<min(exponent, 18) { units *= 10 }
                            interface.unitsPerSecond = units
                        } else {
                            interface.unitsPerSecond = 1 << min(exponent, 62)
                        }
                    } else if code == 14, value.count >= 8 {
                        interface.offsetSeconds = Int64(bitPattern: u64(Array(value), 0))
                    }
                }
                interfaces.append(interface)
            case 6, 2:  // Enhanced Packet Block; obsolete Packet Block
                guard body.count >= 20 else { return .damaged("packet block too short") }
                let interfaceID = type == 6 ? Int(u32(body, 0)) : Int(u16(body, 0))
                guard interfaceID < interfaces.count else {
                    return .damaged("packet names interface \(interfaceID), which is not described")
                }
                let interface = interfaces[interfaceID]
                let raw = UInt64(u32(body, 4)) << 32 | UInt64(u32(body, 8))
                let captured = Int(u32(body, 12))
                let original = Int(u32(body, 16))
                guard 20 + captured <= body.count else { return .damaged("packet data runs past its block") }
                frame += 1
                let seconds = Int64(raw / interface.unitsPerSecond) + interface.offsetSeconds
                let fraction = raw % interface.unitsPerSecond
                let nanos = Int64(fraction * 1_000_000_000 / interface.unitsPerSecond)
                let padded = 20 + ((captured + 3) & ~3)
                forEachOption(body, from: padded) { code, value in
                    if code == 1 { comments.append("frame \(frame): " + String(decoding: value, as: UTF8.self)) }
                }
                return .packet(
                    frame: frame, timestamp: seconds * 1_000_000_000 + nanos, originalLength: original,
                    linkType: interface.linkType, range: 20..<(20 + captured))
            case 3:  // Simple Packet Block: interface 0, no timestamp
                guard body.count >= 4, let interface = interfaces.first else {
                    return .damaged("simple packet block without interface")
                }
                let original = Int(u32(body, 0))
                let captured = min(
                    original, Int(interface.snapLength == 0 ? UInt32.max : interface.snapLength), body.count - 4)
                frame += 1
                return .packet(
                    frame: frame, timestamp: 0, originalLength: original, linkType: interface.linkType,
                    range: 4..<(4 + captured))
            case 0x0A0D_0D0A:  // Section Header Block: a new section, new interfaces
                interfaces.removeAll()
                forEachOption(body, from: 16) { code, value in
                    if code == 1 { comments.append(String(decoding: value, as: UTF8.self)) }
                }
            default:
                continue  // name resolution, statistics, custom blocks: nothing for SIP
            }
        }
        if let damage { return .damaged(damage) }
        return .end
    }

    /// The bytes of the packet most recently returned by `next()`.
    func withPacket<T>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// Reads the next block: its type and body (the bytes between the length
    /// fields). When `readBody` says no, the body is skipped with a seek.
    private func nextBlock(readBody: (UInt32) -> Bool) -> (UInt32, ArraySlice<UInt8>)? {
        var header = [UInt8](repeating: 0, count: 8)
        let got = fread(&header, 1, 8, file)
        if got == 0 { return nil }
        guard got == 8 else {
            damage = "file ends inside a block header"
            return nil
        }
        var type = u32(header[...], 0)
        if type == 0x0A0D_0D0A {
            // The byte-order magic follows; it decides how to read the length.
            var magic = [UInt8](repeating: 0, count: 4)
            guard fread(&magic, 1, 4, file) == 4 else {
                damage = "file ends inside a section header"
                return nil
            }
            bigEndian = magic == [0x1A, 0x2B, 0x3C, 0x4D]
            type = 0x0A0D_0D0A
            let length = Int(u32(header[...], 4))
            guard length >= 28, length % 4 == 0, length <= PcapngReader.maximumBlock else {
                damage = "section header block of impossible length \(length)"
                return nil
            }
            // Read so far: type, length, magic. Left: the rest of the body and
            // the trailing length, length - 12 bytes.
            buffer = magic + [UInt8](repeating: 0, count: length - 12)
            let read = buffer.withUnsafeMutableBytes { fread($0.baseAddress! + 4, 1, length - 12, file) }
            guard read == length - 12 else {
                damage = "file ends inside a section header"
                return nil
            }
            return (type, buffer[0..<(length - 12)])
        }
        let length = Int(u32(header[...], 4))
        guard length >= 12, length % 4 == 0, length <= PcapngReader.maximumBlock else {
            damage = "block of impossible length \(length)"
            return nil
        }
        let bodyLength = length - 12
        if !readBody(type) {
            guard fseeko(file, off_t(bodyLength + 4), SEEK_CUR) == 0 else { return nil }
            return (type, [][...])
        }
        if buffer.count < bodyLength + 4 { buffer = [UInt8](repeating: 0, count: bodyLength + 4) }
        let read = buffer.withUnsafeMutableBytes { fread($0.baseAddress!, 1, bodyLength + 4, file) }
        guard read == bodyLength + 4 else {
            damage = "file ends inside a block"
            return nil
        }
        return (type, buffer[0..<bodyLength])
    }

    private func forEachOption(_ body: ArraySlice<UInt8>, from start: Int, _ visit: (UInt16, ArraySlice<UInt8>) -> Void)
    {
        var i = body.startIndex + start
        while i + 4 <= body.endIndex {
            let code = u16(body, i - body.startIndex)
            let length = Int(u16(body, i - body.startIndex + 2))
            if code == 0 { return }
            guard i + 4 + length <= body.endIndex else { return }
            visit(code, body[(i + 4)..<(i + 4 + length)])
            i += 4 + ((length + 3) & ~3)
        }
    }

    private func u16(_ b: ArraySlice<UInt8>, _ offset: Int) -> UInt16 {
        let i = b.startIndex + offset
        return bigEndian ? UInt16(b[i]) << 8 | UInt16(b[i + 1]) : UInt16(b[i + 1]) << 8 | UInt16(b[i])
    }

    private func u32(_ b: ArraySlice<UInt8>, _ offset: Int) -> UInt32 {
        let hi = UInt32(u16(b, offset + (bigEndian ? 0 : 2)))
        let lo = UInt32(u16(b, offset + (bigEndian ? 2 : 0)))
        return hi << 16 | lo
    }

    private func u64(_ b: [UInt8], _ offset: Int) -> UInt64 {
        let s = b[...]
        let hi = UInt64(u32(s, offset + (bigEndian ? 0 : 4)))
        let lo = UInt64(u32(s, offset + (bigEndian ? 4 : 0)))
        return hi << 32 | lo
    }
}
