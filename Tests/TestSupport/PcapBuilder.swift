/// Builds small pcap files in tests, for inputs no real tool would produce
/// (broken SIP, escape sequences in headers, garbage between packets).
public struct PcapBuilder {
    public private(set) var bytes: [UInt8] = []
    private var seconds: UInt32 = 1_700_000_000

    /// A classic microsecond pcap, Ethernet link type.
    public init(linkType: UInt32 = 1) {
        append32(0xA1B2_C3D4)
        append16(2)
        append16(4)
        append32(0)
        append32(0)
        append32(65535)
        append32(linkType)
    }

    /// Appends a frame with the given bytes, one second after the previous one.
    public mutating func frame(_ data: [UInt8]) {
        seconds += 1
        append32(seconds)
        append32(0)
        append32(UInt32(data.count))
        append32(UInt32(data.count))
        bytes += data
    }

    /// Appends Ethernet + IPv4 + UDP 10.0.0.1:5060 → 10.0.0.2:5060 around `payload`.
    public mutating func udp(_ payload: [UInt8]) {
        var packet: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00]
        let total = 20 + 8 + payload.count
        packet += [
            0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ]
        let udpLength = 8 + payload.count
        packet += [0x13, 0xC4, 0x13, 0xC4, UInt8(udpLength >> 8), UInt8(udpLength & 0xFF), 0, 0]
        packet += payload
        frame(packet)
    }

    /// Appends Ethernet + IPv4 + TCP 10.0.0.1:5061 → 10.0.0.2:5061 around
    /// `payload`, with sequence number `sequence` and flags (PSH|ACK by default).
    public mutating func tcp(_ payload: [UInt8], sequence: UInt32, flags: UInt8 = 0x18, port: UInt16 = 5061) {
        var packet: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00]
        let total = 20 + 20 + payload.count
        packet += [
            0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ]
        packet += [0xC3, 0x50, UInt8(port >> 8), UInt8(port & 0xFF)]
        packet += [
            UInt8(sequence >> 24), UInt8(sequence >> 16 & 0xFF), UInt8(sequence >> 8 & 0xFF), UInt8(sequence & 0xFF),
        ]
        packet += [0, 0, 0, 0, 0x50, flags, 0xFF, 0xFF, 0, 0, 0, 0]
        packet += payload
        frame(packet)
    }

    /// A HEP3 packet (the Homer capture protocol) carrying `sip`, sent by a
    /// capture agent that saw it from 192.0.2.1:5060 to 192.0.2.2:5080 at
    /// 1,700,000,000.5 s (chunk types from the HEP3 specification).
    public static func hep3(sip: [UInt8]) -> [UInt8] {
        func chunk(_ type: UInt16, _ value: [UInt8]) -> [UInt8] {
            let length = 6 + value.count
            return [0, 0, UInt8(type >> 8), UInt8(type & 0xFF), UInt8(length >> 8), UInt8(length & 0xFF)] + value
        }
        var body: [UInt8] = []
        body += chunk(0x0001, [2])  // IPv4
        body += chunk(0x0002, [17])  // UDP
        body += chunk(0x0003, [192, 0, 2, 1])
        body += chunk(0x0004, [192, 0, 2, 2])
        body += chunk(0x0007, [0x13, 0xC4])  // 5060
        body += chunk(0x0008, [0x13, 0xD8])  // 5080
        body += chunk(0x0009, [0x65, 0x53, 0xF1, 0x00])  // 1,700,000,000 s
        body += chunk(0x000A, [0x00, 0x07, 0xA1, 0x20])  // 500,000 µs
        body += chunk(0x000B, [1])  // SIP
        body += chunk(0x000C, [0, 0, 0, 7])  // capture agent 7
        body += chunk(0x000F, sip)
        let total = 6 + body.count
        return Array("HEP3".utf8) + [UInt8(total >> 8), UInt8(total & 0xFF)] + body
    }

    private mutating func append32(_ v: UInt32) {
        bytes += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
    }

    private mutating func append16(_ v: UInt16) {
        bytes += [UInt8(v & 0xFF), UInt8(v >> 8)]
    }
}
