import Testing

@testable import Calls

@Suite struct TagBytesTests {
    /// Tags compare as the strings decoded from them do: byte for byte when
    /// ASCII, else by `String` equality (canonical equivalence; invalid bytes
    /// read as U+FFFD).
    @Test func tagBytesCompareAsStrings() {
        // "ab" twice, "ac", a Kelvin sign and a K, an é both ways, two
        // different invalid bytes.
        let text: [UInt8] =
            Array("ababacK\u{212A}\u{E9}e\u{301}".utf8) + [0xFF, 0xFE]
        text.withUnsafeBytes { raw in
            func tag(_ r: Range<Int>) -> TagBytes { TagBytes(bytes: UnsafeRawBufferPointer(rebasing: raw[r])) }
            #expect(tag(0..<2) == tag(2..<4))
            #expect(tag(0..<2) != tag(4..<6))
            #expect(tag(0..<1) != tag(0..<2))
            #expect(tag(6..<7) == tag(7..<10))  // K, Kelvin sign
            #expect(tag(10..<12) == tag(12..<15))  // é, e + combining acute
            #expect(tag(15..<16) == tag(16..<17))  // both U+FFFD
            #expect(tag(0..<0) == tag(3..<3))
        }
    }
}
