import Foundation
import TestSupport
import Testing

/// Inputs no sipp run produces: HEP over UDP and TCP, and a TLS connection.
@Suite struct TransportInputTests {
    static let invite = sipBytes(
        "OPTIONS sip:b@192.0.2.2 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKh1\nCall-ID: hep-1\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"
    )

    func analyze(_ pcap: PcapBuilder) throws -> [String: Any] {
        let r = try SiptraceBinary.run(["analyze", "--format", "json", Fixtures.temporaryFile(pcap.bytes)])
        #expect(r.status == 0)
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// HEP3 over UDP: the SIP inside, with the agent's addresses and time.
    @Test func hepOverUDP() throws {
        var pcap = PcapBuilder()
        pcap.udp(PcapBuilder.hep3(sip: Self.invite))
        let json = try analyze(pcap)
        let call = try #require((json["calls"] as? [[String: Any]])?.first)
        let message = try #require((call["messages"] as? [[String: Any]])?.first)
        #expect(message["src"] as? String == "192.0.2.1:5060")
        #expect(message["dst"] as? String == "192.0.2.2:5080")
        #expect(message["time"] as? String == "2023-11-14T22:13:20.500000Z")
        #expect(message["method"] as? String == "OPTIONS")
    }

    /// HEP3 over TCP: two HEP packets in one segment, a third split over two.
    @Test func hepOverTCP() throws {
        let hep = PcapBuilder.hep3(sip: Self.invite)
        let two = hep + hep
        var pcap = PcapBuilder()
        pcap.tcp([], sequence: 99, flags: 0x02, port: 9060)
        pcap.tcp(two, sequence: 100, port: 9060)
        pcap.tcp(Array(hep.prefix(20)), sequence: 100 + UInt32(two.count), port: 9060)
        pcap.tcp(Array(hep.dropFirst(20)), sequence: 120 + UInt32(two.count), port: 9060)
        let json = try analyze(pcap)
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["requests"] as? [String: Int] == ["OPTIONS": 3])
        let capture = try #require(json["capture"] as? [String: Any])
        #expect(capture["skippedByReason"] as? [String: Int] == ["no payload": 1, "segment of a later message": 1])
    }

    /// On a stream, a Content-Length shorter than the body leaves bytes that are
    /// no message: they are reported by frame and the next message still read.
    @Test func lyingContentLengthOnAStream() throws {
        let first = sipBytes("OPTIONS sip:b@x SIP/2.0\nCall-ID: s-1\nCSeq: 1 OPTIONS\nContent-Length: 2\n\nabcdef")
        let second = sipBytes("OPTIONS sip:b@x SIP/2.0\nCall-ID: s-2\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n")
        var pcap = PcapBuilder()
        pcap.tcp([], sequence: 0, flags: 0x02, port: 5060)
        pcap.tcp(first + second, sequence: 1, port: 5060)
        let json = try analyze(pcap)
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["requests"] as? [String: Int] == ["OPTIONS": 2])
        let malformed = try #require(json["malformed"] as? [[String: Any]])
        #expect(malformed.count == 1)
        #expect(malformed.first?["frame"] as? Int == 2)
        #expect(
            (malformed.first?["error"] as? String)?.hasPrefix("4 bytes in the TCP stream are not a SIP message") == true
        )
        let capture = try #require(json["capture"] as? [String: Any])
        #expect(capture["unframedTCPBytes"] as? Int == 4)
    }

    /// A TLS connection (SIP over TLS on 5061) is counted, not silently dropped.
    @Test func tlsIsCounted() throws {
        var pcap = PcapBuilder()
        // A TLS 1.2 ClientHello record header, then application data.
        pcap.tcp(hexBytes("16 03 01 00 05 01 00 00 01 00"), sequence: 1)
        pcap.tcp(hexBytes("17 03 03 00 03 aa bb cc"), sequence: 11)
        let json = try analyze(pcap)
        let capture = try #require(json["capture"] as? [String: Any])
        #expect(capture["tlsFlows"] as? Int == 1)
        #expect(capture["skippedByReason"] as? [String: Int] == ["TLS, encrypted": 2])
        let text = try SiptraceBinary.run(["analyze", Fixtures.temporaryFile(pcap.bytes)])
        #expect(text.stdout.contains("1 TLS connection (SIP over TLS or WSS): encrypted, not analysed"))
    }
}
