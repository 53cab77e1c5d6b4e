/// A parsed SIP message as offsets into the bytes it was parsed from.
///
/// A view: valid only while those bytes are. It makes no `String`; ask for the
/// parts you report with `string(_:)` or build a `SIPMessage` from it.
public struct SIPMessageView {
    public let bytes: UnsafeRawBufferPointer
    public let startLine: StartLine
    public let headers: [HeaderField]
    public let body: Range<Int>
    /// The Content-Length value when present and numeric.
    public let contentLength: Int?
    /// Problems found while parsing that did not prevent reading the message.
    public let problems: [SIPParseError]

    public var isRequest: Bool {
        if case .request = startLine { return true }
        return false
    }

    /// The first header with this name.
    public func first(_ name: HeaderName) -> HeaderField? {
        headers.first { $0.name == name }
    }

    /// Every value of a header: repeated lines and comma-separated values alike,
    /// in order (RFC 3261 §7.3.1), commas inside quotes or `<>` not splitting.
    public func values(of name: HeaderName) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for field in headers where field.name == name {
            out.append(contentsOf: splitCommas(field.valueRange))
        }
        return out
    }

    /// The first value of a header (the top Via, say).
    public func firstValue(of name: HeaderName) -> Range<Int>? {
        guard let field = first(name) else { return nil }
        return splitCommas(field.valueRange).first
    }

    public func string(_ range: Range<Int>) -> String {
        bytes.string(range)
    }

    func splitCommas(_ range: Range<Int>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = range.lowerBound
        var inQuotes = false
        var angle = 0
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            if inQuotes {
                if b == ASCII.backslash {
                    i += 2
                    continue
                }
                if b == ASCII.quote { inQuotes = false }
            } else if b == ASCII.quote {
                inQuotes = true
            } else if b == ASCII.less {
                angle += 1
            } else if b == ASCII.greater {
                angle = max(0, angle - 1)
            } else if b == ASCII.comma && angle == 0 {
                let part = bytes.trimmed(start..<i)
                if !part.isEmpty { parts.append(part) }
                start = i + 1
            }
            i += 1
        }
        let last = bytes.trimmed(start..<min(i, range.upperBound))
        if !last.isEmpty { parts.append(last) }
        return parts
    }
}
