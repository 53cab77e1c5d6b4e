import Decode

/// `Endpoint.description` and `IPAddress.description`, written as bytes.
///
/// The JSON report prints two endpoints per message, and making each a
/// `String` first (interpolation, for IPv6 an array of groups too) was 7% of
/// what `analyze --format ndjson` spent writing JSON. The text must stay
/// exactly the `description` text, which `JSONBytesTests` checks against it
/// address by address (IPv6 zero runs, ties, v4-mapped, random ones).
enum EndpointText {
    /// Room for the longest endpoint and a pair of quotes:
    /// `[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535` is 47 bytes.
    static let capacity = 49

    /// `ip:port`, IPv6 in brackets: `10.0.0.1:5060`, `[::1]:5060`.
    static func put(_ endpoint: Endpoint, into text: inout StackText) {
        if endpoint.address.isIPv6 {
            text.put(UInt8(ascii: "["))
            put(endpoint.address, into: &text)
            text.put(UInt8(ascii: "]"))
        } else {
            put(endpoint.address, into: &text)
        }
        text.put(UInt8(ascii: ":"))
        text.putDecimal(UInt64(endpoint.port))
    }

    /// Dotted quad for IPv4; for IPv6 RFC 5952 text as `IPAddress.description`
    /// writes it: lower-case groups without leading zeros, the first of the
    /// longest runs of two or more zero groups shortened to `::`. (No dotted
    /// tail for v4-mapped addresses: `::ffff:a00:1`, as `description` has it.)
    static func put(_ address: IPAddress, into text: inout StackText) {
        guard address.isIPv6 else {
            let v = UInt32(truncatingIfNeeded: address.low)
            text.putOctet(UInt8(truncatingIfNeeded: v >> 24))
            text.put(UInt8(ascii: "."))
            text.putOctet(UInt8(truncatingIfNeeded: v >> 16))
            text.put(UInt8(ascii: "."))
            text.putOctet(UInt8(truncatingIfNeeded: v >> 8))
            text.put(UInt8(ascii: "."))
            text.putOctet(UInt8(truncatingIfNeeded: v))
            return
        }
        let shortened = address.zeroRunToShorten
        var needsColon = false
        var i = 0
        while i < 8 {
            if let run = shortened, i == run.lowerBound {
                text.put(UInt8(ascii: ":"))
                text.put(UInt8(ascii: ":"))
                needsColon = false
                i = run.upperBound
                continue
            }
            if needsColon { text.put(UInt8(ascii: ":")) }
            text.putHex(address.group(i))
            needsColon = true
            i += 1
        }
    }
}
