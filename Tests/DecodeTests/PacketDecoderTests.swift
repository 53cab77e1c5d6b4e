import Decode
import TestSupport
import Testing

/// Decodes `bytes` as `linkType`.
func decode(_ linkType: Int32, _ bytes: [UInt8]) -> DecodeResult {
    bytes.withUnsafeBytes { PacketDecoder().decode(linkType: linkType, bytes: $0) }
}

func v4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ port: UInt16) -> Endpoint {
    Endpoint(address: IPAddress(ipv4: UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)), port: port)
}

// IPv4 + UDP 127.0.0.1:5060 → 127.0.0.2:5061, 4 payload bytes "abcd".
let ipv4UDP = """
    45 00 00 20 00 01 40 00 40 11 00 00 7f 00 00 01 7f 00 00 02
    13 c4 13 c5 00 0c 00 00
    61 62 63 64
    """

@Suite struct PacketDecoderTests {
    // Ethernet (14) | IPv4 (20) | UDP (8) | "abcd" | 2 bytes of Ethernet padding.
    @Test func ethernetIPv4UDPIgnoresPadding() {
        let bytes = hexBytes("000000000001 000000000002 0800" + ipv4UDP + "0000")
        let expected = DecodedPacket(
            source: v4(127, 0, 0, 1, 5060), destination: v4(127, 0, 0, 2, 5061), transport: .udp,
            payload: 42..<46)
        #expect(decode(LinkType.ethernet, bytes) == .packet(expected))
    }

    // Ethernet | 802.1ad tag (88a8) | 802.1Q tag (8100) | IPv4 | UDP.
    @Test func qinqTagsArePeeled() {
        let bytes = hexBytes("000000000001 000000000002 88a8 0064 8100 00c8 0800" + ipv4UDP)
        guard case .packet(let p) = decode(LinkType.ethernet, bytes) else {
            Issue.record("not decoded")
            return
        }
        #expect(p.payload == 50..<54)
        #expect(p.source == v4(127, 0, 0, 1, 5060))
    }

    // Linux cooked v1: 16 bytes, protocol at offset 14.
    @Test func linuxSLL() {
        let bytes = hexBytes("0000 0304 0006 000000000000 0000 0800" + ipv4UDP)
        guard case .packet(let p) = decode(LinkType.linuxSLL, bytes) else {
            Issue.record("not decoded")
            return
        }
        #expect(p.payload == 44..<48)
    }

    // Linux cooked v2: 20 bytes, protocol first.
    @Test func linuxSLL2() {
        let bytes = hexBytes("0800 0000 00000001 0304 00 06 000000000000 0000" + ipv4UDP)
        guard case .packet(let p) = decode(LinkType.linuxSLL2, bytes) else {
            Issue.record("not decoded")
            return
        }
        #expect(p.payload == 48..<52)
        #expect(p.destination == v4(127, 0, 0, 2, 5061))
    }

    // BSD loopback: family 2 in little-endian host order, and 30 (IPv6 on macOS) big-endian.
    @Test func nullLoopback() {
        let bytes = hexBytes("02000000" + ipv4UDP)
        guard case .packet(let p) = decode(LinkType.null, bytes) else {
            Issue.record("not decoded")
            return
        }
        #expect(p.payload == 32..<36)
        #expect(decode(LinkType.null, hexBytes("07000000 00")) == .skipped(.notIP))
    }

    @Test(arguments: [Int32(12), 14, 101, 228])
    func rawIPv4(linkType: Int32) {
        guard case .packet(let p) = decode(linkType, hexBytes(ipv4UDP)) else {
            Issue.record("not decoded")
            return
        }
        #expect(p.payload == 28..<32)
    }

    // IPv6 ::1 → ::1, a hop-by-hop options header (8 bytes), then UDP 5060 → 5060.
    @Test func ipv6WithExtensionHeader() {
        let bytes = hexBytes(
            """
            60 00 00 00 00 14 00 40
            00000000000000000000000000000001
            00000000000000000000000000000001
            11 00 01 04 00 00 00 00
            13 c4 13 c4 00 0c 00 00
            61 62 63 64
            """)
        guard case .packet(let p) = decode(LinkType.ipv6, bytes) else {
            Issue.record("not decoded")
            return
        }
        #expect(p.payload == 56..<60)
        #expect(p.source.description == "[::1]:5060")
    }

