/// Parses SIP messages in place from a datagram or a stream segment.
///
/// A payload is SIP because of how it starts (a method token then a Request-URI
/// then `SIP/2.0`, or `SIP/2.0 ` then a status code), never because of its port.
/// The parser keeps its header list between calls so a message of ordinary size
/// costs no new allocation once it has warmed up.
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

    private var scratch: [HeaderField] = []

    public init() {
        scratch.reserveCapacity(32)
    }

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

        // The start line.
        guard let lineEnd = bytes.firstIndex(of: ASCII.lf, in: start..<bytes.count) else {
            if stream && couldBeStartLine(bytes, start: start) { return .incomplete }
            if looksLikeSIP(bytes, start: start, end: bytes.count) {
                return .malformed(.badStartLine("no line end"), consumed: bytes.count)
            }
            return .notSIP
        }
        let lineRange = bytes.trimmed(start..<lineEnd)
        let startLine: StartLine
        switch parseStartLine(bytes, lineRange, stream: stream) {
        case .success(let line): startLine = line
        case .failure(let error):
            if looksLikeSIP(bytes, start: start, end: lineEnd) {
                return .malformed(error, consumed: stream ? lineEnd + 1 : bytes.count)
            }
            return .notSIP
        }

        // Header lines up to the empty line.
        scratch.removeAll(keepingCapacity: true)
        var problems: [SIPParseError] = []
        var cursor = lineEnd + 1
        var headerEnd: Int? = nil
        var lineNumber = 1
        while cursor < bytes.count {
            guard let end = bytes.firstIndex(of: ASCII.lf, in: cursor..<bytes.count) else {
                // The last header line has no line end: take it, but the blank line is missing.
                appendHeader(bytes, cursor..<bytes.count, line: lineNumber + 1, problems: &problems)
                cursor = bytes.count
                break
            }
            lineNumber += 1
            let line = cursor..<end
            let content = bytes.trimmed(line)
            if content.isEmpty {
                headerEnd = end + 1
                break
            }
            if ASCII.isWhitespace(bytes[cursor]), !scratch.isEmpty {
                // A folded continuation: extend the previous header's value.
                scratch[scratch.count - 1].valueRange =
                    scratch[scratch.count - 1].valueRange.lowerBound..<content.upperBound
            } else if scratch.count < SIPParser.maximumHeaders {
                appendHeader(bytes, line, line: lineNumber, problems: &problems)
            }
            cursor = end + 1
        }
        guard let bodyStart = headerEnd else {
            if stream { return .incomplete }
            problems.append(.noEndOfHeaders)
            let view = SIPMessageView(
                bytes: bytes, startLine: startLine, headers: scratch, body: bytes.count..<bytes.count,
                contentLength: nil, problems: problems)
            return .message(view, consumed: bytes.count)
        }

        // The body, framed by Content-Length.
        var contentLength: Int? = nil
        if let field = scratch.first(where: { $0.name == .contentLength }) {
            contentLength = bytes.decimal(bytes.trimmed(field.valueRange))
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
            if scratch.contains(where: { $0.name == .contentLength }) == false {
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
            bytes: bytes, startLine: startLine, headers: scratch, body: bodyStart..<bodyEnd,
            contentLength: contentLength, problems: problems)
        return .message(view, consumed: consumed)
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
                } else if !ASCII.isToken[Int(b)] && b != ASCII.slash {
                    return false
                }
            } else if (b < 0x20 && b != ASCII.cr && b != ASCII.tab) || b == 0x7F {
                return false
            }
            i += 1
        }
        return true
    }

    private mutating func appendHeader(
        _ bytes: UnsafeRawBufferPointer, _ line: Range<Int>, line number: Int, problems: inout [SIPParseError]
    ) {
        let content = bytes.trimmed(line)
        guard let colon = bytes.firstIndex(of: ASCII.colon, in: content) else {
            problems.append(.badHeaderLine(line: number))
            return
        }
        let nameRange = bytes.trimmed(content.lowerBound..<colon)
        guard !nameRange.isEmpty else {
            problems.append(.badHeaderLine(line: number))
            return
        }
        let valueRange = bytes.trimmed((colon + 1)..<content.upperBound)
        scratch.append(
            HeaderField(name: HeaderName.lookup(bytes, nameRange), nameRange: nameRange, valueRange: valueRange))
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
        while i < line.upperBound, ASCII.isToken[Int(bytes[i])] { i += 1 }
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
