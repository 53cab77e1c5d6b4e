import TestSupport
import Testing

@testable import SIP

/// The cache of parsed From and To values gives what parsing gives, whether a
/// value is new, seen before, evicted by another with the same slot (two
/// slots make that happen all the time), or too long to keep.
@Suite struct NameAddressCacheTests {
    @Test func cachedValuesAreTheParsedOnes() {
        var rng = SplitMix64(seed: 3261_20)
        let values =
            (0..<40).map { n in
                [
                    "<sip:user\(n)@10.0.0.\(n % 7):5060>;tag=\(n * 31)",
                    "\"Name \(n)\" <sip:+1555\(n)@example.com>",
                    "sip:bare\(n)@host;tag=t\(n);other=1",
                ]
            }.flatMap { $0 } + [String(repeating: "x", count: 600) + " <sip:long@x>;tag=long"]
        for slots in [1, 2, 16384] {
            var cache = NameAddressCache(slots: slots)
            for _ in 0..<2000 {
                let value = values[Int.random(in: 0..<values.count, using: &rng)]
                let padded = "From: " + value + "\r\n"
                let bytes = Array(padded.utf8)
                let range = 6..<(bytes.count - 2)
                let (cached, parsed) = bytes.withUnsafeBytes { raw in
                    (cache.parse(raw, range), NameAddress.parse(raw, range))
                }
                #expect(cached == parsed, "\(value), \(slots) slots")
            }
        }
    }
}
