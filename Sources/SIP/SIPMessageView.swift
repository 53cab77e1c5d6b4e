/// A parsed SIP message as offsets into the bytes it was parsed from.
///
/// A view: valid only while those bytes are. It makes no `String`; ask for the
/// parts you report with `string(_:)` or build a `SIPMessage` from it.
public struct SIPMessageView {
    public let bytes: UnsafeRawBufferPointer
    public let startLine: StartLine
    public let headers: HeaderFields
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
        return firstPart(field.valueRange)
    }

    /// The first comma-separated value of `range`: `splitCommas(range).first`
    /// without building the list.
    public func firstPart(_ range: Range<Int>) -> Range<Int>? {
        var found: Range<Int>? = nil
        forEachPart(range) { part in
            found = part
            return false
        }
        return found
    }

    /// The last comma-separated value of `range`: `splitCommas(range).last`
    /// without building the list.
    public func lastPart(_ range: Range<Int>) -> Range<Int>? {
        // Nearly every value is one part: with no comma at all, nothing can
        // split it, whatever its quotes, and the part is the trimmed value.
        if bytes.firstIndex(of: ASCII.comma, in: range) == nil {
            let part = bytes.trimmed(range)
            return part.isEmpty ? nil : part
        }
        var found: Range<Int>? = nil
        forEachPart(range) { part in
            found = part
            return true
        }
        return found
    }

    public func string(_ range: Range<Int>) -> String {
        bytes.string(range)
    }

    /// Where the first Call-ID's value lies; nil when there is none or it is
    /// empty (what `SIPMessage.callID` would give as nil or "").
    public var callIDRange: Range<Int>? {
        first(.callID).flatMap { callID(in: $0.valueRange) }
    }

    /// The Call-ID a Call-ID header's value gives: trimmed, nil when empty
    /// (`callIDRange` and `MessageFacts`, which finds the header on its way).
    func callID(in value: Range<Int>) -> Range<Int>? {
        let r = bytes.trimmed(value)
        return r.isEmpty ? nil : r
    }

    /// The request's method as text, nil for a response.
    public var methodName: String? {
        if case .request(let method, _) = startLine { return string(method) }
        return nil
    }

    /// Calls `body` with the bytes of `range` as `string(_:)` would read them:
    /// trimmed and, when the value was folded over lines, unfolded (the only
    /// case that copies). How Call-IDs are compared without making a `String`.
    @inlinable
    public func withUnfoldedBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnfoldedBytes(range, body)
    }

    func splitCommas(_ range: Range<Int>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        forEachPart(range) { part in
            parts.append(part)
            return true
        }
        return parts
    }

    /// Calls `body` with each non-empty, trimmed value of a comma-separated
    /// header value, commas inside quotes or `<>` not splitting; stops when
    /// `body` returns false.
    func forEachPart(_ range: Range<Int>, _ body: (Range<Int>) -> Bool) {
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
                if !part.isEmpty, !body(part) { return }
                start = i + 1
            }
            i += 1
        }
        let last = bytes.trimmed(start..<min(i, range.upperBound))
        if !last.isEmpty { _ = body(last) }
    }
}
