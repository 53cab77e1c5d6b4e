/// Numbers written as ASCII digits straight onto a byte buffer.
///
/// The JSON writer emits several numbers per message (frame, port, the fields
/// of a timestamp); making a `String` for each, by `String(value)` or string
/// interpolation, costs several times writing the digits. These produce
/// exactly the text `String(value)` (and `String(value, radix: 16)`) would.
enum ASCIIDigits {
    static let zero = UInt8(ascii: "0")

    /// `String(value)`'s text: at most 20 digits and a sign.
    static func put(_ value: Int, into text: inout StackText) {
        if value < 0 { text.put(UInt8(ascii: "-")) }
        text.putDecimal(UInt64(value.magnitude))
    }

    /// `value` with up to `fractionDigits` decimals, trailing zeros dropped
    /// (`0.930`, 3 → `0.93`), as `formatDecimal` returns it.
    static func append(_ value: Double, fractionDigits: Int, to out: inout [UInt8]) {
        StackText.append(to: &out, capacity: capacity(fractionDigits: fractionDigits)) { text in
            put(value, fractionDigits: fractionDigits, into: &text)
        }
    }

    /// The most bytes `put(_:fractionDigits:into:)` writes.
    static func capacity(fractionDigits: Int) -> Int {
        1 + StackText.maxDecimalDigits + 1 + max(fractionDigits, StackText.maxDecimalDigits)
    }

    /// Writes what `append(_:fractionDigits:to:)` appends.
    static func put(_ value: Double, fractionDigits: Int, into text: inout StackText) {
        var scale = 1.0
        for _ in 0..<fractionDigits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let negative = value < 0 && scaled != 0
        let whole = Int(scaled / scale)
        let fraction = Int(scaled) - whole * Int(scale)
        if negative { text.put(UInt8(ascii: "-")) }
        text.putDecimal(UInt64(whole.magnitude))
        guard fraction > 0 else { return }
        // The fraction's digits, zero-padded to `fractionDigits` on the left,
        // without its trailing zeros: drop those from the number and the width.
        var digits = fraction
        var width = fractionDigits
        while digits % 10 == 0 {
            digits /= 10
            width -= 1
        }
        text.put(UInt8(ascii: "."))
        text.putDecimal(UInt64(digits), width: width)
    }

    /// How many decimal digits `value` has (1 for 0).
    static func count(_ value: UInt64) -> Int {
        // Comparisons, not divisions: numbers written are mostly short.
        var digits = 1
        var limit: UInt64 = 10
        while digits < 20 && value >= limit {
            digits += 1
            limit &*= 10
        }
        return digits
    }

    /// "00" to "99", two bytes each, for writing digits two at a time. A
    /// literal, not an array: reading it needs no lazy initialisation.
    static var pairs: StaticString {
        // swift-format-ignore
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
    }

    static func hexDigit(_ nibble: UInt32) -> UInt8 {
        nibble < 10 ? zero + UInt8(nibble) : UInt8(ascii: "a") + UInt8(nibble - 10)
    }
}

/// A few bytes of text built on the stack, then appended to a byte array in
/// one go.
///
/// Every `append` to an `[UInt8]` checks the array's uniqueness and capacity;
/// for short text of a known shape (a timestamp, an address) gathering the
/// bytes first and appending once costs less. Every write is checked against
/// the capacity, in release builds too, so a miscounted capacity traps instead
/// of writing past the buffer.
///
/// Not copyable: it lives only inside `append(to:capacity:_:)`, which owns the
/// stack memory it points to.
struct StackText: ~Copyable {
    /// Decimal digits of `UInt64.max`.
    static let maxDecimalDigits = 20

    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// Lets `body` write into `region` (at most its size; each write checks)
    /// and returns how many bytes it wrote: for a caller that made room in
    /// its own buffer first, so nothing is copied twice.
    static func write(into region: UnsafeMutableBufferPointer<UInt8>, _ body: (inout StackText) -> Void) -> Int {
        // SAFETY: as in `append`: `text` writes only inside `region` and does
        // not outlive this call.
        var text = StackText(buffer: region)
        body(&text)
        return text.count
    }

