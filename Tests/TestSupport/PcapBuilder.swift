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
        packet += [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]
        let udpLength = 8 + payload.count
        packet += [0x13, 0xC4, 0x13, 0xC4, UInt8(udpLength >> 8), UInt8(udpLength & 0xFF), 0, 0]
        packet += payload
        frame(packet)
    }

    private mutating func append32(_ v: UInt32) {
        bytes += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
    }

    private mutating func append16(_ v: UInt16) {
        bytes += [UInt8(v & 0xFF), UInt8(v >> 8)]
    }
}
