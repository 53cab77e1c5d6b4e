import TestSupport
import Testing

@testable import SIP

/// A streamed call's From and To are written to JSON from their bytes
/// (`NameAddress.parts`), not from the strings `parse` makes: where `parts`
/// answers, every part must read as `parse` reads it, and it must decline
/// every value whose strings are not its bytes as they are.
@Suite struct NameAddressPartsTests {

    static let declined: [String] = [
        "\"Al \\\"the\\\" Boss\" <sip:al@x>;tag=1",
        "\"Zoë\" <sip:zoe@x>;tag=1",
        "<sip:zoë@x>;tag=1",
        "<sip:a@x>;tag=é",
        "\"A\"\r\n <sip:a@x>;tag=folded",
        "<sip:a@x>\n;tag=lf",
        "<sip:a@h>\r;tag=cr",
        "\"abc\\\"",
    ]

    @Test(arguments: NameAddressSamples.plain)
    func partsReadAsParseDoes(value: String) throws {
        // Inside a longer buffer, as in a call's text.
        let bytes = Array("x:".utf8) + Array(value.utf8) + Array("\r\n".utf8)
        try bytes.withUnsafeBytes { raw in
            let range = 2..<(2 + value.utf8.count)
            let parsed = NameAddress.parse(raw, range)
            let parts = try #require(NameAddress.parts(raw, range))
            func text(_ r: Range<Int>?) -> String? {
                r.map { String(decoding: UnsafeRawBufferPointer(rebasing: raw[$0]), as: UTF8.self) }
            }
            #expect(text(parts.displayName) == parsed.displayName)
            #expect(text(parts.uri) == parsed.uri)
            #expect(text(parts.tag) == parsed.tag)
            #expect(text(parts.user) == parsed.user)
        }
    }

    @Test(arguments: NameAddressPartsTests.declined)
    func declinesWhatIsNotItsBytes(value: String) {
        let bytes = Array(value.utf8)
        bytes.withUnsafeBytes { raw in
            #expect(NameAddress.parts(raw, 0..<raw.count) == nil)
        }
    }

    @Test func exactRanges() throws {
        let value = "\"Alice\" <sip:alice@example.com>;tag=19"
        try Array(value.utf8).withUnsafeBytes { raw in
            let parts = try #require(NameAddress.parts(raw, 0..<raw.count))
            #expect(parts == NameAddress.Parts(displayName: 1..<6, uri: 9..<30, tag: 36..<38, user: 13..<18))
        }
        // Nothing at all: no display name, an empty URI, no tag, no user.
        try [UInt8]().withUnsafeBytes { raw in
            let parts = try #require(NameAddress.parts(raw, 0..<0))
            #expect(parts == NameAddress.Parts(displayName: nil, uri: 0..<0, tag: nil, user: nil))
        }
        // A range outside the buffer is declined, not read.
        Array("<sip:a@b>".utf8).withUnsafeBytes { raw in
            #expect(NameAddress.parts(raw, 0..<(raw.count + 1)) == nil)
            #expect(NameAddress.parts(raw, -1..<3) == nil)
        }
    }
}