    /// Lets `body` write up to `capacity` bytes, then appends them to `out`.
    static func append(to out: inout [UInt8], capacity: Int, _ body: (inout StackText) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            // SAFETY: `text` writes only inside `buffer` (each write checks its
            // index) and cannot outlive this closure: it cannot be copied, and
            // `body` only borrows it. Bytes up to `text.count` were written.
            var text = StackText(buffer: buffer)
            body(&text)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<text.count]))
        }
    }

    mutating func put(_ byte: UInt8) {
        precondition(count < buffer.count, "StackText: more bytes than its capacity")
        buffer[count] = byte
        count += 1
    }

    /// The decimal digits of `value`, zero-padded on the left to `width` digits.
    mutating func putDecimal(_ value: UInt64, width: Int = 1) {
        // The usual case (clock fields, octets): one or two digits.
        if value < 100 && width <= 2 {
            if value >= 10 || width == 2 { put(ASCIIDigits.zero + UInt8(value / 10)) }
            put(ASCIIDigits.zero + UInt8(value % 10))
            return
        }
        // Two digits at a time, last first, straight into place: half the
        // divisions of one digit at a time, and the length counted by
        // comparisons (ndjson writes a dozen numbers a message: ports,
        // octets, frame, microseconds).
        let digits = ASCIIDigits.count(value)
        let length = max(digits, width)
        precondition(length <= buffer.count - count, "StackText: more bytes than its capacity")
        // SAFETY: the precondition puts every index written, count..<count+length,
        // inside `buffer`; `pairs` has 200 bytes, read at 2 n and 2 n + 1 for n < 100.
        let start = buffer.baseAddress! + count
        let pairs = ASCIIDigits.pairs.utf8Start
        var index = length
        var rest = value
        while rest >= 100 {
            let n = Int(rest % 100)
            rest /= 100
            index -= 2
            start[index] = pairs[2 * n]
            start[index + 1] = pairs[2 * n + 1]
        }
        if rest >= 10 {
            index -= 2
            start[index] = pairs[2 * Int(rest)]
            start[index + 1] = pairs[2 * Int(rest) + 1]
        } else {
            index -= 1
            start[index] = ASCIIDigits.zero + UInt8(rest)
        }
        while index > 0 {
            // Zero padding: a digit or two, where there is any (no memset call).
            index -= 1
            start[index] = ASCIIDigits.zero
        }
        count += length
    }

    /// The one to three digits of an address octet: one room check, no
    /// loop (an IPv4 endpoint has four, and ndjson writes two a message).
    mutating func putOctet(_ value: UInt8) {
        precondition(count + 3 <= buffer.count, "StackText: more bytes than its capacity")
        // SAFETY: the precondition leaves room for the three digits at most written.
        let p = buffer.baseAddress! + count
        if value >= 100 {
            let rest = value % 100
            p[0] = ASCIIDigits.zero + value / 100
            p[1] = ASCIIDigits.zero + rest / 10
            p[2] = ASCIIDigits.zero + rest % 10
            count += 3
        } else if value >= 10 {
            p[0] = ASCIIDigits.zero + value / 10
            p[1] = ASCIIDigits.zero + value % 10
            count += 2
        } else {
            p[0] = ASCIIDigits.zero + value
            count += 1
        }
    }

    /// `String(value)` left-padded with "0" to `width` characters, the sign
    /// counted as one (−5, width 4 → `00-5`): the padding timestamps have
    /// always had, for any value.
    mutating func putPadded(_ value: Int64, width: Int) {
        guard value < 0 else {
            putDecimal(UInt64(value), width: width)
            return
        }
        let length = ASCIIDigits.count(value.magnitude) + 1
        for _ in length..<max(width, length) { put(ASCIIDigits.zero) }
        put(UInt8(ascii: "-"))
        putDecimal(value.magnitude)
    }

    /// `String(value, radix: 16)`: lower case, no leading zeros.
    mutating func putHex(_ value: UInt16) {
        var shift: UInt16 = 12
        while shift > 0 && (value >> shift) == 0 { shift -= 4 }
        while true {
            put(ASCIIDigits.hexDigit(UInt32((value >> shift) & 0xF)))
            if shift == 0 { break }
            shift -= 4
        }
    }

    /// Exactly four lower-case hex digits: the `XXXX` of a JSON `\uXXXX` escape.
    mutating func putHex4(_ value: UInt32) {
        for shift in stride(from: 12, through: 0, by: -4) {
            put(ASCIIDigits.hexDigit((value >> UInt32(shift)) & 0xF))
        }
    }
}
