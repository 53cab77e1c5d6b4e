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
        var groups: [UInt16] = []
        for shift in stride(from: 48, through: 0, by: -16) {
            groups.append(UInt16(truncatingIfNeeded: high >> UInt64(shift)))
        }
        for shift in stride(from: 48, through: 0, by: -16) {
            groups.append(UInt16(truncatingIfNeeded: low >> UInt64(shift)))
        }
        // Find the longest run of zero groups (length ≥ 2).
        var bestStart = -1, bestLength = 0, runStart = -1
        for i in 0...8 {
            if i < 8 && groups[i] == 0 {
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
        var parts: [String] = []
        var i = 0
        var out = ""
        while i < 8 {
            if i == bestStart {
                out += parts.joined(separator: ":") + "::"
                parts = []
                i += bestLength
                continue
            }
            parts.append(String(groups[i], radix: 16))
            i += 1
        }
        return out + parts.joined(separator: ":")
    }
}
