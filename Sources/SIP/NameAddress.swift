/// A From, To or Contact value: optional display name, URI and the tag parameter
/// (RFC 3261 §20.10, §20.20, §20.39).
public struct NameAddress: Sendable, Equatable, CustomStringConvertible {
    public var displayName: String?
    public var uri: String
    public var tag: String?

    public init(displayName: String? = nil, uri: String, tag: String? = nil) {
        self.displayName = displayName
        self.uri = uri
        self.tag = tag
    }

    /// `"Alice" <sip:alice@example.com>;tag=1928`, as reports print it.
    public var description: String {
        var s = ""
        if let displayName { s += "\"\(displayName)\" " }
        s += "<\(uri)>"
        if let tag { s += ";tag=\(tag)" }
        return s
    }

    /// The user part of the URI (`alice` in `sip:alice@example.com`), or the
    /// number of a `tel:` URI; nil when there is none.
    public var user: String? {
        if let ascii = asciiUser { return ascii }
        var rest = Substring(uri)
        if let colon = rest.firstIndex(of: ":") { rest = rest[rest.index(after: colon)...] }
        if uri.hasPrefix("tel:") {
            return String(rest.prefix { $0 != ";" })
        }
        guard let at = rest.firstIndex(of: "@") else { return nil }
        return String(rest[..<at].prefix { $0 != ";" && $0 != ":" })
    }

    /// `user` read on the UTF-8 bytes, for a URI that is all ASCII (then bytes
    /// and characters are the same thing): `.some(nil)` when there is no user.
    /// nil, to take the general way, for any other URI. Reports print a user
    /// per call; walking `Character`s made it cost microseconds.
    private var asciiUser: String?? {
        // The string's bytes in place (contiguous already for a native
        // string), read in one pass by pointer: a walk over `utf8`'s indices
        // cost a thousand instructions a call, and ndjson writes two users a call.
        var uri = uri
        uri.makeContiguousUTF8()
        return uri.utf8.withContiguousStorageIfAvailable { NameAddress.asciiUser(of: $0) } ?? nil
    }

