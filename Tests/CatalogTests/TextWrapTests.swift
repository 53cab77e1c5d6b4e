import Testing

@testable import Catalog

@Suite struct TextWrapTests {
    @Test func wrapsAtWordBoundaries() {
        #expect(
            TextWrap.lines("the quick brown fox jumps over the lazy dog", width: 15)
                == ["the quick brown", "fox jumps over", "the lazy dog"])
    }

    @Test func indentsAndHangs() {
        #expect(
            TextWrap.lines("one two three four", width: 10, indent: 2, hangingIndent: 4)
                == ["  one two", "    three", "    four"])
        #expect(TextWrap.wrap("a b", width: 10, indent: 1) == " a b\n")
    }

    @Test func longWordStaysWhole() {
        #expect(TextWrap.lines("a averyveryverylongword b", width: 8) == ["a", "averyveryverylongword", "b"])
    }

    @Test func emptyText() {
        #expect(TextWrap.lines("", width: 10) == [])
        #expect(TextWrap.lines("   ", width: 10) == [])
    }

    @Test func truncates() {
        #expect(TextWrap.truncate("short", width: 10) == "short")
        #expect(TextWrap.truncate("exactly ten", width: 11) == "exactly ten")
        #expect(TextWrap.truncate("one two three", width: 9) == "one tw...")
        #expect(TextWrap.truncate("one two three", width: 10) == "one two...")
        #expect(TextWrap.truncate("abcdef", width: 2) == "ab")
    }

    @Test func sentences() {
        #expect(TextWrap.sentences("One. Two? Three! Four") == ["One.", "Two?", "Three!", "Four"])
        #expect(TextWrap.sentences("Wait 2.1 seconds. Then go.") == ["Wait 2.1 seconds.", "Then go."])
        #expect(TextWrap.sentences("") == [])
        #expect(TextWrap.firstSentence("Only one") == "Only one")
    }
}
