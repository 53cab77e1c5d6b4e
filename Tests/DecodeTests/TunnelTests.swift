import Decode
import TestSupport
import Testing

/// Tunnels and mirrors: each wraps the same inner IPv4/UDP datagram
/// (127.0.0.1:5060 → 127.0.0.2:5061, payload "abcd", see `ipv4UDP`).
@Suite struct TunnelTests {
    let innerEthernet = "000000000001 000000000002 0800" + ipv4UDP

    /// Outer IPv4 with protocol `proto` around `inner` bytes.
    func outerIPv4(_ proto: UInt8, _ inner: [UInt8]) -> [UInt8] {
        let total = 20 + inner.count
        return [
            0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1, 0x40, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ] + inner
    }

    /// Outer IPv4 + UDP to `port` around `inner`.
    func outerUDP(port: UInt16, _ inner: [UInt8]) -> [UInt8] {
        let length = 8 + inner.count
        return outerIPv4(
            17,
            [0x30, 0x39, UInt8(port >> 8), UInt8(port & 0xFF), UInt8(length >> 8), UInt8(length & 0xFF), 0, 0] + inner)
    }

    func innerPayload(_ result: DecodeResult) -> (Endpoint, Endpoint)? {
        guard case .packet(let p) = result, p.transport == .udp else { return nil }
        return (p.source, p.destination)
    }

    func expectInner(_ linkType: Int32, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let got = innerPayload(decode(linkType, bytes))
        #expect(got?.0 == v4(127, 0, 0, 1, 5060), sourceLocation: sourceLocation)
        #expect(got?.1 == v4(127, 0, 0, 2, 5061), sourceLocation: sourceLocation)
    }

    // GRE (RFC 2784), no options, protocol 0x0800.
    @Test func greIPv4() {
        expectInner(LinkType.ipv4, outerIPv4(47, hexBytes("0000 0800") + hexBytes(ipv4UDP)))
    }

    // GRE with checksum, key and sequence present (RFC 2890): 12 more bytes.
    @Test func greWithOptions() {
        expectInner(LinkType.ipv4, outerIPv4(47, hexBytes("B000 0800 00000000 00000007 00000001") + hexBytes(ipv4UDP)))
    }

    // PPTP's enhanced GRE (version 1) with key and sequence, carrying PPP (FF 03 0021).
    @Test func grePPP() {
        expectInner(LinkType.ipv4, outerIPv4(47, hexBytes("3001 880B 00200000 00000001 FF03 0021") + hexBytes(ipv4UDP)))
    }

    // Transparent Ethernet bridging (0x6558).
    @Test func greEthernet() {
        expectInner(LinkType.ipv4, outerIPv4(47, hexBytes("0000 6558") + hexBytes(innerEthernet)))
    }

    // ERSPAN type I: GRE 0x88BE without sequence, Ethernet right after.
    @Test func erspanTypeI() {
        expectInner(LinkType.ipv4, outerIPv4(47, hexBytes("0000 88BE") + hexBytes(innerEthernet)))
    }

    // ERSPAN type II: sequence bit set, 8-byte ERSPAN header.
    @Test func erspanTypeII() {
        expectInner(
            LinkType.ipv4, outerIPv4(47, hexBytes("1000 88BE 00000001 10640000 00000001") + hexBytes(innerEthernet)))
    }

    // ERSPAN type III (0x22EB): 12-byte header, then an 8-byte platform sub-header when O is set.
    @Test func erspanTypeIII() {
        expectInner(
            LinkType.ipv4,
            outerIPv4(47, hexBytes("1000 22EB 00000001 20640000 00000000 00000000") + hexBytes(innerEthernet)))
        expectInner(
            LinkType.ipv4,
            outerIPv4(
                47, hexBytes("1000 22EB 00000001 20640000 00000000 00000001 0000000000000000") + hexBytes(innerEthernet)
            ))
    }

    // VXLAN (RFC 7348) on UDP 4789: flags 08, VNI 100.
    @Test func vxlan() {
        expectInner(LinkType.ipv4, outerUDP(port: 4789, hexBytes("08000000 00006400") + hexBytes(innerEthernet)))
    }

    // A SIP-looking payload on 4789 without the VXLAN I flag stays plain UDP.
    @Test func notVXLAN() {
        guard case .packet(let p) = decode(LinkType.ipv4, outerUDP(port: 4789, Array("SIP/2.0 200 OK\r\n\r\n".utf8)))
        else {
            Issue.record("not decoded")
            return
        }
        #expect(p.destination.port == 4789)
    }

    // GTP-U (3GPP TS 29.281): version 1, PT 1, T-PDU (0xFF), TEID; with and without the optional fields.
    @Test func gtpU() {
        let inner = hexBytes(ipv4UDP)
        let length = UInt8(inner.count)
        expectInner(LinkType.ipv4, outerUDP(port: 2152, [0x30, 0xFF, 0x00, length, 0, 0, 0, 1] + inner))
        // S flag: sequence number, N-PDU and next-extension (0) fields, 4 bytes.
        expectInner(
            LinkType.ipv4, outerUDP(port: 2152, [0x32, 0xFF, 0x00, length + 4, 0, 0, 0, 1, 0, 7, 0, 0] + inner))
    }

    // MPLS (RFC 3032): two labels, bottom of stack on the second, then IPv4.
    @Test func mpls() {
        expectInner(
            LinkType.ethernet,
            hexBytes("000000000001 000000000002 8847 00064 0FF 000C8 1FF".replacingOccurrences(of: " ", with: ""))
                + hexBytes(ipv4UDP))
    }

    // IPv6-in-IPv4 (protocol 41) around an IPv6/UDP datagram.
    @Test func ipv6InIPv4() {
        let inner = hexBytes(
            """
            60 00 00 00 00 0c 11 40
            00000000000000000000000000000001
            00000000000000000000000000000002
            13 c4 13 c5 00 0c 00 00 61 62 63 64
            """)
        guard case .packet(let p) = decode(LinkType.ipv4, outerIPv4(41, inner)) else {
            Issue.record("not decoded")
            return
        }
        #expect(p.source.description == "[::1]:5060")
        #expect(p.destination.description == "[::2]:5061")
    }

    /// Tunnels nested past the depth limit are refused, not followed forever.
    @Test func nestingIsBounded() {
        var bytes = hexBytes(ipv4UDP)
        for _ in 0..<20 { bytes = outerIPv4(4, bytes) }
        #expect(decode(LinkType.ipv4, bytes) == .skipped(.unsupportedTunnel))
    }
}
