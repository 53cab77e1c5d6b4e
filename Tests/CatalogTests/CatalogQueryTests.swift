import Testing

@testable import Catalog

@Suite struct CatalogQueryTests {
    @Test(arguments: [("100", 100), ("183", 183), ("499", 499), ("699", 699)])
    func codes(text: String, code: Int) {
        #expect(CatalogQuery(text) == .code(code))
    }

    @Test(arguments: [("1xx", ResponseClass.provisional), ("4xx", .clientFailure), ("6XX", .globalFailure)])
    func classes(text: String, expected: ResponseClass) {
        #expect(CatalogQuery(text) == .responseClass(expected))
    }

    @Test(arguments: ["", "99", "700", "0xx", "7xx", "4x", "4xxx", "18", "1830", "abc", "-183", "+183", " 183", "١٨٣"])
    func rejected(text: String) {
        #expect(CatalogQuery(text) == nil)
    }

    @Test func messages() {
        #expect(
            CatalogQuery.invalidCode("99")
                == "'99' is not a SIP response code: expected a number from 100 to 699 or a class such as 4xx")
        #expect(
            CatalogQuery.invalidCode("x", allowClass: false)
                == "'x' is not a SIP response code: expected a number from 100 to 699")
    }
}
