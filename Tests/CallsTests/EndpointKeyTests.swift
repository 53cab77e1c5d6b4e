import Decode
import SIP
import Testing

@testable import Calls

/// `TrackedMessage` keeps endpoints as `EndpointKey`s: equal exactly when the
/// endpoints are, for IPv4 without exception, and never across families.
@Suite struct EndpointKeyTests {
    func v4(_ a: UInt32, _ port: UInt16) -> Endpoint { Endpoint(address: IPAddress(ipv4: a), port: port) }
    func v6(_ high: UInt64, _ low: UInt64, _ port: UInt16) -> Endpoint {
        Endpoint(address: IPAddress(ipv6High: high, low: low), port: port)
    }

    @Test func ipv4KeysAreTheAddressAndPort() {
        #expect(EndpointKey.of(v4(0x0A01_0001, 5060)) == 0x0A01_0001 << 16 | 5060)
        #expect(EndpointKey.of(v4(0xFFFF_FFFF, 65535)) == 0xFFFF_FFFF_FFFF)
        #expect(EndpointKey.of(v4(0, 0)) == 0)
    }

    @Test func keysAreEqualExactlyWhenEndpointsAre() {
        let endpoints = [
            v4(0x7F00_0001, 5060), v4(0x7F00_0001, 5061), v4(0x7F00_0002, 5060), v4(0, 5060),
            v6(0, 0x7F00_0001, 5060), v6(0, 1, 5060), v6(0, 1, 5061), v6(1, 1, 5060),
            v6(0x2001_0db8_0000_0000, 0x7F00_0001, 5060),
        ]
        for a in endpoints {
            for b in endpoints {
                #expect((EndpointKey.of(a) == EndpointKey.of(b)) == (a == b), "\(a) \(b)")
            }
        }
    }

    @Test func ipv6KeysHaveTheTopBitAndIPv4KeysDoNot() {
        #expect(EndpointKey.of(v6(0, 0x7F00_0001, 5060)) >> 63 == 1)
        #expect(EndpointKey.of(v4(0xFFFF_FFFF, 65535)) >> 63 == 0)
    }

    @Test func trackedMessagesKeepTheKeys() {
        let message = TrackedMessage(
            facts: MessageFacts(), timestamp: 7, source: v4(0x0A00_0001, 5060), destination: v6(0, 1, 5062))
        #expect(message.source == EndpointKey.of(v4(0x0A00_0001, 5060)))
        #expect(message.destination == EndpointKey.of(v6(0, 1, 5062)))
        #expect(MemoryLayout<TrackedMessage>.stride == 96)
    }

    @Test func factsKeepTheStatusIn16Bits() {
        var facts = MessageFacts()
        for status in [0, 100, 183, 410, 699] {
            facts.status = status
            #expect(facts.status == status)
        }
        facts.status = 70_000
        #expect(facts.status == 65_535)
        facts.status = -1
        #expect(facts.status == 0)
        #expect(MemoryLayout<MessageFacts>.stride == 56)
    }
}
