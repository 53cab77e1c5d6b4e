import Testing

@testable import Report

@Suite struct TextReportTests {
    @Test(arguments: [
        ("Nothing to fix. For an INVITE the caller must ACK.", "Nothing to fix."),
        ("One sentence only.", "One sentence only."),
        ("Version 2.0 is fine. Next.", "Version 2.0 is fine."),
        ("", ""),
    ])
    func firstSentence(text: String, first: String) {
        #expect(TextReport.firstSentence(text) == first)
    }
}
