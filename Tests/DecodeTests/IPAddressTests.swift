import Decode
import Testing

@Suite struct IPAddressTests {
    @Test(arguments: [
        (UInt64(0), UInt64(1), "::1"),
        (UInt64(0x2001_0db8_0000_0000), UInt64(1), "2001:db8::1"),
        (UInt64(0xfe80_0000_0000_0000), UInt64(0x0001_0000_0000_0001), "fe80::1:0:0:1"),
        (UInt64(0x2001_0db8_0000_0001), UInt64(0x0000_0000_0001_0001), "2001:db8:0:1::1:1"),
        (UInt64(0x2001_0db8_0001_0001), UInt64(0x0001_0001_0001_0001), "2001:db8:1:1:1:1:1:1"),
        (UInt64(0), UInt64(0), "::"),
    ])
    func ipv6Text(high: UInt64, low: UInt64, text: String) {
        #expect(IPAddress(ipv6High: high, low: low).description == text)
    }

    @Test func ipv4TextAndEndpoint() {
        let a = IPAddress(ipv4: 0xC000_0201)
        #expect(a.description == "192.0.2.1")
        #expect(Endpoint(address: a, port: 5060).description == "192.0.2.1:5060")
        #expect(Endpoint(address: IPAddress(ipv6High: 0, low: 1), port: 5060).description == "[::1]:5060")
    }
}
