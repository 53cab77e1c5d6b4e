import Check
import Testing

@Suite struct StatusPatternTests {
    @Test(arguments: [
        ("408", StatusPattern.code(408)), ("5xx", .responseClass(5)), ("6XX", .responseClass(6)), (" 100 ", .code(100)),
    ])
    func parses(text: String, pattern: StatusPattern) {
        #expect(StatusPattern.parse(text) == pattern)
        #expect(StatusPattern.parse(pattern.description) == pattern)
    }

    @Test(arguments: ["99", "700", "7xx", "0xx", "5x", "5xxx", "abc", ""])
    func refuses(text: String) {
        #expect(StatusPattern.parse(text) == nil)
    }

    @Test func matches() {
        #expect(StatusPattern.responseClass(5).matches(503))
        #expect(!StatusPattern.responseClass(5).matches(486))
        #expect(StatusPattern.code(408).matches(408))
        #expect(!StatusPattern.code(408).matches(480))
    }

    @Test func lists() {
        #expect(StatusPattern.parseList("5xx,6xx,408") == [.responseClass(5), .responseClass(6), .code(408)])
        #expect(StatusPattern.parseList("5xx,,408") == [.responseClass(5), .code(408)])
        #expect(StatusPattern.parseList("5xx,nope") == nil)
        #expect(StatusPattern.parseList("") == nil)
    }
}
