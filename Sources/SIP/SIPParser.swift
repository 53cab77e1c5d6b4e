import CByteScan

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses SIP messages in place from a datagram or a stream segment.
///
/// A payload is SIP because of how it starts (a method token then a Request-URI
/// then `SIP/2.0`, or `SIP/2.0 ` then a status code), never because of its port.
/// The parser keeps the room for its header fields between calls (see
/// `HeaderFields`), so a message costs no allocation.
public struct SIPParser {
    /// The result of one parse.
    public enum Outcome {
        /// A message, and how many bytes of the input it used (stream framing).
        case message(SIPMessageView, consumed: Int)
        /// The input does not start like a SIP message.
        case notSIP
        /// It starts like SIP but cannot be read as a message.
        case malformed(SIPParseError, consumed: Int)
        /// Stream only: the bytes so far are the beginning of a message; wait for more.
        case incomplete
    }

    /// Header lines beyond this are ignored (a guard against endless garbage).
    public static let maximumHeaders = 256

    /// The fields of the message parsed last: a view of it may still hold
    /// them (see `readHeaders`).
    private var room = HeaderRoom()

    public init() {}

    /// The methods recognised even when the rest of the start line is broken, so
    /// that a damaged request is reported as malformed SIP, not silently skipped.
    static let knownMethods: [StaticString] = [
        "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACK", "SUBSCRIBE", "NOTIFY",
        "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE",
    ]

    /// Whether the bytes at `offset` begin a message: `SIP/2.0 ` or a known
    /// method followed by a space. Used to find the next message in a stream.
    public static func startsLikeMessage(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        if bytes.hasPrefix("SIP/2.0 ", at: offset) { return true }
        for method in knownMethods {
            let n = method.utf8CodeUnitCount
            if offset + n < bytes.count, bytes.hasPrefix(method, at: offset), bytes[offset + n] == ASCII.space {
                return true
            }
        }
        return false
    }

    /// Parses one message from the start of `bytes`.
    ///
    /// - Parameter stream: true for TCP, where Content-Length frames the message and
    ///   is required (RFC 3261 §18.3); false for a datagram, which is one message.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer, stream: Bool) -> Outcome {
        // Streams may carry keep-alive CRLFs between messages (RFC 5626 §3.5.1).
        var start = 0
        while start < bytes.count, bytes[start] == ASCII.cr || bytes[start] == ASCII.lf { start += 1 }
        guard start < bytes.count else { return stream ? .incomplete : .notSIP }

