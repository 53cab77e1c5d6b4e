import SIP
import Testing

@testable import Report

/// A streamed call's From and To are written from their bytes
/// (`JSONWriter.rawNameAddress(_:_:)`, the user with `rawQuoted`): byte for
/// byte what the writer makes of the parsed value and its user, for every
/// value `NameAddress.parts` accepts.
@Suite struct NameAddressJSONTests {
    static let values: [String] = [
        "\"Alice\" <sip:alice@example.com>;tag=1928301774",
        "Bob <sip:bob@biloxi.example.com>",
        "<sip:+15551234@gw;user=phone>;tag=a;other=b",
        "sip:carol@chicago.example.com;tag=887s",
        "  \"\"  <sip:empty@x> ; tag = spaced  ",
        "<tel:+1-555-1234;phone-context=example.com>;tag=\"quoted\"",
        "\"a\tb\u{1}\" <sip:ctl@h>;tag=t\u{7F}",
        "\t\"T\"\t<sip:t@h>\t;\ttag=\tx\t",
        "<sip:a@h>;tag=\" q \"",
        "\"x <y>;tag=no\" <sip:a@h>;tag=yes",
        "<sip:a\\b@h>;tag=1",
        "<sip:a\u{0}b@h>;tag=\u{0}",
        "<sip:a\"b@h>;tag=\"",
        "<sip:a@h",
        "tel:+1;tag=2",
        "<sip:a@h>, <sip:b@h>;tag=2",
        "<sip:h>",
        "",
    ]

    @Test(arguments: NameAddressJSONTests.values)
    func writtenFromBytesAsFromTheParsedValue(value: String) throws {
        let bytes = Array(value.utf8)
        try bytes.withUnsafeBytes { raw in
            let parts = try #require(NameAddress.parts(raw, 0..<raw.count))
            let parsed = NameAddress.parse(raw, 0..<raw.count)
            var fast = JSONWriter(pretty: false)
            fast.beginRawValue()
            fast.rawNameAddress(raw, parts)
            if let user = parts.user {
                fast.rawQuoted(UnsafeRawBufferPointer(rebasing: raw[user]))
            } else {
                fast.raw("null")
            }
            var slow = JSONWriter(pretty: false)
            slow.beginRawValue()
            slow.rawNameAddress(parsed)
            slow.rawString(parsed.user)
            #expect(fast.output == slow.output)
        }
    }
}
