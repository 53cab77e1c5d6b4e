/// One Via value (RFC 3261 §20.42): `SIP/2.0/UDP host:port;branch=...`.
public struct Via: Sendable, Equatable {
    /// The transport named in the sent-protocol (`UDP`, `TCP`, `TLS`, `WS`, ...).
    public var transport: String
    public var sentBy: String
    public var branch: String?

    public init(transport: String, sentBy: String, branch: String?) {
        self.transport = transport
        self.sentBy = sentBy
        self.branch = branch
    }

    /// True when the branch carries RFC 3261's magic cookie, so it alone
    /// identifies the transaction (§17.2.3); otherwise RFC 2543 matching applies.
    public var hasMagicCookie: Bool {
        branch?.hasPrefix("z9hG4bK") ?? false
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Via {
        let value = bytes.trimmed(range)
        let semi = bytes.firstIndex(of: ASCII.semicolon, in: value) ?? value.upperBound
        let head = bytes.trimmed(value.lowerBound..<semi)
        // sent-protocol is "SIP / 2.0 / UDP" (white space allowed), then LWS, then sent-by.
        var i = head.lowerBound
        var slashes = 0
        while i < head.upperBound, slashes < 2 {
            if bytes[i] == ASCII.slash { slashes += 1 }
            i += 1
        }
        while i < head.upperBound, ASCII.isWhitespace(bytes[i]) { i += 1 }
        let transportStart = i
        while i < head.upperBound, ASCII.isToken[Int(bytes[i])] { i += 1 }
        let transport = bytes.string(transportStart..<i).uppercased()
        let sentBy = bytes.string(i..<head.upperBound)
        let branch = branchRange(bytes, range).map { bytes.string($0) }
        return Via(transport: transport, sentBy: sentBy, branch: branch)
    }

    /// The branch parameter's value in place, unquoted: what `parse` reads as `branch`.
    static func branchRange(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int>? {
        // Per message (the facts' branch): through a pointer, as `parameterRange`.
        guard let base = bytes.baseAddress, range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
        // SAFETY: only indices in `range`, checked against the buffer just above,
        // are used; the scan may look further, up to its end.
        let p = base.assumingMemoryBound(to: UInt8.self)
        let value = ASCII.trimmed(p, range.lowerBound, range.upperBound)
        let semi = ASCII.scan(to: ASCII.semicolon, p, value.lowerBound, value.upperBound, readable: bytes.count)
        return unquotedParameterRange(bytes, semi..<value.upperBound, named: .branch)
    }
}
