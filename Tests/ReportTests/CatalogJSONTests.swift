import Catalog
import Foundation
import Report
import Testing

/// The catalog's JSON parses and carries the keys `analyze`'s annotation uses.
@Suite struct CatalogJSONTests {
    @Test func entryHasTheStableKeys() throws {
        let entry = try #require(Catalog.entry(for: 410))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(CatalogJSON.entry(entry).utf8)) as? [String: Any])
        #expect(json["code"] as? Int == 410)
        #expect(json["reason"] as? String == "Gone")
        #expect(json["class"] as? String == "Client Failure")
        for key in ["rfc", "meaning", "whenYouSeeIt", "howToFix"] {
            #expect((json[key] as? String)?.isEmpty == false, "\(key)")
        }
        #expect(json["related"] != nil)
    }

    @Test func listHasEveryRegisteredCode() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(CatalogJSON.list().utf8)) as? [String: Any])
        #expect(json["count"] as? Int == 75)
        let list = try #require(json["codes"] as? [[String: Any]])
        #expect(list.count == Catalog.entries.count)
        #expect(list.compactMap { $0["code"] as? Int } == Catalog.entries.map(\.code))
    }
}
