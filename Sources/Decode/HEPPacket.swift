/// One HEP (Homer Encapsulation Protocol, also called EEP) packet: a captured
/// packet's flow, time and payload, as a capture agent (Kamailio, OpenSIPS,
/// FreeSWITCH, heplify, captagent, ...) mirrored it to a collector.
///
/// A capture of collector traffic holds only UDP (or TCP) to port 9060; the SIP is
/// inside, and the flow that matters is the one in the HEP header, not the outer one.
/// Offsets (`payload`, `compressedPayload`, `correlationID`) point into the bytes given
/// to `HEP.parse`, so nothing is copied.
public struct HEPPacket: Sendable, Equatable {
    /// 1, 2 or 3.
    public var version: Int
    /// IANA protocol number of the original transport: 17 UDP, 6 TCP, 132 SCTP, ...
    public var ipProtocol: UInt8
    public var source: Endpoint
    public var destination: Endpoint
    /// Capture time in nanoseconds since the Unix epoch: HEPv3 chunks 0x0009
    /// (seconds) and 0x000a (microseconds), or HEPv2's time header. Nil when the
    /// packet carries no time (HEPv1, or a HEPv3 packet without chunk 0x0009); the
    /// caller then uses the capture's own timestamp.
    public var timestampNanos: Int64?
    /// HEPv3 chunk 0x000b: 1 SIP, 5 RTCP (JSON), 100 log, ... (see `HEP.PayloadType`).
    /// HEPv2 has no such field: nil.
    public var payloadType: UInt8?
    /// Offsets of the captured payload (HEPv3 chunk 0x000f; HEPv1/v2: all after the header).
    public var payload: Range<Int>?
    /// Offsets of a zlib-compressed payload (HEPv3 chunk 0x0010); see `Inflate.decompress`.
    public var compressedPayload: Range<Int>?
    /// Capture agent ID (HEPv3 chunk 0x000c; HEPv2 `captid`).
    public var captureID: UInt32?
    /// Offsets of the correlation ID (HEPv3 chunk 0x0011), when present: agents put
    /// the SIP Call-ID there for RTCP, logs and QoS reports.
    public var correlationID: Range<Int>?
    /// How many bytes the HEP packet occupies from the start of the input: HEPv3's
    /// total length, or the whole input for HEPv1/v2. HEP over TCP sends packets back
    /// to back; the next one starts here.
    public var length: Int

    public init(
        version: Int, ipProtocol: UInt8, source: Endpoint, destination: Endpoint, timestampNanos: Int64? = nil,
        payloadType: UInt8? = nil, payload: Range<Int>? = nil, compressedPayload: Range<Int>? = nil,
        captureID: UInt32? = nil, correlationID: Range<Int>? = nil, length: Int
    ) {
        self.version = version
        self.ipProtocol = ipProtocol
        self.source = source
        self.destination = destination
        self.timestampNanos = timestampNanos
        self.payloadType = payloadType
        self.payload = payload
        self.compressedPayload = compressedPayload
        self.captureID = captureID
        self.correlationID = correlationID
        self.length = length
    }
}

/// Why bytes are not a usable HEP packet. Offsets count from the start of the HEP bytes.
public enum HEPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Neither the "HEP3" magic nor a HEPv1/v2 header.
    case notHEP
    /// Fewer bytes than the header needs.
    case truncated(needed: Int, available: Int)
    /// HEPv3 total length below the 6-byte header or beyond the bytes at hand.
    case badTotalLength(declared: Int, available: Int)
    /// A HEPv3 chunk whose length is below its 6-byte header, runs past the packet,
    /// or does not fit its type (an IPv4 address chunk that is not 4 bytes, ...).
    case badChunk(type: UInt16, offset: Int, length: Int)
    /// A chunk the packet cannot be used without (an address) is absent.
    case missingChunk(type: UInt16)
    /// An address family other than 2 (IPv4) or 10 (IPv6).
    case unsupportedFamily(UInt8)
    /// HEPv1/v2 header length byte that does not match its address family.
    case badHeaderLength(declared: Int, expected: Int)

    public var description: String {
        switch self {
        case .notHEP:
            return "not HEP: no HEP3 magic and no HEPv1/v2 header"
        case .truncated(let needed, let available):
            return "HEP header truncated: needs \(needed) bytes, \(available) available"
        case .badTotalLength(let declared, let available):
            return "HEP3 total length \(declared) impossible with \(available) bytes available"
        case .badChunk(let type, let offset, let length):
            return "HEP3 chunk 0x\(hex4(type)) at offset \(offset) has impossible length \(length)"
        case .missingChunk(let type):
            return "HEP3 chunk 0x\(hex4(type)) missing"
        case .unsupportedFamily(let family):
            return "HEP address family \(family) is neither 2 (IPv4) nor 10 (IPv6)"
        case .badHeaderLength(let declared, let expected):
            return "HEPv2 header length \(declared), expected \(expected)"
        }
    }

    private func hex4(_ v: UInt16) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// HEP parsing: version 3 (chunked, "HEP3" magic) and versions 1 and 2 (fixed header).
