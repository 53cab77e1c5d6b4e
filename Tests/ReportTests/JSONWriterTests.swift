import Foundation
import Report
import Testing

@Suite struct JSONWriterTests {
    @Test func compactOrderedOutput() {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.field("b", 1)
        w.field("a", "x")
        w.field("n", nil as Int?)
        w.field("r", 0.93, fractionDigits: 3)
        w.field("list", ints: [1, 2])
        w.key("empty")
        w.beginArray()
        w.endArray()
        w.endObject()
        #expect(w.output == #"{"b":1,"a":"x","n":null,"r":0.93,"list":[1,2],"empty":[]}"#)
    }

    @Test func prettyOutput() {
        var w = JSONWriter()
        w.beginObject()
        w.field("a", 1)
        w.key("o")
        w.beginObject()
        w.field("b", true)
        w.endObject()
        w.endObject()
        #expect(w.output == "{\n  \"a\": 1,\n  \"o\": {\n    \"b\": true\n  }\n}")
    }

    /// Packet text with quotes, backslashes, controls and line separators stays
    /// one valid JSON string that decodes back to the same text.
    @Test(arguments: [
        "plain", "quote \" and \\ back", "esc \u{1B}[31m bell \u{7} nul \u{0}", "line\nsep\u{2028}tab\t", "ünïcödé ☎",
    ])
    func escapesRoundTrip(text: String) throws {
        var w = JSONWriter(pretty: false)
        w.beginArray()
        w.string(text)
        w.endArray()
        let decoded = try JSONSerialization.jsonObject(with: Data(w.output.utf8)) as? [String]
        #expect(decoded == [text])
        #expect(!w.output.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test(arguments: [
        (0.0, "0"), (1.5, "1.5"), (0.1234, "0.123"), (2.0005, "2.001"), (-3.25, "-3.25"), (1000.0, "1000"),
    ])
    func decimals(value: Double, text: String) {
        #expect(formatDecimal(value, fractionDigits: 3) == text)
    }

    @Test func notFiniteIsNull() {
        var w = JSONWriter(pretty: false)
        w.beginArray()
        w.double(.nan)
        w.double(.infinity)
        w.endArray()
        #expect(w.output == "[null,null]")
    }
}
