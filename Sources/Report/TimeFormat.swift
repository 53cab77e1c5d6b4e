/// Capture timestamps as text, without Foundation: the report must not depend on
/// the machine's locale or time zone.
public enum TimeFormat {
    /// `2026-11-21T05:49:16.123456Z`: ISO 8601, UTC, microseconds.
    public static func iso8601(_ nanoseconds: Int64) -> String {
        var out: [UInt8] = []
        StackText.append(to: &out, capacity: textCapacity) { putISO8601(nanoseconds, into: &$0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `05:49:16.123456`: time of day, UTC.
    public static func timeOfDay(_ nanoseconds: Int64) -> String {
        let (_, secondsOfDay, micros) = split(nanoseconds)
        var out: [UInt8] = []
        StackText.append(to: &out, capacity: textCapacity) { text in
            putClock(secondsOfDay, into: &text)
            text.put(UInt8(ascii: "."))
            text.putDecimal(UInt64(micros), width: 6)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Room for any `iso8601` text and a pair of quotes: a year of up to 20
    /// characters with its sign (Int64 nanoseconds only reach 1677…2262), and
    /// 23 more.
    static let textCapacity = 48

    /// Writes `iso8601(nanoseconds)`'s text: the JSON report writes one per
    /// message, and its digits put straight into the output cost a fraction of
    /// string interpolation.
    static func putISO8601(_ nanoseconds: Int64, into text: inout StackText) {
        let (days, secondsOfDay, micros) = split(nanoseconds)
        let (y, m, d) = civil(fromDays: days)
        text.putPadded(y, width: 4)
        text.put(UInt8(ascii: "-"))
        text.putDecimal(UInt64(m), width: 2)
        text.put(UInt8(ascii: "-"))
        text.putDecimal(UInt64(d), width: 2)
        text.put(UInt8(ascii: "T"))
        putClock(secondsOfDay, into: &text)
        text.put(UInt8(ascii: "."))
        text.putDecimal(UInt64(micros), width: 6)
        text.put(UInt8(ascii: "Z"))
    }

    /// A duration in milliseconds for people: `850 µs`, `12.3 ms`, `4.120 s`, `2 min 3.4 s`.
    public static func duration(milliseconds ms: Double) -> String {
        if ms < 1 { return "\(Int((ms * 1000).rounded())) µs" }
        if ms < 1000 { return formatDecimal(ms, fractionDigits: ms < 10 ? 2 : 1) + " ms" }
        let seconds = ms / 1000
        if seconds < 60 { return formatDecimal(seconds, fractionDigits: 3) + " s" }
        let minutes = Int(seconds / 60)
        return "\(minutes) min " + formatDecimal(seconds - Double(minutes * 60), fractionDigits: 1) + " s"
    }

    /// The whole seconds since the epoch (rounded down, also before 1970) and
    /// the nanoseconds past them (0 to 999,999,999).
    static func secondAndRest(_ ns: Int64) -> (seconds: Int64, rest: Int64) {
        var seconds = ns / 1_000_000_000
        var rest = ns % 1_000_000_000
        if rest < 0 {
            rest += 1_000_000_000
            seconds -= 1
        }
        return (seconds, rest)
    }

    private static func split(_ ns: Int64) -> (days: Int64, secondsOfDay: Int64, micros: Int64) {
        let (seconds, rest) = secondAndRest(ns)
        var days = seconds / 86_400
        var secondsOfDay = seconds % 86_400
        if secondsOfDay < 0 {
            secondsOfDay += 86_400
            days -= 1
        }
        return (days, secondsOfDay, rest / 1000)
    }

    /// `hh:mm:ss`; `secondsOfDay` is in 0..<86400.
    private static func putClock(_ secondsOfDay: Int64, into text: inout StackText) {
        text.putDecimal(UInt64(secondsOfDay / 3600), width: 2)
        text.put(UInt8(ascii: ":"))
        text.putDecimal(UInt64(secondsOfDay / 60 % 60), width: 2)
        text.put(UInt8(ascii: ":"))
        text.putDecimal(UInt64(secondsOfDay % 60), width: 2)
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