    /// `asciiUser` of a URI's UTF-8 bytes.
    static func asciiUser(of uri: UnsafeBufferPointer<UInt8>) -> String?? {
        let bytes = UnsafeRawBufferPointer(uri)
        guard let user = asciiUserRange(of: bytes) else { return nil }
        return .some(user.map { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[$0]), as: UTF8.self) })
    }

    /// Where `asciiUser` finds the user in a URI's bytes: `.some(nil)` when
    /// there is none, nil when the URI is not all ASCII.
    static func asciiUserRange(of bytes: UnsafeRawBufferPointer) -> Range<Int>?? {
        guard WordScan.isASCII(bytes) else { return nil }
        let all = 0..<bytes.count
        let start = bytes.firstIndex(of: ASCII.colon, in: all).map { $0 + 1 } ?? 0
        if bytes.hasPrefix("tel:", at: 0) {
            return .some(start..<(bytes.firstIndex(of: ASCII.semicolon, in: start..<bytes.count) ?? bytes.count))
        }
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@"), in: start..<bytes.count) else { return .some(nil) }
        var end = start
        while end < at, bytes[end] != ASCII.semicolon, bytes[end] != ASCII.colon { end += 1 }
        return .some(start..<end)
    }

    /// Where the strings `parse` makes of `range` lie, when each is its
    /// bytes as they are: a value all ASCII, on one line, its quoted name
    /// without escapes (the usual From and To). Nil otherwise: then only
    /// `parse` reads it. A streamed call's From and To are written to JSON
    /// from here, without a `String` made of any part.
    package static func parts(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Parts? {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count,
            WordScan.isOneLineASCII(UnsafeRawBufferPointer(rebasing: bytes[range]))
        else { return nil }
        let layout = Layout(bytes, range)
        var display: Range<Int>? = nil
        if let quoted = layout.quoted {
            guard bytes.firstIndex(of: ASCII.backslash, in: quoted) == nil else { return nil }
            display = quoted
        } else if let plain = layout.plainName {
            display = bytes.trimmed(plain)
        }
        if display?.isEmpty == true { display = nil }
        let uri = bytes.trimmed(layout.uri)
        let tag = unquotedParameterRange(bytes, layout.parameters, named: .tag).map { bytes.trimmed($0) }
        // All ASCII (checked above), so the URI's user is found on its bytes.
        let user = asciiUserRange(of: UnsafeRawBufferPointer(rebasing: bytes[uri])) ?? nil
        return Parts(
            displayName: display, uri: uri, tag: tag,
            user: user.map { (uri.lowerBound + $0.lowerBound)..<(uri.lowerBound + $0.upperBound) })
    }

    /// See `parts(_:_:)`: ranges of the bytes it read.
    package struct Parts: Sendable, Equatable {
        /// Nil when `parse` finds no display name.
        package var displayName: Range<Int>?
        package var uri: Range<Int>
        /// Nil when there is no tag parameter (empty when it has no value).
        package var tag: Range<Int>?
        /// The URI's `user`, nil for none.
        package var user: Range<Int>?
    }

    /// Parses `range` of a header value.
    package static func parse(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> NameAddress {
        let layout = Layout(bytes, range)
        var display: String? = nil
        if let quoted = layout.quoted {
            if bytes.firstIndex(of: ASCII.backslash, in: quoted) == nil {
                // The usual quoted name has no escapes: its bytes as they are.
                display = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[quoted]), as: UTF8.self)
            } else {
                var text: [UInt8] = []
                text.reserveCapacity(quoted.count)
                var j = quoted.lowerBound
                while j < quoted.upperBound {
                    if bytes[j] == ASCII.backslash, j + 1 < quoted.upperBound { j += 1 }
                    text.append(bytes[j])
                    j += 1
                }
                display = String(decoding: text, as: UTF8.self)
            }
        } else if let plain = layout.plainName {
            let name = bytes.string(plain)
            display = name.isEmpty ? nil : name
        }
        let tag = parameter(bytes, layout.parameters, named: .tag)
        if let d = display, d.isEmpty { display = nil }
        return NameAddress(displayName: display, uri: bytes.string(layout.uri), tag: tag)
    }

    /// The tag parameter's value in place, unquoted: what `parse` reads as `tag`.
    package static func tagRange(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int>? {
        unquotedParameterRange(bytes, Layout(bytes, range).parameters, named: .tag)
    }

    /// Where the parts of a name-addr or addr-spec lie, found without making text.
    struct Layout {
        /// Inside the quotes of a quoted display name (escapes still in).
        var quoted: Range<Int>? = nil
        /// An unquoted display name before `<`.
        var plainName: Range<Int>? = nil
        var uri: Range<Int>
        var parameters: Range<Int>

        init(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
            // Read through a pointer with vector scans: the per-message facts
            // read the From and To tags through this (see `parameterRange`).
            guard let base = bytes.baseAddress, range.lowerBound >= 0, range.upperBound <= bytes.count else {
                uri = range.lowerBound..<range.lowerBound
                parameters = range.upperBound..<range.upperBound
                return
            }
            // SAFETY: every index used below is in `range`, checked against the
            // buffer just above; the scans may look further, up to its end.
            let p = base.assumingMemoryBound(to: UInt8.self)
            let readable = bytes.count
            let value = ASCII.trimmed(p, range.lowerBound, range.upperBound)
            var i = value.lowerBound
            if i < value.upperBound, p[i] == ASCII.quote {
                // To the closing quote, a backslash escaping the byte after it.
                var j = i + 1
                while true {
                    j = ASCII.scan(to: ASCII.quote, or: ASCII.backslash, p, j, value.upperBound, readable: readable)
                    guard j < value.upperBound, p[j] == ASCII.backslash else { break }
                    j += j + 1 < value.upperBound ? 2 : 1
                }
                quoted = (i + 1)..<min(j, value.upperBound)
                i = min(j + 1, value.upperBound)
            }
            let less = ASCII.scan(to: ASCII.less, p, i, value.upperBound, readable: readable)
            if less < value.upperBound {
                if quoted == nil { plainName = i..<less }
                let close = ASCII.scan(to: ASCII.greater, p, less, value.upperBound, readable: readable)
                uri = (less + 1)..<close
                parameters = min(close + 1, value.upperBound)..<value.upperBound
            } else {
                // addr-spec without brackets: parameters after it belong to the header.
                let semi = ASCII.scan(to: ASCII.semicolon, p, i, value.upperBound, readable: readable)
                uri = i..<semi
                parameters = semi..<value.upperBound
            }
        }
    }
}

/// Finds `;name=value` in a parameter list and returns the value (unquoted), or
/// nil. The name compares case-insensitively (RFC 3261 §7.3.1).
func parameter(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, named name: ParameterName) -> String? {
    unquotedParameterRange(bytes, range, named: name).map { bytes.string($0) }
}

