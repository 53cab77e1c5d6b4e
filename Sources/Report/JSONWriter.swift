import Decode
import SIP

/// A small streaming JSON writer that keeps keys in the order they are written.
///
/// Why not `JSONEncoder`: the report's key order is part of what people read, the
/// writer must be able to emit one object per line (`ndjson`) without building a
/// tree first, and the analysis targets stay free of Foundation.
public struct JSONWriter {
    /// The document so far, as UTF-8 bytes, in a buffer written through a
    /// pointer: ndjson writes some forty keys and values per message, and each
    /// `Array.append` checked uniqueness and capacity and went through a
    /// generic copy. Here each key or value checks once (`reserve`), then
    /// stores its bytes.
    private var buffer: Buffer
    /// Whether containers are laid out one item per line, indented.
    let pretty: Bool

    /// The document so far, as UTF-8 bytes (a copy; `withBytes` lends them).
    public var bytes: [UInt8] { withBytes { Array($0) } }

    /// How many bytes the document has so far.
    public var count: Int { buffer.count }

    /// The bytes written so far, valid until the writer next changes or is
    /// freed: for a caller that lends them on while it changes what holds the
    /// writer, and would otherwise copy the writer to lend from.
    package var unsafeBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: buffer.base, count: buffer.count) }

    /// Lends the document's bytes to `body`, without copying them.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(unsafeBytes)
    }

    /// The document so far, as text.
    public var output: String { withBytes { String(decoding: $0, as: UTF8.self) } }

    /// Ends the document with a newline and returns it as text: what
    /// `output + "\n"` gives, without copying a whole report twice. Nothing
    /// more is written after it.
    mutating func finishLine() -> String {
        put(UInt8(ascii: "\n"))
        return output
    }

    /// Ends the top-level value just written with a line break: one JSON
    /// value per line (ndjson), many lines in one writer.
    public mutating func lineBreak() {
        precondition(depth == 0, "a line ends after a whole value")
        put(UInt8(ascii: "\n"))
    }

    /// Empties the document and keeps its storage, so a writer reused for
    /// line after line allocates nothing once grown.
    public mutating func removeAll() {
        reserve(0)
        buffer.count = 0
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
    /// The last timestamp's second and its text up to the second (see
    /// `field(_:timestamp:)`).
    private var secondShown = Int64.min
    private var secondText: [UInt8] = []

    public init(pretty: Bool = true) {
        self.pretty = pretty
        buffer = Buffer(capacity: 4096)
    }

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Writes an object key; the next value written belongs to it.
    ///
    /// Keys are the report's own names, written in the source as literals:
    /// they are copied as they are, never escaped (ndjson writes some forty
    /// keys per message, and escaping them was a tenth of its time). A key
    /// made from captured or catalog text goes through `key(text:)`.
    public mutating func key(_ name: StaticString) {
        separate()
        guard name.hasPointerRepresentation else {
            // A one-scalar literal: rare, the general way.
            name.withUTF8Buffer { writeKey($0.baseAddress!, $0.count) }
            return
        }
        writeKey(name.utf8Start, name.utf8CodeUnitCount)
    }

    /// `"name":` (and a space when pretty) from `length` bytes at `name`.
    @inline(__always)
    private mutating func writeKey(_ name: UnsafePointer<UInt8>, _ length: Int) {
        assert(
            (0..<length).allSatisfy { name[$0] >= 0x20 && name[$0] < 0x7F && name[$0] != 0x22 && name[$0] != 0x5C },
            "a key needing escape")
        reserve(length + 4)
        // SAFETY: `reserve` made room for the name and four bytes more; the
        // literal holds `length` bytes.
        let p = buffer.base + buffer.count
        p[0] = UInt8(ascii: "\"")
        // Keys are a few bytes long: a loop costs less than a call to memmove.
        for k in 0..<length { p[k + 1] = name[k] }
        p[length + 1] = UInt8(ascii: "\"")
        p[length + 2] = UInt8(ascii: ":")
        p[length + 3] = UInt8(ascii: " ")
        buffer.count += pretty ? length + 4 : length + 3
        afterKey = true
    }

    /// Writes an object key made at run time (a method name, a catalog
    /// field), escaped like any string value.
    public mutating func key(text name: String) {
        separate()
        appendQuoted(name)
        put(UInt8(ascii: ":"))
        if pretty { put(UInt8(ascii: " ")) }
        afterKey = true
    }

    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    /// A string value written in pieces (`beginString`, then `stringPiece`s,
    /// then `endString`): the same JSON as `string` of the pieces joined,
    /// without making that `String` (a CSeq's number and method, a
    /// name-addr's parts). Each piece is a whole string, so no character is
    /// split between two pieces, and escaping piece by piece escapes exactly
    /// what escaping the whole would.
    public mutating func beginString() {
        separate()
        put(UInt8(ascii: "\""))
    }

    public mutating func stringPiece(_ piece: String) {
        makeUnique()
        rawEscaped(piece)
    }

    public mutating func stringPiece(_ piece: StaticString) {
        piece.withUTF8Buffer { appendEscaped($0) }
    }

    /// The decimal digits of `number`.
    public mutating func stringPiece(_ number: UInt64) {
        makeUnique()
        rawDigits(number)
    }

    public mutating func endString() {
        put(UInt8(ascii: "\""))
    }

    public mutating func int(_ value: Int) {
        separate()
        makeUnique()
        rawInt(value)
    }

    /// Writes a number with at most `fractionDigits` digits after the point, trailing
    /// zeros removed, so figures read the same in text and JSON.
    public mutating func double(_ value: Double, fractionDigits: Int = 3) {
        separate()
        guard value.isFinite else {
            append("null")
            return
        }
        writeText(capacity: ASCIIDigits.capacity(fractionDigits: fractionDigits)) { text in
            ASCIIDigits.put(value, fractionDigits: fractionDigits, into: &text)
        }
    }

    public mutating func bool(_ value: Bool) {
        separate()
        append(value ? "true" : "false")
    }

    public mutating func null() {
        separate()
        append("null")
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
    ///
    /// Messages come many to a second: the text up to the second
    /// (`2026-11-21T05:49:16`) is kept from the last timestamp written and
    /// reused while the second is the same, so only the microseconds are
    /// worked out again (the date's arithmetic was a thousand instructions a
    /// message).
    mutating func field(_ name: StaticString, timestamp nanoseconds: Int64) {
        key(name)
        separate()
        makeUnique()
        rawTimestamp(nanoseconds)
    }

    /// A capture time, quoted, as `field(_:timestamp:)` writes it, into a
    /// buffer already the writer's own (`makeUnique`, `beginRawValue`).
    mutating func rawTimestamp(_ nanoseconds: Int64) {
        let (seconds, rest) = TimeFormat.secondAndRest(nanoseconds)
        guard nanoseconds >= Int64.min + 1_000_000_000 else {
            // So near the edge of Int64 that the second's start does not fit.
            rawText(capacity: TimeFormat.textCapacity + 2) { text in
                text.put(UInt8(ascii: "\""))
                TimeFormat.putISO8601(nanoseconds, into: &text)
                text.put(UInt8(ascii: "\""))
            }
            return
        }
        if seconds != secondShown {
            // The whole text of the second's first nanosecond, less its
            // `.000000Z`: what `putISO8601` writes before the fraction.
            secondText.removeAll(keepingCapacity: true)
            StackText.append(to: &secondText, capacity: TimeFormat.textCapacity) {
                TimeFormat.putISO8601(nanoseconds - rest, into: &$0)
            }
            secondText.removeLast(8)
            secondShown = seconds
        }
        let length = secondText.count
        room(length + 10)
        // SAFETY: `room` made space for the quote, the second's text and the
        // nine bytes `rawText` below may write.
        buffer.base[buffer.count] = UInt8(ascii: "\"")
        secondText.withUnsafeBufferPointer {
            (buffer.base + buffer.count + 1).update(from: $0.baseAddress!, count: length)
        }
        buffer.count += length + 1
        rawText(capacity: 9) { text in
            text.put(UInt8(ascii: "."))
            text.putDecimal(UInt64(rest / 1000), width: 6)
            text.put(UInt8(ascii: "Z"))
            text.put(UInt8(ascii: "\""))
        }
    }

    /// An address and port as the string `Endpoint.description` gives
    /// (`10.0.0.1:5060`, `[2001:db8::1]:5060`), without making that string.
    /// Digits, dots, colons and brackets need no escaping.
    mutating func field(_ name: StaticString, endpoint: Endpoint) {
        key(name)
        separate()
        makeUnique()
        rawEndpoint(endpoint)
    }

    /// A string whose JSON escaping was done before (`escapedBytes(_:)`), for
    /// text written again and again, such as the catalog's sentences.
    mutating func field(_ name: StaticString, escaped: [UInt8]) {
        key(name)
        separate()
        put(UInt8(ascii: "\""))
        escaped.withUnsafeBytes { append($0) }
        put(UInt8(ascii: "\""))
    }

    /// Writes `json`, one complete value already rendered without whitespace
    /// (by a writer with `pretty: false`), where the next value goes. For a
    /// compact writer only: a pretty one would indent it differently.
    mutating func rawValue(_ json: [UInt8]) {
        precondition(!pretty, "rawValue is for compact output: a pretty writer lays values out itself")
        separate()
        json.withUnsafeBytes { append($0) }
    }

    // MARK: - Values of a known shape (compact output)

    /// Starts a value the caller lays out itself with the `raw` methods:
    /// keys, commas and brackets as literals (`raw("{\"frame\":")`), values
    /// through `rawInt`, `rawString` and the rest.
    ///
    /// For the one shape written millions of times, a message of a call in
    /// compact output (`JSONReport.writeCompact`): through `key` and `field`,
    /// each key and value paid for the separator bookkeeping and a check that
    /// the buffer was not shared (a runtime call), several times a message
    /// field; here the buffer is made the writer's own once, and each write
    /// then checks only its room. Until the value is complete nothing else
    /// may be written, and the writer must not be copied (the raw methods
    /// assert it in debug builds).
    mutating func beginRawValue() {
        precondition(!pretty, "a raw value is laid out compact")
        separate()
        makeUnique()
    }

    /// Makes the buffer this writer's own (copy on write), before writes that
    /// then only check their room (`room`).
    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&buffer) { buffer = buffer.copy(extra: 0) }
    }

    /// Room for `extra` more bytes in a buffer already the writer's own.
    @inline(__always)
    private mutating func room(_ extra: Int) {
        assert(isKnownUniquelyReferenced(&buffer), "a raw write into a shared buffer")
        if buffer.count + extra > buffer.capacity { buffer.grow(toHold: buffer.count + extra) }
    }

    /// `literal`'s bytes as they are: JSON punctuation, keys, `true`.
    /// Always inlined: the literal's length is then a constant, and the
    /// copy a few moves rather than a call to memmove.
    @inline(__always)
    mutating func raw(_ literal: StaticString) {
        guard literal.hasPointerRepresentation else {
            literal.withUTF8Buffer { rawBytes(UnsafeRawBufferPointer($0)) }
            return
        }
        let length = literal.utf8CodeUnitCount
        room(length)
        // SAFETY: `room` made space for the literal's `length` bytes.
        (buffer.base + buffer.count).update(from: literal.utf8Start, count: length)
        buffer.count += length
    }

    /// Bytes already JSON (a rendered object, escaped text), as they are.
    package mutating func rawBytes(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        room(bytes.count)
        // SAFETY: `room` made space for `bytes.count` bytes.
        UnsafeMutableRawPointer(buffer.base + buffer.count).copyMemory(from: source, byteCount: bytes.count)
        buffer.count += bytes.count
    }

    mutating func rawBool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    mutating func rawInt(_ value: Int) {
        rawText(capacity: 21) { ASCIIDigits.put(value, into: &$0) }
    }

    /// The decimal digits of `value`.
    mutating func rawDigits(_ value: UInt64) {
        rawText(capacity: StackText.maxDecimalDigits) { $0.putDecimal(value) }
    }

    /// `value` escaped, without quotes (a piece of a string, as `stringPiece`).
    mutating func rawEscaped(_ value: String) {
        var value = value
        value.withUTF8 { rawEscaped($0) }
    }

    /// `bytes`, valid UTF-8, escaped, without quotes.
    mutating func rawEscaped(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        rawEscaped(bytes.assumingMemoryBound(to: UInt8.self))
    }

    private mutating func rawEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        room(6 * utf8.count)
        // SAFETY: `room` made space for the longest escaping.
        buffer.count += JSONWriter.escape(utf8, into: buffer.base + buffer.count)
    }

    /// `value` quoted and escaped, as `string` writes it.
    mutating func rawString(_ value: String) {
        var value = value
        // `withUTF8` hands over the string's own bytes (a native string is
        // contiguous UTF-8); the copy in `value` only satisfies `mutating`.
        value.withUTF8 { utf8 in
            // Escaping makes at most six bytes of one (`\u00XX`), plus quotes.
            room(6 * utf8.count + 2)
            // SAFETY: `room` made space for the longest escaping and both quotes.
            let p = buffer.base + buffer.count
            p[0] = UInt8(ascii: "\"")
            let written = JSONWriter.escape(utf8, into: p + 1)
            p[written + 1] = UInt8(ascii: "\"")
            buffer.count += written + 2
        }
    }

    /// `bytes`, valid UTF-8, quoted and escaped: what `rawString` writes of
    /// a string with these bytes.
    mutating func rawQuoted(_ bytes: UnsafeRawBufferPointer) {
        let utf8 = bytes.assumingMemoryBound(to: UInt8.self)
        room(6 * utf8.count + 2)
        // SAFETY: `room` made space for the longest escaping and both quotes.
        let p = buffer.base + buffer.count
        p[0] = UInt8(ascii: "\"")
        let written = utf8.isEmpty ? 0 : JSONWriter.escape(utf8, into: p + 1)
        p[written + 1] = UInt8(ascii: "\"")
        buffer.count += written + 2
    }

    mutating func rawString(_ value: String?) {
        if let value { rawString(value) } else { raw("null") }
    }

    mutating func rawInt(_ value: Int?) {
        if let value { rawInt(value) } else { raw("null") }
    }

    /// As `double(_:fractionDigits:)` writes it: `null` for nil or a value
    /// that is not finite.
    mutating func rawDouble(_ value: Double?, fractionDigits: Int = 3) {
        guard let value, value.isFinite else {
            raw("null")
            return
        }
        rawText(capacity: ASCIIDigits.capacity(fractionDigits: fractionDigits)) { text in
            ASCIIDigits.put(value, fractionDigits: fractionDigits, into: &text)
        }
    }

    /// A From or To value as `JSONReport.write(_ address:_:)` writes it in
    /// pieces (`NameAddress.description`, quoted and escaped); `null` for nil.
    mutating func rawNameAddress(_ address: NameAddress?) {
        guard let address else {
            raw("null")
            return
        }
        raw("\"")
        if let displayName = address.displayName {
            raw("\\\"")
            rawEscaped(displayName)
            raw("\\\" ")
        }
        raw("<")
        rawEscaped(address.uri)
        raw(">")
        if let tag = address.tag {
            raw(";tag=")
            rawEscaped(tag)
        }
        raw("\"")
    }

    /// Inside a raw value, opens an array whose items are written through
    /// the writer (`beginRawValue` per item puts the commas): the writer
    /// counts it as an open container, with no item yet. `leaveRawArray`
    /// closes its count; the caller writes both brackets.
    mutating func enterRawArray() {
        outerHasItems.append(hasItems)
        hasItems = false
        depth += 1
    }

    mutating func leaveRawArray() {
        hasItems = outerHasItems.removeLast()
        depth -= 1
    }

    /// `[` the strings, quoted and escaped, `]`.
    mutating func rawStrings(_ values: [String]) {
        raw("[")
        for i in values.indices {
            if i > 0 { raw(",") }
            rawString(values[i])
        }
        raw("]")
    }

    /// An address and port, quoted, as `field(_:endpoint:)` writes it.
    mutating func rawEndpoint(_ endpoint: Endpoint) {
        rawText(capacity: EndpointText.capacity) { text in
            text.put(UInt8(ascii: "\""))
            EndpointText.put(endpoint, into: &text)
            text.put(UInt8(ascii: "\""))
        }
    }

    /// Lets `body` write up to `capacity` bytes straight into the buffer.
    private mutating func rawText(capacity: Int, _ body: (inout StackText) -> Void) {
        room(capacity)
        buffer.count += StackText.write(
            into: UnsafeMutableBufferPointer(start: buffer.base + buffer.count, count: capacity), body)
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        put(bracket)
        outerHasItems.append(hasItems)
        hasItems = false
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        let had = hasItems
        hasItems = outerHasItems.removeLast()
        depth -= 1
        if pretty && had {
            newline()
        }
        put(bracket)
    }

    /// Emits the comma and indentation that go before a value or key.
    @inline(__always)
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard depth > 0 else { return }
        if hasItems {
            put(UInt8(ascii: ","))
        }
        hasItems = true
        if pretty { newline() }
    }

    private mutating func newline() {
        reserve(1 + depth * 2)
        // SAFETY: `reserve` made room for the line break and the indent.
        let p = buffer.base + buffer.count
        p[0] = UInt8(ascii: "\n")
        (p + 1).initialize(repeating: UInt8(ascii: " "), count: depth * 2)
        buffer.count += 1 + depth * 2
    }

    private mutating func appendQuoted(_ s: String) {
        makeUnique()
        rawString(s)
    }

    /// `utf8` escaped, without quotes.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        makeUnique()
        rawEscaped(utf8)
    }

    // MARK: - The buffer

    /// Room for `extra` more bytes, the buffer this writer's own.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        makeUnique()
        room(extra)
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        reserve(1)
        buffer.base[buffer.count] = byte
        buffer.count += 1
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        makeUnique()
        rawBytes(bytes)
    }

    private mutating func append(_ literal: StaticString) {
        makeUnique()
        raw(literal)
    }

    /// Lets `body` write up to `capacity` bytes straight into the buffer.
    private mutating func writeText(capacity: Int, _ body: (inout StackText) -> Void) {
        makeUnique()
        rawText(capacity: capacity, body)
    }

    /// The bytes of a `JSONWriter`: grown by doubling, copied when a writer
    /// copied from another writes first (value semantics, as the array had).
    private final class Buffer {
        // SAFETY: `base` holds `capacity` bytes, the first `count` written;
        // `count <= capacity` after every write (writes `reserve` first).
        private(set) var base: UnsafeMutablePointer<UInt8>
        private(set) var capacity: Int
        var count = 0

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        func grow(toHold needed: Int) {
            var newCapacity = capacity * 2
            while newCapacity < needed { newCapacity *= 2 }
            let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            newBase.update(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }

        func copy(extra: Int) -> Buffer {
            let other = Buffer(capacity: max(capacity, count + extra))
            other.base.update(from: base, count: count)
            other.count = count
            return other
        }
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

    /// Appends `utf8` escaped (see `escape(_:into:)`) to `out`.
    static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: 6 * utf8.count))
        let written = out.withUnsafeMutableBufferPointer { buffer in
            // SAFETY: six bytes of room per byte of `utf8` were just added.
            escape(utf8, into: buffer.baseAddress! + start)
        }
        out.removeLast(6 * utf8.count - written)
    }

    /// Writes `utf8`, the UTF-8 of a Swift string, escaped for the inside of a
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
    ///
    /// Writes at `out`, which must have room for six bytes per byte of `utf8`
    /// (`\u00XX` for one byte is the longest escaping), and returns how many
    /// it wrote.
    static func escape(_ utf8: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        // SAFETY: every byte read is at an index below `count`: `i` by the loop
        // condition, `i + 1` and `i + 2` after checking them; `length` only
        // steps over bytes so checked, so `copied <= i <= count` and the runs
        // copied lie inside `utf8`. Every byte read yields at most six
        // written, so `written <= 6 * i` stays inside the caller's room.
        var written = 0
        func copy(_ range: Range<Int>) {
            guard let base = utf8.baseAddress, !range.isEmpty else { return }
            (out + written).update(from: base + range.lowerBound, count: range.count)
            written += range.count
        }
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
            copy(copied..<i)
            written += StackText.write(into: UnsafeMutableBufferPointer(start: out + written, count: 6)) { text in
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
        copy(copied..<count)
        return written
    }
}

/// Whether any of the eight bytes in `word` is one `escape(_:into:)` looks
/// at: below 0x20, `"`, `\`, DEL, or any byte of a multi-byte character (it
/// may be a C1 control or U+2028/2029). Never false when one is there; a true
/// only sends the word to the byte-by-byte check (see `WordScan`).
@inline(__always)
func mayNeedEscape(_ word: UInt64) -> Bool {
    (WordScan.hasByteBelow(word, 0x20) | WordScan.hasByte(word, 0x22) | WordScan.hasByte(word, 0x5C)
        | WordScan.hasByte(word, 0x7F) | WordScan.hasHighByte(word)) != 0
}

/// Formats `value` with up to `fractionDigits` decimals, dropping trailing zeros
/// (`0.930`, 3 → `"0.93"`). Locale-free, unlike `String(format:)`.
public func formatDecimal(_ value: Double, fractionDigits: Int) -> String {
    var out: [UInt8] = []
    ASCIIDigits.append(value, fractionDigits: fractionDigits, to: &out)
    return String(decoding: out, as: UTF8.self)
}