        // `bytes` is not empty here (start < bytes.count), so it has a base address.
        let p = bytes.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt8.self)
        let count = bytes.count

        // The start line.
        // SAFETY: 0 <= start < count, the size of the buffer at p.
        guard let lineEnd = ASCII.firstIndex(of: ASCII.lf, p, start, count) else {
            if stream && couldBeStartLine(bytes, start: start) { return .incomplete }
            if looksLikeSIP(bytes, start: start, end: bytes.count) {
                return .malformed(.badStartLine("no line end"), consumed: bytes.count)
            }
            return .notSIP
        }
        let lineRange = bytes.trimmed(start..<lineEnd)
        let startLine: StartLine
        if let line = usualStartLine(p, lineRange) {
            startLine = line
        } else {
            switch parseStartLine(bytes, lineRange, stream: stream) {
            case .success(let line): startLine = line
            case .failure(let error):
                if looksLikeSIP(bytes, start: start, end: lineEnd) {
                    return .malformed(error, consumed: stream ? lineEnd + 1 : bytes.count)
                }
                return .notSIP
            }
        }

        // Header lines up to the empty line.
        var problems: [SIPParseError] = []
        let (headerEnd, fieldCount, contentLengthIndex) = readHeaders(
            p, count: count, from: lineEnd + 1, problems: &problems)
        let headers = HeaderFields(room, count: fieldCount)
        guard let bodyStart = headerEnd else {
            if stream { return .incomplete }
            problems.append(.noEndOfHeaders)
            let view = SIPMessageView(
                bytes: bytes, startLine: startLine, headers: headers, body: bytes.count..<bytes.count,
                contentLength: nil, problems: problems)
            return .message(view, consumed: bytes.count)
        }

        // The body, framed by Content-Length.
        var contentLength: Int? = nil
        if contentLengthIndex >= 0 {
            contentLength = bytes.decimal(bytes.trimmed(headers[contentLengthIndex].valueRange))
            if contentLength == nil { problems.append(.badContentLength) }
        }
        let available = bytes.count - bodyStart
        var bodyEnd: Int
        if let declared = contentLength {
            if declared > available && stream { return .incomplete }
            if declared > available {
                problems.append(.contentLengthExceedsPacket(declared: declared, available: available))
                bodyEnd = bytes.count
            } else {
                bodyEnd = bodyStart + declared
            }
        } else if stream {
            if contentLengthIndex < 0 {
                problems.append(.missingContentLengthOnStream)
            }
            bodyEnd = bodyStart
        } else {
            // A datagram without Content-Length: the body runs to its end (§18.3).
            bodyEnd = bytes.count
        }
        let consumed = stream ? bodyEnd : bytes.count
        if !stream { bodyEnd = min(bodyEnd, bytes.count) }
        let view = SIPMessageView(
            bytes: bytes, startLine: startLine, headers: headers, body: bodyStart..<bodyEnd,
            contentLength: contentLength, problems: problems)
        return .message(view, consumed: consumed)
    }

    /// Reads the header lines from `from` into `room`, up to the empty line:
    /// returns where the body starts (nil when no empty line came), how many
    /// fields were written, and which is the first Content-Length (its value
    /// is read once the headers are done, as a folded line may still extend
    /// it), or -1. A view of the last message that still holds the room
    /// keeps it: this message then gets a new one.
    ///
    /// Apart from `parse`, and not inlined: the loop compiles tighter on its
    /// own (in one function with the start line and the body, it once lost
    /// the inlining of what each header's store needed to the size of the
    /// whole). The usual line, `Name: value` CR LF with a name shorter than
    /// 16 bytes, is read here; any other line (blank, folded, trimmed, with
    /// a long name or no colon, or past the limit) by `readOtherLine`, out
    /// of line. The general code inline kept a dozen values live across the
    /// loop, which went to memory and back on every line; the line number,
    /// the limit's flag and the trimming now live in the rare path (callgrind
    /// on 100k: this function 137.3M instructions, now 105.9M; the name
    /// lookup 33.3M, now 23.0M as `resolve`). The fields past the limit
    /// are not read, but the message says so once (`tooManyHeaderLines`).
    ///
    /// SAFETY: `p` points to the `count` bytes `parse` was given, and
    /// `from <= count`; only indices below `count` are read (`LineFeeds`
    /// and `appendHeader` say how; the colon's 16 bytes are read when
    /// `cursor + 16 <= count`). Fields are written at indices below
    /// `SIPParser.maximumHeaders`, the room's capacity: `n` is checked
    /// against it before each new field, and a fold rewrites field n - 1.
    @inline(never)
    private mutating func readHeaders(
        _ p: UnsafePointer<UInt8>, count: Int, from: Int, problems: inout [SIPParseError]
    ) -> (headerEnd: Int?, fieldCount: Int, contentLengthIndex: Int) {
        if !isKnownUniquelyReferenced(&room) { room = HeaderRoom() }
        let fields = room.fields
        var n = 0
        var cursor = from
        var contentLengthIndex = -1
        var other = OtherLines(from: from)
        var feeds = LineFeeds(p, count: count, from: cursor)
        while cursor < count {
            guard let end = feeds.next(from: cursor) else {
                // The last header line has no line end: take it, but the blank line is missing.
                (n, contentLengthIndex) = readUnendedLine(
                    p, count: count, cursor, fields, n, contentLengthIndex, &other, &problems)
                return (nil, n, contentLengthIndex)
            }
            // SAFETY: cursor <= end < count; the indices read are in cursor..<end,
            // and the 16 bytes from cursor when they are inside count.
            var last = end
            if last > cursor && p[last &- 1] == ASCII.cr { last &-= 1 }
            // The blank line (CR LF, or a bare LF) ends the headers.
            if last == cursor { return (end &+ 1, n, contentLengthIndex) }
            usual: if p[cursor] > ASCII.space, p[last &- 1] > ASCII.space,
                n < SIPParser.maximumHeaders, cursor &+ 16 <= count
            {
                // Nothing to trim, not a fold (the first byte is not blank), and
                // room for the field. The name ends at the first colon, within
                // 16 bytes, with no blank before it.
                let mask = siptrace_byte_mask16(p + cursor, ASCII.colon)
                guard mask != 0 else { break usual }
                let colon = cursor &+ mask.trailingZeroBitCount
                guard colon > cursor, colon < last, p[colon &- 1] > ASCII.space else { break usual }
                var valueStart = colon &+ 1
                if valueStart &+ 1 < last && p[valueStart] == ASCII.space && p[valueStart &+ 1] > ASCII.space {
                    valueStart &+= 1
                } else {
                    while valueStart < last, ASCII.isBlank(p[valueStart]) { valueStart &+= 1 }
                }
                // SAFETY: cursor < colon < last <= count: the name's bytes are in the buffer.
                let name = HeaderName.resolve(p + cursor, colon &- cursor)
                (fields + n).initialize(
                    to: HeaderField(name: name, nameRange: cursor..<colon, valueRange: valueStart..<last))
                if name == .contentLength && contentLengthIndex < 0 { contentLengthIndex = n }
                n &+= 1
                cursor = end &+ 1
                continue
            }
            guard
                let read = readOtherLine(
                    p, count: count, cursor, end, fields, n, contentLengthIndex, &other, &problems)
            else {
                return (end + 1, n, contentLengthIndex)
            }
            (n, contentLengthIndex) = read
            cursor = end &+ 1
        }
        return (nil, n, contentLengthIndex)
    }

    /// What `readOtherLine` keeps between lines: whether the message was
    /// told it has too many lines, and how many line feeds lie between
    /// `from` and `counted` (so a line number is counted once, only when a
    /// problem needs it).
    private struct OtherLines {
        var overLimit = false
        var counted: Int
        var lineFeeds = 0

        init(from: Int) { counted = from }

        /// The number of the line at `cursor` (the start line is line 1):
        /// every line before it, from `from` on, ended with a line feed.
        /// SAFETY: counted <= cursor <= the buffer's size at `p`.
        mutating func number(at cursor: Int, _ p: UnsafePointer<UInt8>) -> Int {
            while counted < cursor {
                if p[counted] == ASCII.lf { lineFeeds &+= 1 }
                counted &+= 1
            }
            return lineFeeds + 2
        }
    }

    /// A header line `readHeaders` did not read itself, `cursor..<end`
    /// (`end` its line feed): trimmed, then the blank line (returns nil), a
    /// folded continuation, a field written by `appendHeader`, or a line past
    /// the limit. Returns the new field count and Content-Length index.
    ///
    /// SAFETY: as `readHeaders`: cursor <= end < count, fields has room for
    /// `SIPParser.maximumHeaders`.
    @inline(never)
    private func readOtherLine(
        _ p: UnsafePointer<UInt8>, count: Int, _ cursor: Int, _ end: Int, _ fields: UnsafeMutablePointer<HeaderField>,
        _ n: Int, _ contentLengthIndex: Int, _ other: inout OtherLines, _ problems: inout [SIPParseError]
    ) -> (Int, Int)? {
        var n = n
        var contentLengthIndex = contentLengthIndex
        var last = end
        if last > cursor && p[last - 1] == ASCII.cr { last -= 1 }
        let content =
            last > cursor && !ASCII.isBlank(p[cursor]) && !ASCII.isBlank(p[last - 1])
            ? cursor..<last : ASCII.trimmed(p, cursor, end)
        if content.isEmpty { return nil }
        // SAFETY: the line cursor..<end is not empty (content is part of it), so cursor < end <= count.
        if ASCII.isWhitespace(p[cursor]), n > 0 {
            // A folded continuation: extend the previous header's value.
            fields[n - 1].valueRange = fields[n - 1].valueRange.lowerBound..<content.upperBound
        } else if n < SIPParser.maximumHeaders {
            if appendHeader(p, count: count, content, line: cursor, &other, problems: &problems, fields, &n)
                == .contentLength,
                contentLengthIndex < 0
            {
                contentLengthIndex = n - 1
            }
        } else if !other.overLimit {
            // Past the limit: the line is not read, but the message says so, once.
            problems.append(.tooManyHeaderLines(kept: n))
            other.overLimit = true
        }
        return (n, contentLengthIndex)
    }

    /// The last header line, `cursor..<count`, when no line feed ends it: a
    /// field, trimmed (not a fold), or past the limit.
    @inline(never)
    private func readUnendedLine(
        _ p: UnsafePointer<UInt8>, count: Int, _ cursor: Int, _ fields: UnsafeMutablePointer<HeaderField>,
        _ n: Int, _ contentLengthIndex: Int, _ other: inout OtherLines, _ problems: inout [SIPParseError]
    ) -> (Int, Int) {
        var n = n
        var contentLengthIndex = contentLengthIndex
        if n >= SIPParser.maximumHeaders {
            if !other.overLimit { problems.append(.tooManyHeaderLines(kept: n)) }
        } else if appendHeader(
            p, count: count, ASCII.trimmed(p, cursor, count), line: cursor, &other, problems: &problems, fields, &n)
            == .contentLength, contentLengthIndex < 0
        {
            contentLengthIndex = n - 1
        }
        return (n, contentLengthIndex)
    }

    /// Whether a start line still missing its end could be SIP: an upper-case
    /// token (the method, or `SIP/2.0`) then printable text only.
    private func couldBeStartLine(_ bytes: UnsafeRawBufferPointer, start: Int) -> Bool {
        guard bytes.count - start < 4096 else { return false }
        let first = bytes[start]
        guard first >= 0x41 && first <= 0x5A else { return false }
        var i = start
        var inMethod = true
        while i < bytes.count {
            let b = bytes[i]
            if inMethod {
                if b == ASCII.space {
                    inMethod = false
                } else if !ASCII.isTokenByte(b) && b != ASCII.slash {
                    return false
                }
            } else if (b < 0x20 && b != ASCII.cr && b != ASCII.tab) || b == 0x7F {
                return false
            }
            i += 1
        }
        return true
    }

    /// Writes the header on one line, given as its trimmed content (no leading
    /// or trailing white space or line break), as `fields[n]` and counts it in
    /// `n`, or notes the line as bad when it has no colon or nothing before
    /// it (numbered by `other`, from `cursor`, where the line starts).
    /// Returns the name of the header written, nil when none was.
    ///
    /// SAFETY: `content` is inside the `count` bytes `p` points to (the
    /// caller trimmed it from a line of the buffer); only indices in
    /// `content` are read, and the 16 bytes from its start when they are
    /// inside those `count`. `fields` has room for more than `n` fields (the
    /// caller checked).
    @inline(__always)
    private func appendHeader(
        _ p: UnsafePointer<UInt8>, count: Int, _ content: Range<Int>, line cursor: Int, _ other: inout OtherLines,
        problems: inout [SIPParseError], _ fields: UnsafeMutablePointer<HeaderField>, _ n: inout Int
    ) -> HeaderName? {
        // The name: up to the first colon. Its first 16 bytes in one compare
        // while 16 fit in the buffer (a colon past the line's end means the
        // line has none); then eight bytes at a time while eight fit in the
        // line, then byte by byte.
        var colon = content.lowerBound
        var found = false
        if colon + 16 <= count {
            // SAFETY: colon + 16 <= count, so the 16 bytes are in the buffer.
            let mask = siptrace_byte_mask16(p + colon, ASCII.colon)
            if mask != 0 {
                colon += mask.trailingZeroBitCount
                found = true
            } else {
                colon += 16
            }
        }
        while !found && colon + 8 <= content.upperBound {
            // SAFETY: colon + 8 <= content.upperBound, so the 8 bytes are in the line.
            let word = UnsafeRawPointer(p + colon).loadUnaligned(as: UInt64.self).littleEndian
            if let at = ASCII.firstByte(ASCII.colon, in: word) {
                colon += at
                found = true
                break
            }
            colon += 8
        }
        if !found {
            while colon < content.upperBound, p[colon] != ASCII.colon { colon += 1 }
        }
        guard colon < content.upperBound else {
            problems.append(.badHeaderLine(line: other.number(at: cursor, p)))
            return nil
        }
        // Trimming content.lowerBound..<colon: nothing to drop in front, content
        // starts with a byte that is not blank; only the end may have blanks.
        var nameEnd = colon
        while nameEnd > content.lowerBound, ASCII.isBlank(p[nameEnd - 1]) { nameEnd -= 1 }
        let nameRange = content.lowerBound..<nameEnd
        guard !nameRange.isEmpty else {
            problems.append(.badHeaderLine(line: other.number(at: cursor, p)))
            return nil
        }
        // Trimming (colon + 1)..<content.upperBound: nothing to drop at the end, the
        // content ends with a byte that is not blank and is after the colon.
        // The usual `: value` (one space, then the value) is settled at once.
        var valueStart = colon &+ 1
        if valueStart &+ 1 < content.upperBound && p[valueStart] == ASCII.space && p[valueStart &+ 1] > ASCII.space {
            valueStart &+= 1
        } else {
            while valueStart < content.upperBound, ASCII.isBlank(p[valueStart]) { valueStart &+= 1 }
        }
        let valueRange = valueStart..<content.upperBound
        let name = HeaderName.lookup(UnsafeRawBufferPointer(start: p, count: content.upperBound), nameRange)
        (fields + n).initialize(to: HeaderField(name: name, nameRange: nameRange, valueRange: valueRange))
        n &+= 1
        return name
    }

    /// Whether a line that failed to parse still starts like SIP: `SIP/`, or a
    /// known method followed by a space on a line that names a `SIP/` version.
    /// Such a payload is malformed SIP, reported; `OPTIONS * HTTP/1.1` is not SIP.
    private func looksLikeSIP(_ bytes: UnsafeRawBufferPointer, start: Int, end: Int) -> Bool {
        if bytes.hasPrefix("SIP/", at: start) { return true }
        for method in SIPParser.knownMethods {
            let n = method.utf8CodeUnitCount
            if start + n < end, bytes.equalsIgnoringCase(start..<(start + n), method), bytes[start + n] == ASCII.space {
                var i = start + n
                while i + 4 <= end {
                    if bytes.equalsIgnoringCase(i..<(i + 4), "SIP/") { return true }
                    i += 1
                }
                return false
            }
        }
        return false
    }

    /// The start line when it has the usual shape (`SIP/2.0 NNN reason`, or an
    /// upper-case method, a Request-URI and ` SIP/2.0`), exactly as
    /// `parseStartLine` would read it on a datagram or a stream (the method is
    /// upper case), else nil, and `parseStartLine` decides. Inlined: the Result
    /// of `parseStartLine` comes back through memory, which cost more than the
    /// reading; the usual case does not need it.
    ///
    /// SAFETY: `line` is inside the buffer at `p`, at least 12 bytes long (checked
    /// first); every read is inside `line`: the two words at its first and last
    /// eight bytes, and single bytes at indices in `line`.
    @inline(__always)
    private func usualStartLine(_ p: UnsafePointer<UInt8>, _ line: Range<Int>) -> StartLine? {
        let n = line.count
        guard n >= 12 else { return nil }
        let q = UnsafeRawPointer(p + line.lowerBound)
        // "SIP/2.0 " as one little-endian word.
        if q.loadUnaligned(as: UInt64.self).littleEndian == 0x2030_2E32_2F50_4953 {
            // SIP/2.0 SP 3DIGIT then the end or white space then Reason-Phrase.
            let d0 = p[line.lowerBound + 8] &- 0x30
            let d1 = p[line.lowerBound + 9] &- 0x30
            let d2 = p[line.lowerBound + 10] &- 0x30
            guard d0 >= 1 && d0 <= 6 && d1 <= 9 && d2 <= 9, ASCII.isWhitespace(p[line.lowerBound + 11]) else {
                return nil
            }
            // Trimming lowerBound + 11 ..< upperBound: the line is trimmed, so only the front.
            var r = line.lowerBound + 11
            while r < line.upperBound, ASCII.isBlank(p[r]) { r += 1 }
            return .response(status: Int(d0) * 100 + Int(d1) * 10 + Int(d2), reason: r..<line.upperBound)
        }
        // Method SP Request-URI SP "SIP/2.0", the method upper-case letters.
        var i = line.lowerBound
        while i < line.upperBound, p[i] >= 0x41 && p[i] <= 0x5A { i += 1 }
        guard i > line.lowerBound, i < line.upperBound, p[i] == ASCII.space,
            line.upperBound - 8 >= i + 1,
            UnsafeRawPointer(p + line.upperBound - 8).loadUnaligned(as: UInt64.self).littleEndian
                == 0x302E_322F_5049_5320  // " SIP/2.0"
        else { return nil }
        // The Request-URI: i + 1 ..< upperBound - 8, trimmed; not empty.
        var u = i + 1
        var v = line.upperBound - 8
        while u < v, ASCII.isBlank(p[u]) { u += 1 }
        while v > u, ASCII.isBlank(p[v - 1]) { v -= 1 }
        guard u < v else { return nil }
        return .request(method: line.lowerBound..<i, uri: u..<v)
    }

    private func parseStartLine(
        _ bytes: UnsafeRawBufferPointer, _ line: Range<Int>, stream: Bool
    ) -> Result<StartLine, SIPParseError> {
        if bytes.hasPrefix("SIP/2.0 ", at: line.lowerBound) {
            // Status-Line: SIP/2.0 SP 3DIGIT SP Reason-Phrase
            let codeStart = line.lowerBound + 8
            guard codeStart + 3 <= line.upperBound, let code = bytes.decimal(codeStart..<(codeStart + 3)),
                (100...699).contains(code)
            else {
                return .failure(.badStartLine("status code is not a number from 100 to 699"))
            }
            if codeStart + 3 < line.upperBound, !ASCII.isWhitespace(bytes[codeStart + 3]) {
                return .failure(.badStartLine("status code is not three digits"))
            }
            let reason = bytes.trimmed(min(codeStart + 3, line.upperBound)..<line.upperBound)
            return .success(.response(status: code, reason: reason))
        }
        if bytes.hasPrefix("SIP/", at: line.lowerBound) {
            return .failure(.badStartLine("unsupported SIP version"))
        }
        // Request-Line: Method SP Request-URI SP SIP-Version
        var i = line.lowerBound
        while i < line.upperBound, ASCII.isTokenByte(bytes[i]) { i += 1 }
        let method = line.lowerBound..<i
        guard !method.isEmpty, i < line.upperBound, bytes[i] == ASCII.space else {
            return .failure(.badStartLine("no method token"))
        }
        // In a stream, bytes left over by a wrong Content-Length can run into the
        // next request line ("cdefOPTIONS sip:…"). Methods are upper-case by
        // every registration (RFC 3261 §7.1, IANA); require that there, so the
        // leftover is skipped and reported, not taken for an odd method.
        if stream, method.contains(where: { bytes[$0] < 0x41 || bytes[$0] > 0x5A }) {
            return .failure(.badStartLine("method is not upper case"))
        }
        guard let lastSpace = lastIndex(of: ASCII.space, in: bytes, (i + 1)..<line.upperBound) else {
            return .failure(.badStartLine("no SIP version"))
        }
        let version = (lastSpace + 1)..<line.upperBound
        guard bytes.equalsIgnoringCase(version, "SIP/2.0") else {
            return .failure(.badStartLine("version is not SIP/2.0"))
        }
        let uri = bytes.trimmed((i + 1)..<lastSpace)
        guard !uri.isEmpty else { return .failure(.badStartLine("empty Request-URI")) }
        return .success(.request(method: method, uri: uri))
    }

    private func lastIndex(of byte: UInt8, in bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var i = range.upperBound - 1
        while i >= range.lowerBound {
            if bytes[i] == byte { return i }
            i -= 1
        }
        return nil
    }
}
