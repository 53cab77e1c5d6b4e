import Testing

@testable import Check

@Suite struct LimitTests {
    @Test(arguments: [
        ("3", Limit.count(3)), ("0", .count(0)), ("10%", .percent(10)), (" 2.5 % ", .percent(2.5)),
        ("100%", .percent(100)),
    ])
    func parses(text: String, limit: Limit) {
        #expect(Limit.parse(text) == limit)
    }

    @Test(arguments: ["", "-1", "1.5", "101%", "-3%", "x%", "3 calls", "nan%"])
    func refuses(text: String) {
        #expect(Limit.parse(text) == nil)
    }

    @Test func countAllowsUpToTheLimit() {
        #expect(Limit.count(3).allows(3, of: 10))
        #expect(!Limit.count(3).allows(4, of: 10))
    }

    @Test func percentIsExactOnWholeShares() {
        #expect(Limit.percent(10).allows(3, of: 30))
        #expect(!Limit.percent(10).allows(4, of: 30))
        #expect(Limit.percent(0).allows(0, of: 0))
        #expect(Limit.percent(3, of: 30) == 10)
    }

    @Test func descriptions() {
        #expect(Limit.count(3).description == "3")
        #expect(Limit.percent(2.5).description == "2.5%")
    }
}
