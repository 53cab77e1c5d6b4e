import Foundation
import TestSupport
import Testing

/// Hostile captures: broken SIP, lying lengths, garbage and escape sequences.
/// Each gets a message naming its frame, the run goes on, every packet is counted.
@Suite struct BadInputTests {
    static let hostile: String = {
        var pcap = PcapBuilder()
        // 1: a request whose version is wrong.
        pcap.udp(sipBytes("INVITE sip:bob@example.com SIP/3.0\nCall-ID: broken-1\n\n"))
        // 2: Content-Length far beyond the datagram.
        pcap.udp(
            sipBytes("BYE sip:bob@example.com SIP/2.0\nCall-ID: long-2\nCSeq: 2 BYE\nContent-Length: 99999\n\nabc"))
        // 3: UDP garbage.
        pcap.udp(Array("\u{0}\u{1}\u{2} not sip at all".utf8))
        // 4: ARP.
        pcap.frame([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x06, 0, 1, 8, 0])
        // 5: an IPv4 header cut short.
        pcap.frame([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00, 0x45, 0])
        // 6: a Call-ID and reason phrase carrying terminal escape sequences.
        pcap.udp(
            sipBytes(
                "SIP/2.0 486 Busy\u{1B}]0;pwned\u{7}\nCall-ID: evil\u{1B}[31m-6\nCSeq: 1 INVITE\nContent-Length: 0\n\n")
        )
        // 7: a status line whose code is not a number.
        pcap.udp(sipBytes("SIP/2.0 2OO OK\nCall-ID: x\n\n"))
        return Fixtures.temporaryFile(pcap.bytes)
    }()

    @Test func jsonNamesEveryProblemByFrame() throws {
        let r = try SiptraceBinary.run(["analyze", "--format", "json", Self.hostile])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let capture = try #require(json["capture"] as? [String: Any])
        #expect(capture["packets"] as? Int == 7)
        #expect(capture["sipMessages"] as? Int == 2)
        #expect(capture["skipped"] as? Int == 5)
        #expect(
            capture["skippedByReason"] as? [String: Int] == [
                "truncated header": 1, "not IP": 1, "not SIP": 1, "malformed SIP": 2,
            ])
        let malformed = try #require(json["malformed"] as? [[String: Any]])
        let listed = malformed.map { "\($0["frame"]!): \($0["error"]!)" }
        #expect(
            listed == [
                "1: broken start line: version is not SIP/2.0",
                "2: Content-Length 99999 is larger than the 3 body bytes present",
                "7: broken start line: status code is not a number from 100 to 699",
            ])
        let calls = try #require(json["calls"] as? [[String: Any]])
        #expect(calls.map { $0["callId"] as? String } == ["long-2", "evil\u{1B}[31m-6"])
    }

    @Test func textEscapesPacketText() throws {
        let r = try SiptraceBinary.run(["analyze", Self.hostile])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("\u{1B}"))
        #expect(!r.stdout.contains("\u{7}"))
        #expect(r.stdout.contains("evil\\x1B[31m-6"))
        #expect(r.stdout.contains("486 Busy\\x1B]0;pwned\\x07"))
        #expect(r.stdout.contains("frame 1: broken start line: version is not SIP/2.0"))
        #expect(
            r.stdout.contains(
                "7 packets, 2 SIP messages, 5 skipped (1 truncated header, 1 not IP, 1 not SIP, 2 malformed SIP)"))
    }
}