///
/// References: the HEP3 Network Protocol Specification (github.com/sipcapture/HEP),
/// and for v1/v2, which has no written specification, the structures every
/// implementation shares (Kamailio `sipcapture`, captagent): `hep_hdr`, `hep_iphdr`
/// / `hep_ip6hdr`, and for v2 `hep_timehdr`.
public enum HEP {
    /// HEPv3 chunk types of the generic vendor (vendor ID 0), HEP3 spec §"Chunk types".
    public enum ChunkType {
        public static let ipFamily: UInt16 = 0x0001
        public static let ipProtocol: UInt16 = 0x0002
        public static let ipv4Source: UInt16 = 0x0003
        public static let ipv4Destination: UInt16 = 0x0004
        public static let ipv6Source: UInt16 = 0x0005
        public static let ipv6Destination: UInt16 = 0x0006
        public static let sourcePort: UInt16 = 0x0007
        public static let destinationPort: UInt16 = 0x0008
        public static let timestampSeconds: UInt16 = 0x0009
        public static let timestampMicroseconds: UInt16 = 0x000a
        public static let payloadType: UInt16 = 0x000b
        public static let captureID: UInt16 = 0x000c
        public static let keepAliveTimer: UInt16 = 0x000d
        public static let authenticationKey: UInt16 = 0x000e
        public static let payload: UInt16 = 0x000f
        public static let compressedPayload: UInt16 = 0x0010
        public static let correlationID: UInt16 = 0x0011
    }

    /// Values of chunk 0x000b (HEP3 spec, "Protocol Type"), the ones siptrace meets.
    public enum PayloadType {
        public static let sip: UInt8 = 1
        public static let xmpp: UInt8 = 2
        public static let sdp: UInt8 = 3
        public static let rtp: UInt8 = 4
        public static let rtcpJSON: UInt8 = 5
        public static let sipJSON: UInt8 = 0x32
        public static let log: UInt8 = 100
    }

    /// The 4-byte magic of HEPv3: ASCII "HEP3".
    static let magic: UInt32 = 0x4845_5033
    /// HEPv3 header: magic (4) and total length (2). Chunk header: vendor (2), type (2), length (2).
    static let v3HeaderLength = 6
    static let chunkHeaderLength = 6
    /// HEPv1/v2 `hep_hdr`: version, length, family, protocol, source port, destination port.
    static let v2BaseLength = 8
    /// HEPv2 `hep_timehdr`: seconds (4), microseconds (4), capture ID (2), 2 bytes of struct padding.
    static let v2TimeLength = 12

    /// Cheap check on the first bytes: the "HEP3" magic, or a plausible HEPv1/v2
    /// header (version 1 or 2, a header length matching the family, family 2 or 10).
    /// SIP starts with a letter, so neither test can mistake SIP for HEP.
    public static func looksLikeHEP(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let view = ByteView(bytes)
        if view.has(v3HeaderLength, at: 0) && view.u32(0) == magic { return true }
        guard view.has(v2BaseLength, at: 0) else { return false }
        let version = view.u8(0)
        guard version == 1 || version == 2 else { return false }
        guard let expected = v2HeaderLength(family: view.u8(2)), Int(view.u8(1)) == expected else { return false }
        return view.has(expected + (version == 2 ? v2TimeLength : 0), at: 0)
    }

