import Testing

@testable import SIP

/// `CSeq.locate` reads the number in the pass that finds its end (it runs on
/// every message). Exact values for the usual and the edge cases, and the
/// same answer as the two-pass reading it replaced (`reference`) on values
/// built from the pieces a CSeq is made of, blanks, signs, bytes past ASCII
/// and overflow included, read whole and from inside.
@Suite struct CSeqLocateTests {
    /// The reading `locate` replaced: trim, the run of digits, `decimal` with
    /// the 32-bit limit, the rest trimmed as the method.
    private static func reference(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> (UInt32, Range<Int>)? {
        let value = bytes.trimmed(range)
        var i = value.lowerBound
        while i < value.upperBound, ASCII.isDigit(bytes[i]) { i += 1 }
        guard let number = bytes.decimal(value.lowerBound..<i, limit: Int(UInt32.max)) else { return nil }
        let method = bytes.trimmed(i..<value.upperBound)
        guard !method.isEmpty else { return nil }
        return (UInt32(number), method)
    }

    /// `locate` on the whole of `text`: the number and the method, as text.
    private static func locate(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { raw in
            CSeq.locate(raw, 0..<raw.count).map { "\($0.0) \(String(decoding: raw[$0.1], as: UTF8.self))" }
        }
    }

    @Test func usualAndEdgeValues() {
        #expect(CSeqLocateTests.locate("314159 INVITE") == "314159 INVITE")
        #expect(CSeqLocateTests.locate("  7 \t BYE \r\n") == "7 BYE")
        #expect(CSeqLocateTests.locate("007 ACK") == "7 ACK")
        #expect(CSeqLocateTests.locate("12INVITE") == "12 INVITE")
        #expect(CSeqLocateTests.locate("4294967295 CANCEL") == "4294967295 CANCEL")
        #expect(CSeqLocateTests.locate("4294967296 CANCEL") == nil)
        #expect(CSeqLocateTests.locate("99999999999999999999999999 INVITE") == nil)
        #expect(CSeqLocateTests.locate("12") == nil)
        #expect(CSeqLocateTests.locate("12   ") == nil)
        #expect(CSeqLocateTests.locate("INVITE") == nil)
        #expect(CSeqLocateTests.locate("-1 INVITE") == nil)
        #expect(CSeqLocateTests.locate("") == nil)
        #expect(CSeqLocateTests.locate("   ") == nil)
    }

    @Test func sameAsTheTwoPassReading() {
        let pieces = [
            "", " ", "\t", "\r\n", "0", "1", "9", "42", "007", "2147483647", "4294967295", "4294967296",
            "18446744073709551616", "INVITE", "BYE", "x", "-", "+", ":", "/", "\u{FF}", "é",
        ]
        var checked = 0
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for text in [a + b + c, a + " " + b + c, " " + a + b + " " + c + " "] {
                        let bytes = Array(text.utf8)
                        bytes.withUnsafeBytes { raw in
                            // Inside a larger buffer too: only the range is read.
                            for range in [
                                0..<raw.count, min(1, raw.count)..<raw.count,
                                min(2, raw.count)..<max(min(2, raw.count), raw.count - 1),
                            ] {
                                let got = CSeq.locate(raw, range)
                                let want = CSeqLocateTests.reference(raw, range)
                                #expect(got?.0 == want?.0 && got?.1 == want?.1, "\(text.debugDescription) \(range)")
                                checked += 1
                            }
                        }
                    }
                }
            }
        }
        #expect(checked == pieces.count * pieces.count * pieces.count * 3 * 3)
    }
}