/// Where `parameter` finds its value, quotes taken off: the same text, in place.
func unquotedParameterRange(
    _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, named name: ParameterName
)
    -> Range<Int>?
{
    guard let r = parameterRange(bytes, range, named: name) else { return nil }
    if r.count >= 2, bytes[r.lowerBound] == ASCII.quote, bytes[r.upperBound - 1] == ASCII.quote {
        return (r.lowerBound + 1)..<(r.upperBound - 1)
    }
    return r
}

func parameterRange(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, named name: ParameterName) -> Range<Int>? {
    // Runs three times per message on the per-packet path (two tags, a
    // branch), so it reads through a pointer and finds `;` and the end of a
    // value with vector scans rather than stepping byte by byte.
    guard let base = bytes.baseAddress, range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
    // SAFETY: every index used below is in range.lowerBound..<range.upperBound,
    // which was checked against the buffer just above; the scans may look
    // further, up to its end.
    let p = base.assumingMemoryBound(to: UInt8.self)
    let end = range.upperBound
    let readable = bytes.count
    let literal = name.text.utf8Start
    let length = name.text.utf8CodeUnitCount
    var i = range.lowerBound
    while i < end {
        i = ASCII.scan(to: ASCII.semicolon, p, i, end, readable: readable)
        guard i < end else { return nil }
        let nameStart = i + 1
        // The name runs to the next `=` or `;` (`j`). The usual spelling,
        // `;name=` with no blanks, is recognised as one word; else the name is
        // found and compared.
        var j = nameStart + length
        var named = false
        if j < end && nameStart + 8 <= readable {
            // SAFETY: the eight bytes at nameStart are in the buffer (checked);
            // only those up to the `=` (at j, inside `range`) are compared.
            let word = UnsafeRawPointer(p + nameStart).loadUnaligned(as: UInt64.self).littleEndian
            named = (word & name.mask) | name.fold == name.want
        }
        if !named {
            j = ASCII.scan(to: ASCII.equals, or: ASCII.semicolon, p, nameStart, end, readable: readable)
            named = ASCII.equalsIgnoringCase(p, ASCII.trimmed(p, nameStart, j), literal, length)
        }
        if named {
            guard j < end, p[j] == ASCII.equals else { return j..<j }
            return ASCII.trimmed(
                p, j + 1, ASCII.scan(to: ASCII.semicolon, or: ASCII.comma, p, j + 1, end, readable: readable))
        }
        i = j
    }
    return nil
}

/// A parameter name (`tag`, `branch`, `expires`) with the word that spells
/// `name=` in its usual form, for `parameterRange` to test in one compare:
/// `want` holds the name in lower case then `=`, `fold` the case bit (0x20)
/// of each letter, `mask` the bytes of both.
struct ParameterName: Sendable, Equatable {
    let text: StaticString
    let want: UInt64
    let fold: UInt64
    let mask: UInt64

    /// The words worked out from the name (tests check the constants below).
    init(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        let name = text.utf8Start
        precondition(length < 8 && (0..<length).allSatisfy { ASCII.isLetter(name[$0]) }, "a short name of letters")
        var want: UInt64 = 0
        var fold: UInt64 = 0
        for k in 0..<length {
            want |= UInt64(name[k] | 0x20) << (8 * UInt64(k))
            fold |= 0x20 << (8 * UInt64(k))
        }
        self.init(
            text: text, want: want | UInt64(ASCII.equals) << (8 * UInt64(length)), fold: fold,
            mask: length == 7 ? ~0 : (1 << (8 * UInt64(length + 1))) - 1)
    }

    private init(text: StaticString, want: UInt64, fold: UInt64, mask: UInt64) {
        self.text = text
        self.want = want
        self.fold = fold
        self.mask = mask
    }

    static func == (a: ParameterName, b: ParameterName) -> Bool {
        a.text.utf8CodeUnitCount == b.text.utf8CodeUnitCount && a.want == b.want && a.fold == b.fold
            && a.mask == b.mask
    }

    // Written out as constants, so the compiler lays them out statically: a
    // `static let` computed at run time is reached through swift_once, a
    // call on every read, three times a message.
    static let tag = ParameterName(text: "tag", want: 0x3D_6761_74, fold: 0x20_2020, mask: 0xFFFF_FFFF)
    static let branch = ParameterName(
        text: "branch", want: 0x3D_6863_6E61_7262, fold: 0x2020_2020_2020, mask: 0xFF_FFFF_FFFF_FFFF)
    static let expires = ParameterName(
        text: "expires", want: 0x3D73_6572_6970_7865, fold: 0x20_2020_2020_2020, mask: ~0)
}
