/// A small streaming JSON writer that keeps keys in the order they are written.
///
/// Why not `JSONEncoder`: the report's key order is part of what people read, the
/// writer must be able to emit one object per line (`ndjson`) without building a
/// tree first, and the analysis targets stay free of Foundation.
public struct JSONWriter {
    /// The document so far, as UTF-8 bytes: appending bytes to an array is
    /// several times cheaper than growing a `String`, and ndjson writes a
    /// whole ladder per call.
    public private(set) var bytes: [UInt8] = []
    private let pretty: Bool

    /// The document so far, as text.
    public var output: String { String(decoding: bytes, as: UTF8.self) }
    /// One entry per open container: whether something was already written in it.
    private var hasItems: [Bool] = []
    private var afterKey = false

    public init(pretty: Bool = true) {
        self.pretty = pretty
        bytes.reserveCapacity(4096)
    }

    public mutating func beginObject() { open("{") }
    public mutating func endObject() { close("}") }
    public mutating func beginArray() { open("[") }
    public mutating func endArray() { close("]") }

    /// Writes an object key; the next value written belongs to it.
    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    public mutating func int(_ value: Int) {
        separate()
        appendDecimal(value)
    }

    /// An integer's digits (a String of at most 20 bytes is stored inline:
    /// no allocation).
    private mutating func appendDecimal(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes a number with at most `fractionDigits` digits after the point, trailing
    /// zeros removed, so figures read the same in text and JSON.
    public mutating func double(_ value: Double, fractionDigits: Int = 3) {
        separate()
        guard value.isFinite else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        bytes.append(contentsOf: formatDecimal(value, fractionDigits: fractionDigits).utf8)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Writes `value` or `null`.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    public mutating func int(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    public mutating func double(_ value: Double?, fractionDigits: Int = 3) {
        if let value { double(value, fractionDigits: fractionDigits) } else { null() }
    }

    /// Convenience for `key` followed by a value.
    public mutating func field(_ name: String, _ value: String?) {
        key(name)
        string(value)
    }

    public mutating func field(_ name: String, _ value: Int?) {
        key(name)
        int(value)
    }

    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    public mutating func field(_ name: String, _ value: Double?, fractionDigits: Int = 3) {
        key(name)
        double(value, fractionDigits: fractionDigits)
    }

    public mutating func field(_ name: String, strings: [String]) {
        key(name)
        beginArray()
        for s in strings { string(s) }
        endArray()
    }

    public mutating func field(_ name: String, ints: [Int]) {
        key(name)
        beginArray()
        for i in ints { int(i) }
        endArray()
    }

    /// An object of counts, keys in the order given.
    public mutating func field(_ name: String, counts: [(String, Int)]) {
        key(name)
        beginObject()
        for (k, v) in counts { field(k, v) }
        endObject()
    }

    private mutating func open(_ bracket: Unicode.Scalar) {
        separate()
        bytes.append(UInt8(ascii: bracket))
        hasItems.append(false)
    }

    private mutating func close(_ bracket: Unicode.Scalar) {
        let had = hasItems.removeLast()
        if pretty && had {
            newline()
        }
        bytes.append(UInt8(ascii: bracket))
    }

    /// Emits the comma and indentation that go before a value or key.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard !hasItems.isEmpty else { return }
        if hasItems[hasItems.count - 1] {
            bytes.append(UInt8(ascii: ","))
        }
        hasItems[hasItems.count - 1] = true
        if pretty { newline() }
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<(hasItems.count * 2) { bytes.append(UInt8(ascii: " ")) }
    }

    private mutating func appendQuoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: JSONWriter.escape(s).utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Escapes a string for a JSON string literal (RFC 8259 §7): quotes, backslash
    /// and every control character, so packet text cannot break the document.
    public static func escape(_ s: String) -> String {
        // Nearly every string needs nothing: check its UTF-8 once and hand it
        // back as it is (C1 controls are C2 80…9F, U+2028/2029 are E2 80 A8/A9).
        var needs = false
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for b in s.utf8 {
            if b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || (previous == 0xC2 && b >= 0x80 && b < 0xA0)
                || (beforePrevious == 0xE2 && previous == 0x80 && (b == 0xA8 || b == 0xA9))
            {
                needs = true
                break
            }
            beforePrevious = previous
            previous = b
        }
        guard needs else { return s }
        var out = ""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count)
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
                out += "\\u"
                out += hex4(scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func hex4(_ v: UInt32) -> String {
        let digits = Array("0123456789abcdef")
        var s = ""
        for shift in stride(from: 12, through: 0, by: -4) {
            s.append(digits[Int((v >> UInt32(shift)) & 0xF)])
        }
        return s
    }
}

/// Formats `value` with up to `fractionDigits` decimals, dropping trailing zeros
/// (`0.930`, 3 → `"0.93"`). Locale-free, unlike `String(format:)`.
public func formatDecimal(_ value: Double, fractionDigits: Int) -> String {
    var scale = 1.0
    for _ in 0..<fractionDigits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let negative = value < 0 && scaled != 0
    let whole = Int(scaled / scale)
    var frac = Int(scaled) - whole * Int(scale)
    var s = negative ? "-" : ""
    s += String(whole)
    if frac > 0 {
        var digits = String(frac)
        digits = String(repeating: "0", count: fractionDigits - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        s += "." + digits
        frac = 0
    }
    return s
}
