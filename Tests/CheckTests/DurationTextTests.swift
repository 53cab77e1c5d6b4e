import Check
import Testing

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("3s", 3000.0), ("250ms", 250.0), ("1.5s", 1500.0), (" 0.25 s ", 250.0), ("0ms", 0.0), ("2.5ms", 2.5),
    ])
    func parses(text: String, ms: Double) {
        #expect(DurationText.parse(text) == ms)
    }

    /// A bare number is refused: seconds or milliseconds?
    @Test(arguments: ["3", "", "s", "ms", "-1s", "3m", "1e3ms", "infs", "3 sec", "0x10s"])
    func refuses(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test(arguments: [(6.179, "6.179ms"), (250, "250ms"), (1000, "1s"), (1502.934, "1.503s"), (116.3774, "116.377ms")])
    func formats(ms: Double, text: String) {
        #expect(DurationText.format(ms) == text)
    }
}
