import Testing

@testable import SIP

/// The word-at-a-time tests answer exactly as a byte loop would, whatever the
/// length and wherever the odd byte is: in the first word, the last
/// (overlapping) word, or a value shorter than a word.
@Suite struct WordScanTests {
    static func bytewiseASCII(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 < 0x80 } }
    static func bytewiseOneLine(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D && $0 != 0x0A }
    }

    @Test(arguments: [UInt8(0x80), 0xC3, 0xFF, 0x0D, 0x0A, 0x7F, 0x00, 0x0C, 0x0E, 0x8D, 0x8A])
    func oddByteAnywhere(_ odd: UInt8) {
        for length in 0...40 {
            let plain = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            #expect(
                plain.withUnsafeBytes { WordScan.isASCII($0) } && plain.withUnsafeBytes { WordScan.isOneLineASCII($0) })
            for at in 0..<length {
                var bytes = plain
                bytes[at] = odd
                let ascii = bytes.withUnsafeBytes { WordScan.isASCII($0) }
                let oneLine = bytes.withUnsafeBytes { WordScan.isOneLineASCII($0) }
                #expect(ascii == WordScanTests.bytewiseASCII(bytes), "length \(length), byte \(odd) at \(at)")
                #expect(oneLine == WordScanTests.bytewiseOneLine(bytes), "length \(length), byte \(odd) at \(at)")
            }
        }
    }

    /// A slice is read within its bounds: bytes around it do not count.
    @Test func slicesSeeOnlyTheirBytes() {
        let bytes: [UInt8] = [0xFF, 0x0D] + Array("sip:alice@example.com".utf8) + [0x0A, 0xE2]
        bytes.withUnsafeBytes { all in
            for lower in 2...10 {
                for upper in (all.count - 12)...(all.count - 2) {
                    let slice = UnsafeRawBufferPointer(rebasing: all[lower..<upper])
                    #expect(WordScan.isASCII(slice) && WordScan.isOneLineASCII(slice), "\(lower)..<\(upper)")
                }
            }
            #expect(!WordScan.isASCII(UnsafeRawBufferPointer(rebasing: all[0..<9])))
            #expect(WordScan.isASCII(UnsafeRawBufferPointer(rebasing: all[1..<9])))
            #expect(!WordScan.isOneLineASCII(UnsafeRawBufferPointer(rebasing: all[1..<9])))
        }
    }

    /// Random runs against the byte loop.
    @Test func randomRuns() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("abcXYZ019;:<>@\" \t".utf8) + [0x0D, 0x0A, 0x80, 0xC2, 0xFF]
        for _ in 0..<2000 {
            let length = Int.random(in: 0...48, using: &generator)
            let odds = Int.random(in: 0...8, using: &generator) == 0
            let bytes = (0..<length).map { _ in
                odds ? alphabet.randomElement(using: &generator)! : alphabet[Int.random(in: 0..<17, using: &generator)]
            }
            #expect(bytes.withUnsafeBytes { WordScan.isASCII($0) } == WordScanTests.bytewiseASCII(bytes), "\(bytes)")
            #expect(
                bytes.withUnsafeBytes { WordScan.isOneLineASCII($0) } == WordScanTests.bytewiseOneLine(bytes),
                "\(bytes)")
        }
    }
}
