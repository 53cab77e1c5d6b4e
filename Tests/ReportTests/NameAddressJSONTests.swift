import SIP
import TestSupport
import Testing

@testable import Report

/// A streamed call's From and To are written from their bytes
/// (`JSONWriter.rawNameAddress(_:_:)`, the user with `rawQuoted`): byte for
/// byte what the writer makes of the parsed value and its user, for every
/// value `NameAddress.parts` accepts.
@Suite struct NameAddressJSONTests {
    @Test(arguments: NameAddressSamples.plain)
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
