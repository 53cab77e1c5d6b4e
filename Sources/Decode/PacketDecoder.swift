/// Decodes link, IP and transport headers down to a UDP or TCP payload.
///
/// Stateless and allocation-free: it returns offsets into the bytes it was given.
/// It never looks at port numbers to decide what the payload is; the SIP stage
/// decides from the payload's first bytes.
public struct PacketDecoder: Sendable {
    /// How many IP-in-IP layers to peel before giving up (a loop guard).
    public static let maximumTunnelDepth = 4

    public init() {}

    public func decode(linkType: Int32, bytes: UnsafeRawBufferPointer) -> DecodeResult {
        let view = ByteView(bytes)
        switch linkType {
        case LinkType.ethernet:
            return ethernet(view, at: 0)
        case LinkType.linuxSLL:
            // 16 bytes: packet type, ARPHRD type, address length, 8 address bytes, protocol.
            guard view.has(16, at: 0) else { return .skipped(.truncated) }
            return etherType(view.u16(14), view, at: 16)
        case LinkType.linuxSLL2:
            // 20 bytes: protocol first, then interface index, ARPHRD, packet type, address.
            guard view.has(20, at: 0) else { return .skipped(.truncated) }
            return etherType(view.u16(0), view, at: 20)
        case LinkType.null, LinkType.loop:
            guard view.has(4, at: 0) else { return .skipped(.truncated) }
            // DLT_NULL is in the capturing host's order; accept either order.
            let le = view.u32le(0)
            let be = view.u32(0)
            let family = linkType == LinkType.loop ? be : (le < 256 ? le : be)
            switch family {
            case 2: return ip(view, at: 4, depth: 0)
            case 10, 24, 28, 30: return ip(view, at: 4, depth: 0)
            default: return .skipped(.notIP)
            }
        case LinkType.ipv4, LinkType.ipv6:
            return ip(view, at: 0, depth: 0)
        default:
            if LinkType.rawIP.contains(linkType) { return ip(view, at: 0, depth: 0) }
            return .skipped(.unsupportedLinkType)
        }
    }

    private func ethernet(_ view: ByteView, at offset: Int) -> DecodeResult {
        guard view.has(14, at: offset) else { return .skipped(.truncated) }
        return etherType(view.u16(offset + 12), view, at: offset + 14)
    }

    /// Follows an EtherType, peeling 802.1Q / 802.1ad (QinQ) tags and PPPoE sessions.
    private func etherType(_ type: UInt16, _ view: ByteView, at start: Int) -> DecodeResult {
        var type = type
        var offset = start
        while true {
            switch type {
            case 0x0800, 0x86DD:
                return ip(view, at: offset, depth: 0)
            case 0x8100, 0x88A8, 0x9100:
                // A VLAN tag: 2 bytes TCI, then the next EtherType.
                guard view.has(4, at: offset) else { return .skipped(.truncated) }
                type = view.u16(offset + 2)
                offset += 4
            case 0x8864:
                // PPPoE session (RFC 2516): 6-byte header, then a 2-byte PPP protocol.
                guard view.has(8, at: offset) else { return .skipped(.truncated) }
                switch view.u16(offset + 6) {
                case 0x0021, 0x0057: return ip(view, at: offset + 8, depth: 0)
                default: return .skipped(.notIP)
                }
            default:
                return .skipped(.notIP)
            }
        }
    }

    /// Dispatches on the IP version nibble.
    private func ip(_ view: ByteView, at offset: Int, depth: Int) -> DecodeResult {
        guard view.has(1, at: offset) else { return .skipped(.truncated) }
        switch view.u8(offset) >> 4 {
        case 4: return ipv4(view, at: offset, depth: depth)
        case 6: return ipv6(view, at: offset, depth: depth)
        default: return .skipped(.badIPHeader)
        }
    }

    /// RFC 791. Ethernet may pad short frames: the IP total length, not the frame,
    /// says where the datagram ends.
    private func ipv4(_ view: ByteView, at offset: Int, depth: Int) -> DecodeResult {
        guard view.has(20, at: offset) else { return .skipped(.truncated) }
        let headerLength = Int(view.u8(offset) & 0x0F) * 4
        let totalLength = Int(view.u16(offset + 2))
        guard headerLength >= 20, totalLength >= headerLength else { return .skipped(.badIPHeader) }
        guard view.has(headerLength, at: offset) else { return .skipped(.truncated) }
        let flagsAndOffset = view.u16(offset + 6)
        let moreFragments = flagsAndOffset & 0x2000 != 0
        let fragmentOffset = flagsAndOffset & 0x1FFF
        if moreFragments || fragmentOffset != 0 { return .skipped(.ipFragment) }
        let source = IPAddress(ipv4: view.u32(offset + 12))
        let destination = IPAddress(ipv4: view.u32(offset + 16))
        let end = offset + totalLength
        let truncated = end > view.count
        return transport(
            protocol: view.u8(offset + 9), view, at: offset + headerLength, end: min(end, view.count),
            truncated: truncated, source: source, destination: destination, depth: depth)
    }

