import Decode

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
    /// Whether containers are laid out one item per line, indented.
    let pretty: Bool

    /// The document so far, as text.
    public var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Ends the document with a newline and returns it as text: what
    /// `output + "\n"` gives, without copying a whole report twice. Nothing
    /// more is written after it.
    mutating func finishLine() -> String {
        bytes.append(UInt8(ascii: "\n"))
        return output
    }

    /// Ends the top-level value just written with a line break: one JSON
    /// value per line (ndjson), many lines in one writer.
    public mutating func lineBreak() {
        precondition(depth == 0, "a line ends after a whole value")
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Empties the document and keeps its storage, so a writer reused for
    /// line after line allocates nothing once grown.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        depth = 0
        hasItems = false
        outerHasItems.removeAll(keepingCapacity: true)
        afterKey = false
    }

    /// How many containers are open.
    private var depth = 0
    /// Whether something was already written in the innermost open container;
    /// kept apart from `outerHasItems`, as every value reads and sets it.
    private var hasItems = false
    /// The same for each enclosing container, outermost first.
    private var outerHasItems: [Bool] = []
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
    ///
    /// Keys are the report's own names, written in the source as literals:
    /// they are copied as they are, never escaped (ndjson writes some forty
    /// keys per message, and escaping them was a tenth of its time). A key
    /// made from captured or catalog text goes through `key(text:)`.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { utf8 in
            assert(utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }, "a key needing escape")
            bytes.append(contentsOf: utf8)
        }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    /// Writes an object key made at run time (a method name, a catalog
    /// field), escaped like any string value.
    public mutating func key(text name: String) {
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

    /// An integer's digits, written in place (no `String` made for them).
    private mutating func appendDecimal(_ value: Int) {
        ASCIIDigits.append(value, to: &bytes)
    }

    /// Writes a number with at most `fractionDigits` digits after the point, trailing
    /// zeros removed, so figures read the same in text and JSON.
    public mutating func double(_ value: Double, fractionDigits: Int = 3) {
        separate()
        guard value.isFinite else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        ASCIIDigits.append(value, fractionDigits: fractionDigits, to: &bytes)
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
    public mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        string(value)
    }

    public mutating func field(_ name: StaticString, _ value: Int?) {
        key(name)
        int(value)
    }

    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    public mutating func field(_ name: StaticString, _ value: Double?, fractionDigits: Int = 3) {
        key(name)
        double(value, fractionDigits: fractionDigits)
    }

    public mutating func field(_ name: StaticString, strings: [String]) {
        key(name)
        beginArray()
        for s in strings { string(s) }
        endArray()
    }

    public mutating func field(_ name: StaticString, ints: [Int]) {
        key(name)
        beginArray()
        for i in ints { int(i) }
        endArray()
    }

    /// An object of counts, keys in the order given.
    public mutating func field(_ name: StaticString, counts: [(String, Int)]) {
        key(name)
        beginObject()
        for (k, v) in counts {
            key(text: k)
            int(v)
        }
        endObject()
    }

    /// A capture time as an ISO 8601 string (`TimeFormat.iso8601`), its
    /// digits written in place.
    mutating func field(_ name: StaticString, timestamp nanoseconds: Int64) {
        key(name)
        separate()
        StackText.append(to: &bytes, capacity: TimeFormat.textCapacity) { text in
            text.put(UInt8(ascii: "\""))
            TimeFormat.putISO8601(nanoseconds, into: &text)
            text.put(UInt8(ascii: "\""))
        }
    }

    /// An address and port as the string `Endpoint.description` gives
    /// (`10.0.0.1:5060`, `[2001:db8::1]:5060`), without making that string.
    /// Digits, dots, colons and brackets need no escaping.
    mutating func field(_ name: StaticString, endpoint: Endpoint) {
        key(name)
        separate()
        StackText.append(to: &bytes, capacity: EndpointText.capacity) { text in
            text.put(UInt8(ascii: "\""))
            EndpointText.put(endpoint, into: &text)
            text.put(UInt8(ascii: "\""))
        }
    }

    /// A string whose JSON escaping was done before (`escapedBytes(_:)`), for
    /// text written again and again, such as the catalog's sentences.
    mutating func field(_ name: StaticString, escaped: [UInt8]) {
        key(name)
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: escaped)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes `json`, one complete value already rendered without whitespace
    /// (by a writer with `pretty: false`), where the next value goes. For a
    /// compact writer only: a pretty one would indent it differently.
    mutating func rawValue(_ json: [UInt8]) {
        precondition(!pretty, "rawValue is for compact output: a pretty writer lays values out itself")
        separate()
        bytes.append(contentsOf: json)
    }

    private mutating func open(_ bracket: Unicode.Scalar) {
        separate()
        bytes.append(UInt8(ascii: bracket))
        outerHasItems.append(hasItems)
        hasItems = false
        depth += 1
    }

    private mutating func close(_ bracket: Unicode.Scalar) {
        let had = hasItems
        hasItems = outerHasItems.removeLast()
        depth -= 1
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
        guard depth > 0 else { return }
        if hasItems {
            bytes.append(UInt8(ascii: ","))
        }
        hasItems = true
        if pretty { newline() }
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<(depth * 2) { bytes.append(UInt8(ascii: " ")) }
    }

    private mutating func appendQuoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        // `withUTF8` hands over the string's own bytes (a native string is
        // contiguous UTF-8); the copy in `s` only satisfies `mutating`.
        s.withUTF8 { JSONWriter.appendEscaped($0, to: &bytes) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Escapes a string for a JSON string literal (RFC 8259 §7): quotes, backslash
    /// and every control character, so packet text cannot break the document.
    /// The rules are `appendEscaped`'s; `s` itself comes back when nothing needed it.
    public static func escape(_ s: String) -> String {
        let escaped = escapedBytes(s)
        // Escaping only ever lengthens the text.
        return escaped.count == s.utf8.count ? s : String(decoding: escaped, as: UTF8.self)
    }

    /// The inside of the JSON string literal for `s`, for text that is written
    /// many times (`field(_:escaped:)`).
    static func escapedBytes(_ s: String) -> [UInt8] {
        var s = s
        var out: [UInt8] = []
        s.withUTF8 { appendEscaped($0, to: &out) }
        return out
    }

    /// Appends `utf8`, the UTF-8 of a Swift string, escaped for the inside of a
    /// JSON string literal.
    ///
    /// Escaped: `"` and `\` (as `\"` and `\\`), every C0 control (`\n`, `\r`,
    /// `\t`, else `\u00XX`), DEL, the C1 controls U+0080…U+009F, and U+2028/2029,
    /// which end a line in JavaScript; `\u` digits are lower case. Everything
    /// else is copied as it is, a run of bytes at a time (nearly every string
    /// is a single run).
    ///
    /// Works on bytes, not scalars: the only multi-byte characters escaped are
    /// C1 controls, `C2 80`…`C2 9F`, and U+2028/2029, `E2 80 A8`/`E2 80 A9`; in
    /// valid UTF-8, C2 and E2 only ever start a character, so seeing them is
    /// enough to look at what follows.
    static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        // SAFETY: every byte read is at an index below `count`: `i` by the loop
        // condition, `i + 1` and `i + 2` after checking them; `length` only
        // steps over bytes so checked, so `copied <= i <= count` and the runs
        // appended lie inside `utf8`.
        let count = utf8.count
        var copied = 0  // bytes before this are in `out`
        var i = 0
        // Before `looked`, bytes are checked one at a time: their word had a
        // byte that may need escaping.
        var looked = 0
        while i < count {
            // Eight bytes at a time while none of them may need escaping (the
            // common case: header values are printable ASCII).
            if i >= looked, i + 8 <= count, let base = utf8.baseAddress {
                // SAFETY: `i + 8 <= count`, so the eight bytes lie inside `utf8`.
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if !mayNeedEscape(word) {
                    i += 8
                    continue
                }
                looked = i + 8
            }
            let b = utf8[i]
            // The common case: printable ASCII, or a byte of a character that is
            // neither a C1 control nor U+2028/2029.
            if b >= 0x20 && b != 0x22 && b != 0x5C && b != 0x7F && b != 0xC2 && b != 0xE2 {
                i += 1
                continue
            }
            var short: UInt8 = 0  // the letter after the backslash, or 0 for \uXXXX
            var scalar = UInt32(b)
            var length = 1
            switch b {
            case 0x22: short = UInt8(ascii: "\"")
            case 0x5C: short = UInt8(ascii: "\\")
            case 0x0A: short = UInt8(ascii: "n")
            case 0x0D: short = UInt8(ascii: "r")
            case 0x09: short = UInt8(ascii: "t")
            case 0xC2:
                guard i + 1 < count, utf8[i + 1] >= 0x80, utf8[i + 1] < 0xA0 else {
                    i += 1
                    continue
                }
                // C2 80…9F is U+0080…U+009F: the second byte is the code point.
                scalar = UInt32(utf8[i + 1])
                length = 2
            case 0xE2:
                guard i + 2 < count, utf8[i + 1] == 0x80, utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9 else {
                    i += 1
                    continue
                }
                scalar = utf8[i + 2] == 0xA8 ? 0x2028 : 0x2029
                length = 3
            default:
                break  // another C0 control, or DEL
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied..<i]))
            StackText.append(to: &out, capacity: 6) { text in
                text.put(UInt8(ascii: "\\"))
                if short != 0 {
                    text.put(short)
                } else {
                    text.put(UInt8(ascii: "u"))
                    text.putHex4(scalar)
                }
            }
            i += length
            copied = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied..<count]))
    }
}

