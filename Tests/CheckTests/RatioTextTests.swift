import Check
import Testing

@Suite struct RatioTextTests {
    @Test(arguments: [("0.95", 0.95), ("95%", 0.95), ("1", 1.0), ("0", 0.0), ("100%", 1.0)])
    func parses(text: String, ratio: Double) {
        #expect(RatioText.parse(text) == ratio)
    }

    @Test(arguments: ["1.5", "-0.1", "101%", "x", "", "nan", "inf"])
    func refuses(text: String) {
        #expect(RatioText.parse(text) == nil)
    }

    @Test func formatsThreeDecimals() {
        #expect(RatioText.format(12.0 / 42) == "0.286")
        #expect(RatioText.format(0.95) == "0.95")
        #expect(RatioText.format(1) == "1")
    }
}
