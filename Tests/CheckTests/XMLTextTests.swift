import Check
import Testing

@Suite struct XMLTextTests {
    @Test func escapesMarkup() {
        #expect(XMLText.text("a<b>&c\"d'e") == "a&lt;b&gt;&amp;c\"d'e")
        #expect(XMLText.attribute("a<b>&c\"d'e") == "a&lt;b&gt;&amp;c&quot;d&apos;e")
        #expect(XMLText.text("]]>") == "]]&gt;")
    }

    /// Characters XML 1.0 cannot carry even as references become U+FFFD.
    @Test func replacesCharactersXMLCannotCarry() {
        #expect(
            XMLText.text("a\u{0}b\u{1B}c\u{7}d\u{FFFE}e\u{FFFF}f") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f")
        #expect(XMLText.text("tab\tline\nok\u{10000}é") == "tab\tline\nok\u{10000}é")
    }

    /// A parser would turn tab and line breaks in an attribute into spaces.
    @Test func keepsWhiteSpaceInAttributes() {
        #expect(XMLText.attribute("a\tb\nc\rd") == "a&#9;b&#10;c&#13;d")
        #expect(XMLText.text("c\rd") == "c&#13;d")
    }
}
