import TestSupport
import Testing

@testable import Decode

/// `PacketDecoder.decode` takes the usual Ethernet / IPv4 / UDP packet in one
/// step (`plainUDP`). Whatever the bytes, that step must give what decoding
/// layer by layer gives, or leave the packet to it.
@Suite struct PlainUDPTests {
    /// Ethernet II, IPv4 (DF, TTL 64, protocol 17), UDP 10.0.0.1:5060 →
    /// 10.0.0.2:5062, then `payload` bytes and `padding` bytes after the datagram.
    static func packet(
        payload: Int, padding: Int = 0, sourcePort: UInt16 = 5060, destinationPort: UInt16 = 5062
    ) -> [UInt8] {
        let body = (0..<payload).map { UInt8(truncatingIfNeeded: 0x41 + $0 % 26) }
        return [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00]
            + datagram(body, sourcePort: sourcePort, destinationPort: destinationPort)
            + [UInt8](repeating: 0, count: padding)
    }

    /// IPv4 and UDP around `body`.
    static func datagram(_ body: [UInt8], sourcePort: UInt16, destinationPort: UInt16) -> [UInt8] {
        let udpLength = 8 + body.count
        let totalLength = 20 + udpLength
        var bytes: [UInt8] = [0x45, 0, UInt8(totalLength >> 8), UInt8(totalLength & 0xFF), 0, 1, 0x40, 0, 64, 17, 0, 0]
        bytes += [10, 0, 0, 1, 10, 0, 0, 2]
        bytes += [UInt8(sourcePort >> 8), UInt8(sourcePort & 0xFF), UInt8(destinationPort >> 8)]
        bytes += [UInt8(destinationPort & 0xFF), UInt8(udpLength >> 8), UInt8(udpLength & 0xFF), 0, 0]
        return bytes + body
    }

    /// A packet whose UDP payload is a tunnel the layer-by-layer path opens:
    /// VXLAN (ports 4789 and 8472) around an Ethernet frame, GTP-U (port 2152,
    /// either side) around an IP datagram.
    static func tunnelled(_ kind: Int, payload: Int) -> [UInt8] {
        let inner = datagram(Array(repeating: 0x53, count: payload), sourcePort: 5070, destinationPort: 5080)
        let ethernet: [UInt8] = [0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 4, 0x08, 0x00]
        let vxlan: [UInt8] = [0x08, 0, 0, 0, 0, 0, 0x2A, 0]
        let gtp: [UInt8] = [0x30, 0xFF, UInt8(inner.count >> 8), UInt8(inner.count & 0xFF), 0, 0, 0, 1]
        let outer: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00]
        switch kind {
        case 0: return outer + datagram(vxlan + ethernet + inner, sourcePort: 40000, destinationPort: 4789)
        case 1: return outer + datagram(vxlan + ethernet + inner, sourcePort: 40000, destinationPort: 8472)
        case 2: return outer + datagram(gtp + inner, sourcePort: 40000, destinationPort: 2152)
        default: return outer + datagram(gtp + inner, sourcePort: 2152, destinationPort: 40000)
        }
    }

    /// A tunnel's packets are opened by the layer-by-layer path, not taken
    /// as plain UDP.
    @Test func tunnelsAreLeftToTheLayers() {
        for kind in 0..<4 {
            PlainUDPTests.tunnelled(kind, payload: 12).withUnsafeBytes { raw in
                #expect(PacketDecoder().plainUDP(ByteView(raw)) == nil, "kind \(kind)")
                guard case .packet(let p) = PacketDecoder().decode(linkType: LinkType.ethernet, bytes: raw) else {
                    Issue.record("kind \(kind) not decoded")
                    return
                }
                #expect(p.source.port == 5070 && p.destination.port == 5080, "kind \(kind)")
            }
        }
    }

    @Test func theUsualPacketTakesTheShortWay() {
        let bytes = PlainUDPTests.packet(payload: 30, padding: 4)
        bytes.withUnsafeBytes { raw in
            let fast = PacketDecoder().plainUDP(ByteView(raw))
            #expect(fast != nil)
            #expect(fast == PacketDecoder().decodeLayers(linkType: LinkType.ethernet, bytes: raw))
            guard case .packet(let p) = fast else { return }
            #expect(p.payload == 42..<72 && !p.payloadTruncated && p.transport == .udp)
            #expect(p.source.port == 5060 && p.destination.port == 5062)
        }
    }

    /// Headers changed a few bytes at a time, with values that steer the
    /// decoding (EtherTypes, IP versions and header lengths, fragment bits,
    /// protocols, tunnel ports, lengths) and cuts at any length.
    @Test func agreesWithTheLayerByLayerPathOnMutatedPackets() {
        var rng = SplitMix64(seed: 791)
        let steering: [UInt8] = [
            0x00, 0x01, 0x06, 0x08, 0x11, 0x12, 0x13, 0x20, 0x21, 0x3F, 0x40, 0x45, 0x46, 0x4F, 0x60, 0x80, 0x81, 0x86,
            0x88, 0xA8, 0xDD, 0xFF, 0x84, 0x12, 0xB5, 0x21, 0x68, 0x5A,
        ]
        let hot = [12, 13, 14, 16, 17, 20, 21, 23, 34, 35, 36, 37, 38, 39]
        var fastTaken = 0
        var compared = 0
        for round in 0..<20_000 {
            let size = Int.random(in: 0..<40, using: &rng)
            var bytes =
                round % 4 == 0
                ? PlainUDPTests.tunnelled(round / 4 % 4, payload: size)
                : PlainUDPTests.packet(payload: size, padding: round % 3 == 0 ? 6 : 0)
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let at =
                    Bool.random(using: &rng) ? hot.randomElement(using: &rng)! : Int.random(in: 0..<42, using: &rng)
                bytes[at] =
                    Bool.random(using: &rng)
                    ? steering.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            if round % 5 == 0 { bytes.removeLast(Int.random(in: 0...bytes.count, using: &rng)) }
            bytes.withUnsafeBytes { raw in
                let layers = PacketDecoder().decodeLayers(linkType: LinkType.ethernet, bytes: raw)
                #expect(PacketDecoder().decode(linkType: LinkType.ethernet, bytes: raw) == layers, "round \(round)")
                if let fast = PacketDecoder().plainUDP(ByteView(raw)) {
                    fastTaken += 1
                    #expect(fast == layers, "round \(round): \(bytes)")
                }
            }
            compared += 1
        }
        // Both ways were exercised.
        #expect(fastTaken > 2_000 && compared - fastTaken > 2_000)
    }
}
