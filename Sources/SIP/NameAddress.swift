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
        var rest = Substring(uri)
        if let colon = rest.firstIndex(of: ":") { rest = rest[rest.index(after: colon)...] }
        if uri.hasPrefix("tel:") {
            return String(rest.prefix { $0 != ";" })
        }
        guard let at = rest.firstIndex(of: "@") else { return nil }
        return String(rest[..<at].prefix { $0 != ";" && $0 != ":" })
    }

    /// Parses `range` of a header value.
    static func parse(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, displayName wanted: Bool = true
    ) -> NameAddress {
        let value = bytes.trimmed(range)
        var display: String? = nil
        var uriRange: Range<Int>
        var paramsStart: Int
        var i = value.lowerBound
        // A quoted display name.
        if i < value.upperBound, bytes[i] == ASCII.quote {
            var j = i + 1
            var text: [UInt8] = []
            while j < value.upperBound, bytes[j] != ASCII.quote {
                if bytes[j] == ASCII.backslash, j + 1 < value.upperBound { j += 1 }
                if wanted { text.append(bytes[j]) }
                j += 1
            }
            display = wanted ? String(decoding: text, as: UTF8.self) : nil
            i = min(j + 1, value.upperBound)
        }
        if let less = bytes.firstIndex(of: ASCII.less, in: i..<value.upperBound) {
            if display == nil && wanted {
                let name = bytes.string(i..<less)
                display = name.isEmpty ? nil : name
            }
            let close = bytes.firstIndex(of: ASCII.greater, in: less..<value.upperBound) ?? value.upperBound
            uriRange = (less + 1)..<close
            paramsStart = min(close + 1, value.upperBound)
        } else {
            // addr-spec without brackets: parameters after it belong to the header.
            let semi = bytes.firstIndex(of: ASCII.semicolon, in: i..<value.upperBound) ?? value.upperBound
            uriRange = i..<semi
            paramsStart = semi
        }
        let tag = parameter(bytes, paramsStart..<value.upperBound, named: "tag")
        if let d = display, d.isEmpty { display = nil }
        return NameAddress(displayName: display, uri: bytes.string(uriRange), tag: tag)
    }
}

/// Finds `;name=value` in a parameter list and returns the value (unquoted), or
/// nil. The name compares case-insensitively (RFC 3261 §7.3.1).
func parameter(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, named name: StaticString) -> String? {
    guard let r = parameterRange(bytes, range, named: name) else { return nil }
    var value = bytes.string(r)
    if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
        value = String(value.dropFirst().dropLast())
    }
    return value
}

func parameterRange(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, named name: StaticString) -> Range<Int>? {
    var i = range.lowerBound
    while i < range.upperBound {
        guard bytes[i] == ASCII.semicolon else {
            i += 1
            continue
        }
        let nameStart = i + 1
        var j = nameStart
        while j < range.upperBound, bytes[j] != ASCII.equals, bytes[j] != ASCII.semicolon { j += 1 }
        if bytes.equalsIgnoringCase(bytes.trimmed(nameStart..<j), name) {
            guard j < range.upperBound, bytes[j] == ASCII.equals else { return (j..<j) }
            var end = j + 1
            while end < range.upperBound, bytes[end] != ASCII.semicolon, bytes[end] != ASCII.comma { end += 1 }
            return bytes.trimmed((j + 1)..<end)
        }
        i = j
    }
    return nil
}
