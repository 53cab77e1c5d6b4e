import Calls
import Testing

@testable import Report

/// Each name a compact line copies ready-made is what escaping its
/// `rawValue` writes (see `QuotedNames.swift`).
@Suite struct QuotedNamesTests {
    static func escaped(_ value: String) -> String {
        var w = JSONWriter(pretty: false)
        w.rawString(value)
        return w.output
    }

    static func text(_ literal: StaticString) -> String {
        literal.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
    }

    @Test(arguments: CallOutcome.allCases)
    func outcome(_ outcome: CallOutcome) {
        #expect(QuotedNamesTests.text(outcome.quotedJSON) == QuotedNamesTests.escaped(outcome.rawValue))
    }

    @Test(arguments: DialogStage.allCases)
    func stage(_ stage: DialogStage) {
        #expect(QuotedNamesTests.text(stage.quotedJSON) == QuotedNamesTests.escaped(stage.rawValue))
    }

    @Test func invite() {
        #expect(QuotedNamesTests.escaped("INVITE") == "\"INVITE\"")
    }
}
