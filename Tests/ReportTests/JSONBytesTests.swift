import Catalog
import Decode
import Foundation
import TestSupport
import Testing

@testable import Report

/// The JSON writer works on bytes: strings escaped byte by byte, numbers,
/// timestamps and addresses written as digits. Its output must stay the text
/// the string-based writer produced, which the references below reproduce
/// (each is the earlier implementation, kept here as the specification).
@Suite struct JSONBytesTests {
    // MARK: - Escaping

    @Test(arguments: [
        ("", ""),
        ("plain text", "plain text"),
        ("\"", #"\""#),
        ("\\", #"\\"#),
        ("say \"hi\" \\o/", #"say \"hi\" \\o/"#),
        ("\n\r\t", #"\n\r\t"#),
        ("\u{0}", #"\u0000"#),
        ("\u{8}\u{C}\u{B}", #"\u0008\u000c\u000b"#),
        ("\u{1B}[31m", #"\u001b[31m"#),
        ("\u{1F}", #"\u001f"#),
        (" ~", " ~"),
        ("\u{7F}", #"\u007f"#),
        ("\u{80}", #"\u0080"#),
        ("\u{9F}", #"\u009f"#),
        ("x\u{85}y", #"x\u0085y"#),
        ("ends in C1\u{9B}", #"ends in C1\u009b"#),
        ("\u{A0}©¿", "\u{A0}©¿"),
        ("a\u{2028}b", #"a\u2028b"#),
        ("ends\u{2029}", #"ends\u2029"#),
        ("\u{2028}\u{2029}\u{2028}", #"\u2028\u2029\u2028"#),
        ("—€\u{2027}\u{202A}\u{202E}", "—€\u{2027}\u{202A}\u{202E}"),
        ("é café ünïcödé ☎ 日本語", "é café ünïcödé ☎ 日本語"),
        ("👍🏽 🇫🇷 \u{1F600}", "👍🏽 🇫🇷 \u{1F600}"),
        ("é\u{85}é\u{2028}👍\"", #"é\u0085é\u2028👍\""#),
    ])
    func escapes(input: String, escaped: String) {
        #expect(JSONWriter.escape(input) == escaped)
        #expect(referenceEscape(input) == escaped)
        #expect(compactString(input) == "\"" + escaped + "\"")
        #expect(String(decoding: JSONWriter.escapedBytes(input), as: UTF8.self) == escaped)
    }

    /// Every scalar from U+0000 to U+3000, alone, between text, and at the end:
    /// the same as the scalar-based reference.
    @Test func everyScalarMatchesTheReference() {
        for value in UInt32(0)...0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let c = String(Character(scalar))
            for s in [c, "ab" + c + "cd", "tail " + c, c + c + "x" + c] {
                #expect(compactString(s) == "\"" + referenceEscape(s) + "\"", "U+\(String(value, radix: 16))")
            }
        }
    }

    /// A character that must be escaped at every position of a longer string,
    /// so runs before and after it are copied whole and in order.
    @Test(arguments: ["\"", "\\", "\n", "\u{1}", "\u{7F}", "\u{80}", "\u{9F}", "\u{2028}", "\u{2029}"])
    func escapeAtEveryOffset(special: String) {
        let base = "0123456789abcdefghijklmnopqrstuvwxyzé—☎"
        for offset in 0...base.count {
            var s = base
            s.insert(contentsOf: special, at: s.index(s.startIndex, offsetBy: offset))
            #expect(compactString(s) == "\"" + referenceEscape(s) + "\"")
            #expect(JSONWriter.escape(s) == referenceEscape(s))
        }
    }

    /// Random strings over an alphabet of every kind of byte and character.
    @Test func randomStringsMatchTheReferenceAndRoundTrip() throws {
        let alphabet: [Unicode.Scalar] = [
            "a", "Z", "0", " ", "~", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{80}",
            "\u{9F}", "\u{A0}", "©", "é", "\u{2027}", "\u{2028}", "\u{2029}", "\u{202A}", "—", "€", "\u{FFFF}",
            "\u{1F600}",
        ]
        var rng = SplitMix64(seed: 2028)
        for _ in 0..<2000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                s.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)])
            }
            let json = compactString(s)
            #expect(json == "\"" + referenceEscape(s) + "\"")
            let decoded = try JSONSerialization.jsonObject(with: Data(("[" + json + "]").utf8)) as? [String]
            #expect(decoded == [s])
        }
    }

    /// `escape` hands back the very string when nothing needed escaping.
    @Test func escapeKeepsCleanText() {
        let s = "sip:+15550000000@10.1.0.1:5060;transport=tcp"
        #expect(JSONWriter.escape(s) == s)
    }

    /// Keys made at run time go through the same escaping; the report's own
    /// literal keys are copied as written.
    @Test func keysAreEscaped() {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.key(text: "a\"b\u{2028}")
        w.int(1)
        w.field("plain", 2)
        w.endObject()
        #expect(w.output == #"{"a\"b\u2028":1,"plain":2}"#)
    }

    /// Long, mostly plain strings with a rare special character: the eight-byte
    /// steps of `appendEscaped` must stop at every kind of special byte, at every
    /// position of a word, and copy the runs between them whole.
    @Test func mostlyPlainStringsMatchTheReference() {
        let plain: [Unicode.Scalar] = ["a", "Z", "0", " ", "~", "/", ";", "=", "@", "."]
        let special: [Unicode.Scalar] = [
            "\"", "\\", "\n", "\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "é", "\u{2028}",
            "\u{2029}", "—", "\u{1F600}",
        ]
        var rng = SplitMix64(seed: 8259)
        for _ in 0..<5000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...90, using: &rng) {
                let rare = Int.random(in: 0..<24, using: &rng) == 0
                let pool = rare ? special : plain
                s.unicodeScalars.append(pool[Int.random(in: 0..<pool.count, using: &rng)])
            }
            #expect(compactString(s) == "\"" + referenceEscape(s) + "\"")
        }
    }

    // MARK: - Pieces and timestamps

    /// A string written in pieces is the string of the pieces joined.
    @Test func piecesEscapeLikeTheWhole() {
        let alphabet: [Unicode.Scalar] = [
            "a", " ", "\"", "\\", "\n", "\u{1}", "\u{7F}", "\u{85}", "é", "\u{2028}", "☎",
        ]
        var rng = SplitMix64(seed: 3261)
        for _ in 0..<500 {
            let pieces = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
                var s = ""
                for _ in 0..<Int.random(in: 0...6, using: &rng) {
                    s.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)])
                }
                return s
            }
            let number = UInt64.random(in: 0...UInt64.max, using: &rng)
            var w = JSONWriter(pretty: false)
            w.beginArray()
            w.beginString()
            for piece in pieces { w.stringPiece(piece) }
            w.stringPiece(number)
            w.stringPiece(";tag=")
            w.endString()
            w.endArray()
            var whole = JSONWriter(pretty: false)
            whole.beginArray()
            whole.string(pieces.joined() + String(number) + ";tag=")
            whole.endArray()
            #expect(w.output == whole.output)
        }
    }

    /// Timestamps read as `TimeFormat.iso8601` says, whether their second is
    /// the one written just before (kept) or not: same second, next second,
    /// back in time, before 1970, and the ends of Int64.
    @Test func timestampsAsTimeFormatSays() {
        let base: Int64 = 1_767_225_600_123_456_789
        let times: [Int64] = [
            base, base + 1, base + 876_543_210, base + 876_543_211, base + 1_000_000_000, base, -1, -999, 0,
            -1_000_000_000, -1_000_000_001, 86_399_999_999_999, Int64.min, Int64.min + 999_999_999,
            Int64.min + 1_000_000_000, Int64.max, Int64.max - 1, base,
        ]
        var w = JSONWriter(pretty: false)
        w.beginArray()
        for time in times {
            w.beginObject()
            w.field("t", timestamp: time)
            w.endObject()
        }
        w.endArray()
        let expected = "[" + times.map { #"{"t":""# + TimeFormat.iso8601($0) + #""}"# }.joined(separator: ",") + "]"
        #expect(w.output == expected)
    }

    // MARK: - The buffer

    /// A copy of a writer is a separate document, as when the bytes were an
    /// array: the buffer is copied when either one writes after the copy.
    @Test func copiesAreIndependent() {
        var a = JSONWriter(pretty: false)
        a.beginArray()
        a.int(1)
        var b = a
        b.int(2)
        a.int(3)
        a.endArray()
        b.endArray()
        #expect(a.output == "[1,3]")
        #expect(b.output == "[1,2]")
        var c = a
        c.removeAll()
        #expect(c.count == 0 && a.output == "[1,3]")
    }

    /// Past its first 4 KiB the buffer grows, a value at a time or by a
    /// single long string, and keeps every byte.
    @Test func growsAndKeepsEveryByte() {
        var w = JSONWriter(pretty: false)
        w.beginArray()
        var expected = "["
        for n in 0..<3000 {
            w.int(n)
            expected += (n == 0 ? "" : ",") + String(n)
        }
        let long = String(repeating: "x\u{1}", count: 50_000)
        w.string(long)
        expected += ",\"" + String(repeating: "x\\u0001", count: 50_000) + "\"]"
        w.endArray()
        #expect(w.output == expected)
        #expect(w.count == expected.utf8.count)
        #expect(w.withBytes { Array($0) } == w.bytes)
    }

    // MARK: - Layout

    /// Nested and empty containers keep the layout the writer always had.
    @Test func nestedContainers() {
        func write(_ w: inout JSONWriter) {
            w.beginObject()
            w.key("a")
            w.beginArray()
            w.int(1)
            w.beginObject()
            w.endObject()
            w.beginArray()
            w.string("x")
            w.endArray()
            w.endArray()
            w.field("b", true)
            w.endObject()
        }
        var pretty = JSONWriter()
        write(&pretty)
        #expect(pretty.output == "{\n  \"a\": [\n    1,\n    {},\n    [\n      \"x\"\n    ]\n  ],\n  \"b\": true\n}")
        var compact = JSONWriter(pretty: false)
        write(&compact)
        #expect(compact.output == #"{"a":[1,{},["x"]],"b":true}"#)
    }

    @Test func finishLineAddsOneNewline() {
        var w = JSONWriter(pretty: false)
        w.beginArray()
        w.endArray()
        #expect(w.finishLine() == "[]\n")
    }

    // MARK: - Numbers

    @Test func integersMatchString() {
        var values = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 65535, -1, -9, -10, -99, -100, Int.max, Int.min]
        var rng = SplitMix64(seed: 1)
        for _ in 0..<2000 {
            let magnitude = Int.random(in: 0...18, using: &rng)
            var limit = 1
            for _ in 0..<magnitude { limit *= 10 }
            values.append(Int.random(in: -limit...limit, using: &rng))
        }
        for value in values {
            var w = JSONWriter(pretty: false)
            w.int(value)
            #expect(w.output == String(value))
        }
    }

    /// Digits two at a time, the length counted by comparisons: every
    /// length from 1 to 20 digits, each side of every power of ten, padded
    /// to widths below, at and above the length.
    @Test func paddedDigitsMatchString() {
        var values: [UInt64] = [0, 1, 9, 10, 99, 100, UInt64.max, UInt64.max - 1]
        var power: UInt64 = 1
        for _ in 0..<19 {
            power *= 10
            values += [power - 1, power, power + 1]
        }
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2000 { values.append(UInt64.random(in: 0...UInt64.max, using: &rng) >> (rng.next() % 64)) }
        for value in values {
            for width in [1, 2, 3, 6, 21] {
                var out: [UInt8] = []
                StackText.append(to: &out, capacity: 24) { $0.putDecimal(value, width: width) }
                let plain = String(value)
                let expected = String(repeating: "0", count: max(0, width - plain.count)) + plain
                #expect(String(decoding: out, as: UTF8.self) == expected, "\(value) width \(width)")
            }
        }
    }

    @Test func decimalsMatchTheReference() {
        var values: [Double] = [
            0, -0.0, 0.5, 1.5, 0.1234, 2.0005, -3.25, 1000, 0.0001, 0.00049, 0.0005, 999.9995, -0.0004,
        ]
        var rng = SplitMix64(seed: 3)
        for _ in 0..<3000 {
            values.append(Double.random(in: -1e6...1e6, using: &rng))
            values.append(Double.random(in: 0...2, using: &rng))
            values.append(Double(Int.random(in: 0...100_000, using: &rng)) / 1000)
        }
        for value in values {
            for digits in 0...4 {
                #expect(formatDecimal(value, fractionDigits: digits) == referenceFormatDecimal(value, digits))
            }
        }
    }

    @Test func hexDigits() {
        for value in [UInt16(0), 1, 0xf, 0x10, 0xabc, 0x1000, 0xffff] {
            var out: [UInt8] = []
            StackText.append(to: &out, capacity: 4) { $0.putHex(value) }
            #expect(String(decoding: out, as: UTF8.self) == String(value, radix: 16))
        }
    }

    /// The padding timestamps have always had, sign included, for any value.
    @Test(arguments: [
        (Int64(0), 4), (5, 4), (99, 4), (9999, 4), (10000, 4), (123_456_789, 4), (-5, 4), (-1234, 4),
        (-12345, 4), (7, 2), (0, 6), (Int64.max, 4), (Int64.min, 4),
    ])
    func padding(value: Int64, width: Int) {
        var out: [UInt8] = []
        StackText.append(to: &out, capacity: 24) { $0.putPadded(value, width: width) }
        #expect(String(decoding: out, as: UTF8.self) == referencePad(value, width))
    }

    // MARK: - Timestamps

    /// Int64 nanoseconds reach from 1677 to 2262; a year such as 9999 cannot
    /// come from a capture (`padding` covers the digits of such years).
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (-1, "1969-12-31T23:59:59.999999Z"),
        (-1_000, "1969-12-31T23:59:59.999999Z"),
        (-1_001, "1969-12-31T23:59:59.999998Z"),
        (999, "1970-01-01T00:00:00.000000Z"),
        (-1_000_000_000, "1969-12-31T23:59:59.000000Z"),
        (951_782_400_000_000_000, "2000-02-29T00:00:00.000000Z"),
        (1_709_164_799_999_999_999, "2024-02-28T23:59:59.999999Z"),
        (1_709_164_800_000_000_000, "2024-02-29T00:00:00.000000Z"),
        (1_709_251_199_999_999_000, "2024-02-29T23:59:59.999999Z"),
        (4_107_542_400_000_000_000, "2100-03-01T00:00:00.000000Z"),
        (-2_203_891_200_000_000_000, "1900-03-01T00:00:00.000000Z"),
        (Int64.max, "2262-04-11T23:47:16.854775Z"),
        (Int64.min, "1677-09-21T00:12:43.145224Z"),
    ])
    func iso8601(nanoseconds: Int64, text: String) {
        #expect(TimeFormat.iso8601(nanoseconds) == text)
        #expect(referenceISO8601(nanoseconds) == text)
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.field("time", timestamp: nanoseconds)
        w.endObject()
        #expect(w.output == #"{"time":""# + text + #""}"#)
    }

    @Test func timestampsMatchTheReference() {
        var rng = SplitMix64(seed: 86_400)
        var values: [Int64] = [0, 1, -1, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1]
        for _ in 0..<5000 { values.append(Int64(bitPattern: rng.next())) }
        for _ in 0..<5000 { values.append(Int64.random(in: -10_000_000_000...10_000_000_000, using: &rng)) }
        for value in values {
            #expect(TimeFormat.iso8601(value) == referenceISO8601(value), "\(value)")
            #expect(TimeFormat.timeOfDay(value) == referenceTimeOfDay(value), "\(value)")
        }
    }

    // MARK: - Endpoints

    @Test func ipv4EndpointsMatchDescription() {
        var endpoints = [
            Endpoint(address: IPAddress(ipv4: 0), port: 0),
            Endpoint(address: IPAddress(ipv4: 0xFFFF_FFFF), port: 65535),
            Endpoint(address: IPAddress(ipv4: 0x0A00_0001), port: 5060),
            Endpoint(address: IPAddress(ipv4: 0xC0A8_0164), port: 5061),
            Endpoint(address: IPAddress(ipv4: 0x0116_8504), port: 9),
        ]
        // Every octet value in every position (one, two and three digits).
        for v in UInt32(0)...255 { endpoints.append(Endpoint(address: IPAddress(ipv4: v &* 0x0101_0101), port: 5060)) }
        var rng = SplitMix64(seed: 4)
        for _ in 0..<2000 {
            endpoints.append(
                Endpoint(
                    address: IPAddress(ipv4: UInt32.random(in: 0...UInt32.max, using: &rng)),
                    port: UInt16.random(in: 0...UInt16.max, using: &rng)))
        }
        for endpoint in endpoints { expectWritten(endpoint) }
    }

    @Test(arguments: [
        "0:0:0:0:0:0:0:0", "0:0:0:0:0:0:0:1", "1:0:0:0:0:0:0:0", "2001:db8:0:0:0:0:0:1", "fe80:0:0:0:1:2:3:4",
        "2001:db8:0:0:1:0:0:1", "1:0:0:2:0:0:0:3", "1:0:1:0:1:0:1:0", "0:1:2:3:4:5:6:7", "1:2:3:4:5:6:7:0",
        "0:0:1:0:0:0:0:0", "0:0:0:0:0:ffff:a00:1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "1:2:3:4:5:6:7:8", "0:0:0:0:0:0:ac10:1", "64:ff9b:0:0:0:0:c000:221", "1:0:0:1:0:0:1:1",
    ])
    func ipv6EndpointsMatchDescription(groups: String) {
        let address = ipv6(groups.split(separator: ":").map { UInt16($0, radix: 16)! })
        for port in [UInt16(0), 5060, 65535] {
            expectWritten(Endpoint(address: address, port: port))
        }
    }

    /// Group values from a small set, so zero runs of every length start and
    /// end everywhere (ties included).
    @Test func randomIPv6EndpointsMatchDescription() {
        let choices: [UInt16] = [0, 0, 0, 1, 0xa, 0xabc, 0xffff]
        var rng = SplitMix64(seed: 6)
        for _ in 0..<5000 {
            let groups = (0..<8).map { _ in choices[Int.random(in: 0..<choices.count, using: &rng)] }
            expectWritten(Endpoint(address: ipv6(groups), port: UInt16.random(in: 0...UInt16.max, using: &rng)))
        }
    }

    // MARK: - Catalog annotations

    /// Every code the JSON report can annotate, registered or not, written
    /// from the cached table as it was written from the catalog entry.
    @Test(arguments: [false, true])
    func annotationsMatchTheCatalog(pretty: Bool) {
        for code in 100...699 {
            guard let entry = Catalog.entry(for: code), let annotation = AnnotationJSON.forStatus(code) else {
                Issue.record("\(code) has no annotation")
                continue
            }
            var cached = JSONWriter(pretty: pretty)
            cached.beginObject()
            cached.key("annotation")
            annotation.write(&cached)
            cached.endObject()

            var direct = JSONWriter(pretty: pretty)
            direct.beginObject()
            direct.key("annotation")
            direct.beginObject()
            direct.field("class", entry.responseClass.rawValue)
            direct.field("registered", entry.isRegistered)
            direct.field("registeredReason", entry.reason)
            direct.field("meaning", entry.meaning)
            direct.field("whenYouSeeIt", entry.whenYouSeeIt)
            direct.field("howToFix", entry.howToFix)
            direct.endObject()
            direct.endObject()
            #expect(cached.output == direct.output, "\(code)")
        }
        for code in [-1, 0, 99, 700, 999] {
            #expect(AnnotationJSON.forStatus(code) == nil)
        }
    }

    // MARK: - Helpers

    private func compactString(_ s: String) -> String {
        var w = JSONWriter(pretty: false)
        w.string(s)
        return w.output
    }

    private func ipv6(_ groups: [UInt16]) -> IPAddress {
        let high = groups[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = groups[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return IPAddress(ipv6High: high, low: low)
    }

    private func expectWritten(_ endpoint: Endpoint) {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.field("src", endpoint: endpoint)
        w.endObject()
        #expect(w.output == #"{"src":""# + endpoint.description + #""}"#)
    }
}

// MARK: - References: the string-based implementations the byte writers replaced

/// The scalar-by-scalar escaping `JSONWriter.escape` had.
private func referenceEscape(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _
        where scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
            || scalar.value == 0x2028 || scalar.value == 0x2029:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default:
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

private func referencePad(_ value: Int64, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

private func referenceSplit(_ ns: Int64) -> (days: Int64, secondsOfDay: Int64, micros: Int64) {
    var seconds = ns / 1_000_000_000
    var rest = ns % 1_000_000_000
    if rest < 0 {
        rest += 1_000_000_000
        seconds -= 1
    }
    var days = seconds / 86_400
    var secondsOfDay = seconds % 86_400
    if secondsOfDay < 0 {
        secondsOfDay += 86_400
        days -= 1
    }
    return (days, secondsOfDay, rest / 1000)
}

private func referenceClock(_ s: Int64) -> String {
    "\(referencePad(s / 3600, 2)):\(referencePad(s / 60 % 60, 2)):\(referencePad(s % 60, 2))"
}

private func referenceISO8601(_ ns: Int64) -> String {
    let (days, secondsOfDay, micros) = referenceSplit(ns)
    let (y, m, d) = TimeFormat.civil(fromDays: days)
    return "\(referencePad(y, 4))-\(referencePad(m, 2))-\(referencePad(d, 2))T\(referenceClock(secondsOfDay))."
        + "\(referencePad(micros, 6))Z"
}

private func referenceTimeOfDay(_ ns: Int64) -> String {
    let (_, secondsOfDay, micros) = referenceSplit(ns)
    return "\(referenceClock(secondsOfDay)).\(referencePad(micros, 6))"
}

private func referenceFormatDecimal(_ value: Double, _ fractionDigits: Int) -> String {
    var scale = 1.0
    for _ in 0..<fractionDigits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let negative = value < 0 && scaled != 0
    let whole = Int(scaled / scale)
    let frac = Int(scaled) - whole * Int(scale)
    var s = negative ? "-" : ""
    s += String(whole)
    if frac > 0 {
        var digits = String(frac)
        digits = String(repeating: "0", count: fractionDigits - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        s += "." + digits
    }
    return s
}