/// Whether any of the eight bytes in `word` is one `appendEscaped` looks at:
/// below 0x20, `"`, `\\`, DEL, or any byte of a multi-byte character (it may
/// be a C1 control or U+2028/2029). Never false when one is there; a true
/// only sends the word to the byte-by-byte check.
///
/// The usual tests of a word for a byte (Hacker's Delight §6-1): `x - 0x01…`
/// borrows into the top bit of a zero byte, `x - 0x20…` into that of a byte
/// below 0x20, and `& ~x` drops bytes whose top bit was already set. A borrow
/// from a lower byte may mark a byte above it too, but only above one that
/// really matched, so the answer for the word as a whole is exact.
@inline(__always)
func mayNeedEscape(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    @inline(__always) func hasZeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
    let control = (word &- ones &* 0x20) & ~word & high
    let quote = hasZeroByte(word ^ (ones &* 0x22))
    let backslash = hasZeroByte(word ^ (ones &* 0x5C))
    let delete = hasZeroByte(word ^ (ones &* 0x7F))
    return (control | quote | backslash | delete | (word & high)) != 0
}

/// Formats `value` with up to `fractionDigits` decimals, dropping trailing zeros
/// (`0.930`, 3 → `"0.93"`). Locale-free, unlike `String(format:)`.
public func formatDecimal(_ value: Double, fractionDigits: Int) -> String {
    var out: [UInt8] = []
    ASCIIDigits.append(value, fractionDigits: fractionDigits, to: &out)
    return String(decoding: out, as: UTF8.self)
}
