import Testing

@testable import Catalog

@Suite struct CatalogFieldTests {
    @Test func keysAreStable() throws {
        let entry = try #require(Catalog.entry(for: 183))
        #expect(
            entry.fields.map(\.key) == [
                "code", "reason", "class", "registered", "rfc", "section", "meaning", "whenYouSeeIt", "howToFix",
                "whenToUse", "final", "dialog", "sdp", "acknowledgement", "retry", "permanence", "headers", "related",
            ])
    }

    @Test func valuesOf422() throws {
        let fields = try #require(Catalog.entry(for: 422)).fields
        let byKey = Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0.value) })
        #expect(byKey["code"] == .int(422))
        #expect(byKey["reason"] == .string("Session Interval Too Small"))
        #expect(byKey["class"] == .string("Client Failure"))
        #expect(byKey["rfc"] == .string("RFC 4028"))
        #expect(byKey["section"] == .string("6"))
        #expect(byKey["final"] == .bool(true))
        #expect(byKey["retry"] == .string("modify"))
        #expect(byKey["headers"] == .strings(["Min-SE", "Session-Expires"]))
        #expect(byKey["related"] == .ints([421, 423]))
    }

    @Test func unregisteredSaysSo() throws {
        let fields = try #require(Catalog.entry(for: 299)).fields
        #expect(fields.first { $0.key == "registered" }?.value == .bool(false))
        #expect(fields.first { $0.key == "reason" }?.value == .string(""))
    }
}