    // IPv6 with a fragment header for the last fragment: 0x0008 = offset 1
    // (8-byte units, top 13 bits), M = 0; identification 1; next header UDP.
    @Test func ipv6FragmentIsCounted() {
        let bytes = hexBytes(
            """
            60 00 00 00 00 10 2c 40
            00000000000000000000000000000001
            00000000000000000000000000000001
            11 00 00 08 00 00 00 01
            61 62 63 64 65 66 67 68
            """)
        let key = FragmentKey(
            source: IPAddress(ipv6High: 0, low: 1), destination: IPAddress(ipv6High: 0, low: 1), identification: 1,
            protocolField: 0, isIPv6: true)
        #expect(
            decode(LinkType.ipv6, bytes)
                == .fragment(IPFragment(key: key, offset: 8, moreFragments: false, data: 48..<56, nextProtocol: 17)))
    }

    @Test func ipv4FragmentIsCounted() {
        // More-fragments flag set (0x2000).
        var bytes = hexBytes(ipv4UDP)
        bytes[6] = 0x20
        bytes[7] = 0x00
        let key = FragmentKey(
            source: IPAddress(ipv4: 0x7F00_0001), destination: IPAddress(ipv4: 0x7F00_0002), identification: 1,
            protocolField: 17, isIPv6: false)
        #expect(
            decode(LinkType.ipv4, bytes)
                == .fragment(IPFragment(key: key, offset: 0, moreFragments: true, data: 20..<32, nextProtocol: 17)))
    }

    // TCP 5060 → 40000, seq 1, flags PSH|ACK, header 20 bytes, payload "abcd".
    @Test func tcpSegment() {
        let bytes = hexBytes(
            """
            45 00 00 2c 00 01 40 00 40 06 00 00 7f 00 00 01 7f 00 00 01
            13 c4 9c 40 00 00 00 01 00 00 00 00 50 18 ff ff 00 00 00 00
            61 62 63 64
            """)
        let expected = DecodedPacket(
            source: v4(127, 0, 0, 1, 5060), destination: v4(127, 0, 0, 1, 40000), transport: .tcp,
            payload: 40..<44, tcpSequence: 1, tcpFlags: 0x18)
        #expect(decode(LinkType.rawIP.first!, bytes) == .packet(expected))
    }

    // IP-in-IP: an outer IPv4 (protocol 4) around the UDP datagram.
    @Test func ipInIP() {
        let bytes = hexBytes("45 00 00 34 00 01 40 00 40 04 00 00 0a 00 00 01 0a 00 00 02" + ipv4UDP)
        guard case .packet(let p) = decode(LinkType.ipv4, bytes) else {
            Issue.record("not decoded")
            return
        }
        #expect(p.source == v4(127, 0, 0, 1, 5060))
        #expect(p.payload == 48..<52)
    }

    @Test func skipReasons() {
        #expect(decode(147, hexBytes(ipv4UDP)) == .skipped(.unsupportedLinkType))
        #expect(decode(LinkType.ethernet, hexBytes("000000000001 000000000002 0806 0001")) == .skipped(.notIP))
        #expect(decode(LinkType.ethernet, hexBytes("0000000000")) == .skipped(.truncated))
        // IHL of 4 words (16 bytes) is below the minimum.
        var bad = hexBytes(ipv4UDP)
        bad[0] = 0x44
        #expect(decode(LinkType.ipv4, bad) == .skipped(.badIPHeader))
        // ICMP.
        var icmp = hexBytes(ipv4UDP)
        icmp[9] = 1
        #expect(decode(LinkType.ipv4, icmp) == .skipped(.otherTransport))
    }

    /// UDP length says 12 bytes but the snap length kept 2 payload bytes.
    @Test func snapLengthCut() {
        let bytes = Array(hexBytes(ipv4UDP).prefix(30))
        guard case .packet(let p) = decode(LinkType.ipv4, bytes) else {
            Issue.record("not decoded")
            return
        }
        #expect(p.payload == 28..<30)
        #expect(p.payloadTruncated)
    }

    /// Every prefix of valid packets, and random bytes under every link type:
    /// decoding must never trap and every payload range must lie inside the bytes.
    @Test func truncatedAndGarbageNeverTrap() {
        let samples = [
            hexBytes("000000000001 000000000002 88a8 0064 8100 00c8 0800" + ipv4UDP),
            hexBytes("0800 0000 00000001 0304 00 06 000000000000 0000" + ipv4UDP),
        ]
        let linkTypes: [Int32] = [0, 1, 12, 101, 108, 113, 228, 229, 276]
        for sample in samples {
            for length in 0...sample.count {
                for linkType in linkTypes {
                    check(decode(linkType, Array(sample.prefix(length))), length: length)
                }
            }
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 56)
            var bytes: [UInt8] = []
            for i in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(UInt8(truncatingIfNeeded: state >> 33))
                // Bias towards plausible IP headers so deeper layers get exercised.
                if i == 0, state & 1 == 0 { bytes[0] = 0x45 }
                if i == 0, state & 2 == 0 { bytes[0] = 0x60 }
            }
            for linkType in linkTypes { check(decode(linkType, bytes), length: bytes.count) }
        }
    }

    private func check(_ result: DecodeResult, length: Int) {
        if case .packet(let p) = result {
            #expect(p.payload.lowerBound >= 0 && p.payload.upperBound <= length)
        }
    }
}
