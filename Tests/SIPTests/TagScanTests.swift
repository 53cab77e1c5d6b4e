@testable import SIP
import TestSupport
import Testing

/// `TagScan` is the per-message twin of `NameAddress.tagRange` and
/// `Via.branchRange`: the two must find the same bytes in every value.
@Suite struct TagScanTests {
    /// Values made of the bytes that steer the scan (quotes, escapes, angle
    /// brackets, separators, blanks and line breaks, the letters of the
    /// names), in every case, inside a larger buffer.
    @Test func agreesWithTheGeneralReadersOnFuzzedValues() {
        let alphabet = Array("<>;=\",\\ \t\r\nTAGtagBRANCHbranch:@sip1z".utf8)
        var generator = SplitMix64(seed: 0x7A95)
        var differences = 0
        for round in 0..<60_000 {
            let length = Int(generator.next() % 90)
            var bytes: [UInt8] = []
            // Whole parameters now and then, so matches are common.
            while bytes.count < length {
                switch generator.next() % 6 {
                case 0: bytes += Array(";tag=".utf8)
                case 1: bytes += Array(";branch=".utf8)
                case 2: bytes += Array(" ; TAG = \"x\"".utf8)
                default: bytes.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
                }
            }
            let padded = Array("xx".utf8) + bytes + Array("yy".utf8)
            let range = 2..<(2 + bytes.count)
            padded.withUnsafeBytes { raw in
                if TagScan.tag(raw, range) != NameAddress.tagRange(raw, range) { differences += 1 }
                if TagScan.branch(raw, range) != Via.branchRange(raw, range) { differences += 1 }
            }
            if differences > 0 {
                Issue.record("round \(round): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
                return
            }
        }
        #expect(differences == 0)
    }

    @Test(arguments: [
        ("\"Caller 0\" <sip:+1555@10.1.0.1:5060>;tag=10001SIPpTag000", "10001SIPpTag000"),
        ("<sip:a@b;tag=inside>;tag=outside", "outside"),
        ("sip:a@b;tag=bare", "bare"),
        ("\"a;tag=no\" <sip:a@b>", nil),
        ("<sip:a@b>;TAG = \"quoted\" ;x", "quoted"),
        ("<sip:a@b", nil),
    ] as [(String, String?)])
    func tags(value: String, expected: String?) {
        let bytes = Array(value.utf8)
        let found = bytes.withUnsafeBytes { raw in
            TagScan.tag(raw, 0..<raw.count).map { String(decoding: raw[$0], as: UTF8.self) }
        }
        #expect(found == expected)
    }
}
