import Report
import Testing

@Suite struct TimeFormatTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (Int64(1_795_240_759_855_514_000), "2026-11-21T05:59:19.855514Z"),
        (Int64(951_782_400_000_000_000), "2000-02-29T00:00:00.000000Z"),
        (Int64(1_700_000_000_123_456_789), "2023-11-14T22:13:20.123456Z"),
        (Int64(-1_000), "1969-12-31T23:59:59.999999Z"),
    ])
    func iso8601(nanoseconds: Int64, text: String) {
        #expect(TimeFormat.iso8601(nanoseconds) == text)
    }

    @Test(arguments: [
        (0.25, "250 µs"), (5.882, "5.88 ms"), (112.522, "112.5 ms"), (4120.0, "4.12 s"), (123_400.0, "2 min 3.4 s"),
    ])
    func durations(ms: Double, text: String) {
        #expect(TimeFormat.duration(milliseconds: ms) == text)
    }
}