    /// RFC 8200: walks the extension-header chain to the upper-layer header.
    private func ipv6(_ view: ByteView, at offset: Int, depth: Int) -> DecodeResult {
        guard view.has(40, at: offset) else { return .skipped(.truncated) }
        let payloadLength = Int(view.u16(offset + 4))
        let source = IPAddress(ipv6High: view.u64(offset + 8), low: view.u64(offset + 16))
        let destination = IPAddress(ipv6High: view.u64(offset + 24), low: view.u64(offset + 32))
        var next = view.u8(offset + 6)
        var cursor = offset + 40
        let end = offset + 40 + payloadLength
        let truncated = end > view.count
        let limit = min(end, view.count)
        while true {
            switch next {
            case 0, 43, 60:  // hop-by-hop, routing, destination options: (len + 1) * 8 bytes
                guard cursor + 2 <= limit else { return .skipped(.truncated) }
                let length = (Int(view.u8(cursor + 1)) + 1) * 8
                next = view.u8(cursor)
                cursor += length
            case 44:  // fragment header: 8 bytes
                guard cursor + 8 <= limit else { return .skipped(.truncated) }
                let offsetAndFlags = view.u16(cursor + 2)
                // An atomic fragment (offset 0, no more fragments) is a whole datagram.
                if offsetAndFlags & 0xFFF9 != 0 { return .skipped(.ipFragment) }
                next = view.u8(cursor)
                cursor += 8
            case 51:  // authentication header: (len + 2) * 4 bytes
                guard cursor + 2 <= limit else { return .skipped(.truncated) }
                let length = (Int(view.u8(cursor + 1)) + 2) * 4
                next = view.u8(cursor)
                cursor += length
            default:
                guard cursor <= limit else { return .skipped(.truncated) }
                return transport(
                    protocol: next, view, at: cursor, end: limit, truncated: truncated,
                    source: source, destination: destination, depth: depth)
            }
        }
    }

    private func transport(
        protocol proto: UInt8, _ view: ByteView, at offset: Int, end: Int, truncated: Bool,
        source: IPAddress, destination: IPAddress, depth: Int
    ) -> DecodeResult {
        switch proto {
        case 17:
            guard offset + 8 <= end else { return .skipped(.truncated) }
            let udpLength = Int(view.u16(offset + 4))
            // UDP length 0 happens with jumbograms; otherwise it bounds the payload.
            var payloadEnd = end
            var cut = truncated
            if udpLength >= 8 {
                if offset + udpLength <= end {
                    payloadEnd = offset + udpLength
                } else {
                    cut = true
                }
            }
            let packet = DecodedPacket(
                source: Endpoint(address: source, port: view.u16(offset)),
                destination: Endpoint(address: destination, port: view.u16(offset + 2)),
                transport: .udp, payload: (offset + 8)..<payloadEnd, payloadTruncated: cut)
            return .packet(packet)
        case 6:
            guard offset + 20 <= end else { return .skipped(.truncated) }
            let dataOffset = Int(view.u8(offset + 12) >> 4) * 4
            guard dataOffset >= 20 else { return .skipped(.badIPHeader) }
            guard offset + dataOffset <= end else { return .skipped(.truncated) }
            let packet = DecodedPacket(
                source: Endpoint(address: source, port: view.u16(offset)),
                destination: Endpoint(address: destination, port: view.u16(offset + 2)),
                transport: .tcp, payload: (offset + dataOffset)..<end, payloadTruncated: truncated,
                tcpSequence: view.u32(offset + 4), tcpFlags: view.u8(offset + 13))
            return .packet(packet)
        case 4, 41:
            // IP-in-IP and IPv6-in-IP tunnels: decode the inner datagram.
            guard depth < PacketDecoder.maximumTunnelDepth else { return .skipped(.otherTransport) }
            let inner = ByteView(UnsafeRawBufferPointer(rebasing: view.base[0..<end]))
            return ip(inner, at: offset, depth: depth + 1)
        default:
            return .skipped(.otherTransport)
        }
    }
}
