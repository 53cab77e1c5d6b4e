import Report
import Testing

@Suite struct EscapeTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("evil\u{1B}[31m-6", "evil\\x1B[31m-6"),
        ("title\u{1B}]0;pwned\u{7}", "title\\x1B]0;pwned\\x07"),
        ("nul\u{0}", "nul\\x00"),
        ("c1\u{9B}", "c1\\x9B"),
        ("bidi\u{202E}txt", "bidi\\u{202E}txt"),
        ("ünïcödé ☎", "ünïcödé ☎"),
    ])
    func terminal(input: String, output: String) {
        #expect(Escape.terminal(input) == output)
    }
}