    /// Parses one HEP packet at the start of `bytes`: HEPv3 if it starts with "HEP3",
    /// else HEPv1/v2. Never traps; every length is checked against the input.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<HEPPacket, HEPParseError> {
        let view = ByteView(bytes)
        if view.has(4, at: 0) && view.u32(0) == magic { return parseV3(view) }
        if view.has(1, at: 0) && (view.u8(0) == 1 || view.u8(0) == 2) { return parseV2(view) }
        return .failure(.notHEP)
    }

    /// `hep_hdr` + `hep_iphdr` (16) or `hep_ip6hdr` (40): what HEPv1/v2's length byte holds.
    private static func v2HeaderLength(family: UInt8) -> Int? {
        switch family {
        case 2: return v2BaseLength + 8
        case 10: return v2BaseLength + 32
        default: return nil
        }
    }

    /// HEPv3 (HEP3 spec): "HEP3", a 16-bit total length including the header, then
    /// chunks of vendor ID, type ID, and a 16-bit length including the chunk header.
    /// Chunk order is free, so every chunk is looked at; vendor-specific chunks
    /// (vendor ID ≠ 0) mean something only to that vendor and are skipped.
    private static func parseV3(_ view: ByteView) -> Result<HEPPacket, HEPParseError> {
        guard view.has(v3HeaderLength, at: 0) else {
            return .failure(.truncated(needed: v3HeaderLength, available: view.count))
        }
        let total = Int(view.u16(4))
        guard total >= v3HeaderLength, total <= view.count else {
            return .failure(.badTotalLength(declared: total, available: view.count))
        }
        var family: UInt8?
        var ipProtocol: UInt8 = 0
        var ipv4Source: UInt32?
        var ipv4Destination: UInt32?
        var ipv6Source: IPAddress?
        var ipv6Destination: IPAddress?
        var sourcePort: UInt16 = 0
        var destinationPort: UInt16 = 0
        var seconds: UInt32?
        var microseconds: UInt32 = 0
        var payloadType: UInt8?
        var payload: Range<Int>?
        var compressed: Range<Int>?
        var captureID: UInt32?
        var correlationID: Range<Int>?

        var offset = v3HeaderLength
        while offset < total {
            guard offset + chunkHeaderLength <= total else {
                return .failure(.badChunk(type: 0, offset: offset, length: total - offset))
            }
            let chunk = offset
            let vendor = view.u16(chunk)
            let type = view.u16(chunk + 2)
            let length = Int(view.u16(chunk + 4))
            guard length >= chunkHeaderLength, chunk + length <= total else {
                return .failure(.badChunk(type: type, offset: chunk, length: length))
            }
            let body = chunk + chunkHeaderLength
            let bodyLength = length - chunkHeaderLength
            offset = chunk + length
            guard vendor == 0 else { continue }
            /// The chunk must hold exactly `size` bytes of data: a fixed-size field of
            /// another size is not what the spec describes, and guessing which bytes
            /// were meant would make up an address or a time.
            func fixed(_ size: Int) -> Bool { bodyLength == size }
            let bad = HEPParseError.badChunk(type: type, offset: chunk, length: length)
            switch type {
            case ChunkType.ipFamily:
                guard fixed(1) else { return .failure(bad) }
                family = view.u8(body)
            case ChunkType.ipProtocol:
                guard fixed(1) else { return .failure(bad) }
                ipProtocol = view.u8(body)
            case ChunkType.ipv4Source:
                guard fixed(4) else { return .failure(bad) }
                ipv4Source = view.u32(body)
            case ChunkType.ipv4Destination:
                guard fixed(4) else { return .failure(bad) }
                ipv4Destination = view.u32(body)
            case ChunkType.ipv6Source:
                guard fixed(16) else { return .failure(bad) }
                ipv6Source = IPAddress(ipv6High: view.u64(body), low: view.u64(body + 8))
            case ChunkType.ipv6Destination:
                guard fixed(16) else { return .failure(bad) }
                ipv6Destination = IPAddress(ipv6High: view.u64(body), low: view.u64(body + 8))
            case ChunkType.sourcePort:
                guard fixed(2) else { return .failure(bad) }
                sourcePort = view.u16(body)
            case ChunkType.destinationPort:
                guard fixed(2) else { return .failure(bad) }
                destinationPort = view.u16(body)
            case ChunkType.timestampSeconds:
                guard fixed(4) else { return .failure(bad) }
                seconds = view.u32(body)
            case ChunkType.timestampMicroseconds:
                guard fixed(4) else { return .failure(bad) }
                microseconds = view.u32(body)
            case ChunkType.payloadType:
                guard fixed(1) else { return .failure(bad) }
                payloadType = view.u8(body)
            case ChunkType.captureID:
                // The spec says 32 bits; some agents (older sngrep) send 16.
                if fixed(4) {
                    captureID = view.u32(body)
                } else if fixed(2) {
                    captureID = UInt32(view.u16(body))
                } else {
                    return .failure(bad)
                }
            case ChunkType.payload:
                payload = body..<(body + bodyLength)
            case ChunkType.compressedPayload:
                compressed = body..<(body + bodyLength)
            case ChunkType.correlationID:
                correlationID = body..<(body + bodyLength)
            default:
                // Keep-alive, auth key, VLAN, MOS, ...: nothing siptrace uses.
                break
            }
        }

        // The family chunk says which address pair is meant; without it, take the pair present.
        let isIPv6: Bool
        switch family {
        case 2?: isIPv6 = false
        case 10?: isIPv6 = true
        case nil: isIPv6 = ipv4Source == nil && ipv6Source != nil
        case let other?: return .failure(.unsupportedFamily(other))
        }
        let source: IPAddress
        let destination: IPAddress
        if isIPv6 {
            guard let s = ipv6Source else { return .failure(.missingChunk(type: ChunkType.ipv6Source)) }
            guard let d = ipv6Destination else { return .failure(.missingChunk(type: ChunkType.ipv6Destination)) }
            source = s
            destination = d
        } else {
            guard let s = ipv4Source else { return .failure(.missingChunk(type: ChunkType.ipv4Source)) }
            guard let d = ipv4Destination else { return .failure(.missingChunk(type: ChunkType.ipv4Destination)) }
            source = IPAddress(ipv4: s)
            destination = IPAddress(ipv4: d)
        }
        var timestamp: Int64?
        if let seconds {
            timestamp = Int64(seconds) * 1_000_000_000 + Int64(microseconds) * 1000
        }
        return .success(
            HEPPacket(
                version: 3, ipProtocol: ipProtocol,
                source: Endpoint(address: source, port: sourcePort),
                destination: Endpoint(address: destination, port: destinationPort),
                timestampNanos: timestamp, payloadType: payloadType, payload: payload,
                compressedPayload: compressed, captureID: captureID, correlationID: correlationID,
                length: total))
    }

    /// HEPv1 and v2: `hep_hdr` (version, header length, family, protocol, ports in
    /// network order), the two addresses, for v2 `hep_timehdr`, then the payload up
    /// to the end of the datagram (there is no payload length).
    ///
    /// The length byte counts `hep_hdr` and the addresses only: 16 for IPv4, 40 for
    /// IPv6; Kamailio rejects any other value, and so does this parser.
    ///
    /// `hep_timehdr` is copied from the sender's memory without byte swapping, so its
    /// order is the sender's. Senders are little-endian in practice (x86, ARM); the
    /// big-endian reading is taken only when it alone gives a microsecond count below
    /// one million.
    private static func parseV2(_ view: ByteView) -> Result<HEPPacket, HEPParseError> {
        guard view.has(v2BaseLength, at: 0) else {
            return .failure(.truncated(needed: v2BaseLength, available: view.count))
        }
        let version = Int(view.u8(0))
        let family = view.u8(2)
        guard let headerLength = v2HeaderLength(family: family) else {
            return .failure(.unsupportedFamily(family))
        }
        guard Int(view.u8(1)) == headerLength else {
            return .failure(.badHeaderLength(declared: Int(view.u8(1)), expected: headerLength))
        }
        let payloadStart = headerLength + (version == 2 ? v2TimeLength : 0)
        guard view.has(payloadStart, at: 0) else {
            return .failure(.truncated(needed: payloadStart, available: view.count))
        }
        let source: IPAddress
        let destination: IPAddress
        if family == 2 {
            source = IPAddress(ipv4: view.u32(8))
            destination = IPAddress(ipv4: view.u32(12))
        } else {
            source = IPAddress(ipv6High: view.u64(8), low: view.u64(16))
            destination = IPAddress(ipv6High: view.u64(24), low: view.u64(32))
        }
        var timestamp: Int64?
        var captureID: UInt32?
        if version == 2 {
            let t = headerLength
            var seconds = view.u32le(t)
            var microseconds = view.u32le(t + 4)
            var capture = UInt16(view.u8(t + 8)) | UInt16(view.u8(t + 9)) << 8
            if microseconds >= 1_000_000 && view.u32(t + 4) < 1_000_000 {
                seconds = view.u32(t)
                microseconds = view.u32(t + 4)
                capture = view.u16(t + 8)
            }
            timestamp = Int64(seconds) * 1_000_000_000 + Int64(microseconds) * 1000
            captureID = UInt32(capture)
        }
        return .success(
            HEPPacket(
                version: version, ipProtocol: view.u8(3),
                source: Endpoint(address: source, port: view.u16(4)),
                destination: Endpoint(address: destination, port: view.u16(6)),
                timestampNanos: timestamp, payloadType: nil, payload: payloadStart..<view.count,
                captureID: captureID, length: view.count))
    }
}
