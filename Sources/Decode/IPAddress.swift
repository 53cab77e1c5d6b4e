/// An IPv4 or IPv6 address as a fixed-size value: hashing and comparing it costs
/// no allocation, which matters because every packet carries two of them.
public struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// IPv6 address bits, or for IPv4 the address in the low 32 bits of `low`.
    public let high: UInt64
    public let low: UInt64
    public let isIPv6: Bool

    public init(ipv4: UInt32) {
        high = 0
        low = UInt64(ipv4)
        isIPv6 = false
    }

    public init(ipv6High: UInt64, low: UInt64) {
        high = ipv6High
        self.low = low
        isIPv6 = true
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        (a.isIPv6 ? 1 : 0, a.high, a.low) < (b.isIPv6 ? 1 : 0, b.high, b.low)
    }

    /// Dotted quad for IPv4; RFC 5952 text for IPv6 (lower case, longest zero run
    /// of two or more groups shortened to `::`).
    public var description: String {
        if !isIPv6 {
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\((v >> 16) & 0xFF).\((v >> 8) & 0xFF).\(v & 0xFF)"
        }
        let shortened = zeroRunToShorten
        var parts: [String] = []
        var i = 0
        var out = ""
        while i < 8 {
            if let run = shortened, i == run.lowerBound {
                out += parts.joined(separator: ":") + "::"
                parts = []
                i = run.upperBound
                continue
            }
            parts.append(String(group(i), radix: 16))
            i += 1
        }
        return out + parts.joined(separator: ":")
    }

    /// IPv6 group `index` (0 to 7, most significant first).
    public func group(_ index: Int) -> UInt16 {
        let word = index < 4 ? high : low
        return UInt16(truncatingIfNeeded: word >> UInt64(48 - 16 * (index % 4)))
    }

    /// The groups an IPv6 address's text shortens to `::` (RFC 5952 §4.2.3: the
    /// longest run of two or more zero groups, the first of equal ones), or nil.
    /// Shared by `description` and the JSON writer, which prints it as bytes.
    public var zeroRunToShorten: Range<Int>? {
        var bestStart = -1
        var bestLength = 0
        var runStart = -1
        for i in 0...8 {
            if i < 8 && group(i) == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                let length = i - runStart
                if length > bestLength && length >= 2 {
                    bestStart = runStart
                    bestLength = length
                }
                runStart = -1
            }
        }
        return bestStart < 0 ? nil : bestStart..<(bestStart + bestLength)
    }
}
