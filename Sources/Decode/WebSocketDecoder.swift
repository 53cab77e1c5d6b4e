/// Turns one direction of a WebSocket connection back into messages (RFC 6455 §5).
///
/// Feed it the bytes of ONE direction of a TCP stream, in order, after the HTTP
/// Upgrade handshake (`WebSocketHandshake` says where that ends), in chunks of any
/// size. Each complete text or binary message (SIP over WebSocket, RFC 7118 §5:
/// one SIP message per WebSocket message) is handed to the callback, unmasked and
/// with its continuation frames joined. Control frames (ping, pong, close) are
/// skipped and counted.
///
/// Copies are made only when needed: an unmasked, unfragmented, uncompressed frame
/// that lies whole in the chunk fed is passed through in place; masked frames
/// (client to server, §5.3) must be unmasked into a buffer, which is reused.
///
/// Errors that keep the framing intact (a control frame too long, a stray
/// continuation, a message over `maximumMessage`) cost the message concerned and
/// nothing else. Errors that show the framing is lost (a reserved opcode or reserved
/// bit, an impossible length: what bytes that are not WebSocket at all look like)
/// stop the decoder for the rest of the stream, since every later "frame" would be
/// made up: `isFailed` turns true and further bytes are only counted.
public struct WebSocketDecoder: Sendable {
    /// What the decoder saw, for the report.
    public struct Statistics: Sendable, Equatable {
        public var frames = 0
        public var messages = 0
        public var textMessages = 0
        public var binaryMessages = 0
        /// Messages that had RSV1 set and were inflated (permessage-deflate).
        public var compressedMessages = 0
        public var pings = 0
        public var pongs = 0
        public var closes = 0
        /// Messages lost to an error (too large, interrupted, not decompressible).
        public var droppedMessages = 0
        /// Bytes fed after the decoder failed.
        public var bytesIgnored = 0

        public init() {}
    }

    /// The largest message delivered, after unmasking and decompression. Bigger
    /// messages are skipped (and reported), so one peer cannot make the analyzer
    /// buffer without bound. 1 MiB by default: far above any real SIP message.
    public let maximumMessage: Int
    public private(set) var statistics = Statistics()
    /// True once the framing was lost; the decoder then ignores the rest of the stream.
    public private(set) var isFailed = false

    private enum Phase {
        /// Reading a frame header (bytes held in `header` if split across chunks).
        case header
        /// Reading `remaining` payload bytes of the current frame.
        case payload(remaining: UInt64)
    }

    /// What to do with the current frame's payload.
    private enum Sink {
        case skip
        case collect
    }

    private var phase = Phase.header
    private var sink = Sink.skip
    private var frame = WebSocketFrame(fin: true, opcode: 0, masked: false, payloadLength: 0, headerLength: 2)
    /// Payload bytes of the current frame consumed so far: the position in the masking key.
    private var framePosition: UInt64 = 0
    /// Header bytes split across `feed` calls (at most 14).
    private var header: [UInt8] = []
    /// A message is open: its first frame came without FIN.
    private var inMessage = false
    private var messageOpcode: UInt8 = 0
    private var messageCompressed = false
    /// The open message went over the limit or was otherwise lost; its frames are skipped.
    private var messageDropped = false
    private var message: [UInt8] = []

    public init(maximumMessage: Int = 1 << 20) {
        self.maximumMessage = max(0, maximumMessage)
    }

    /// Decodes `bytes`, the next bytes of the stream, calling `onMessage` for each
    /// message completed by them, in order. The buffer passed to `onMessage` is valid
    /// only during the call. Returns the errors met in these bytes, in order (usually
    /// none: an empty array does not allocate).
    public mutating func feed(
        _ bytes: UnsafeRawBufferPointer, _ onMessage: (UnsafeRawBufferPointer) -> Void
    ) -> [WebSocketError] {
        var errors: [WebSocketError] = []
        if isFailed {
            statistics.bytesIgnored += bytes.count
            return errors
        }
        var index = 0
        decoding: while true {
            switch phase {
            case .header:
                if header.isEmpty && index == bytes.count { break decoding }
                let result: WebSocketFrame.HeaderResult
                if header.isEmpty {
                    result = WebSocketFrame.parseHeader(UnsafeRawBufferPointer(rebasing: bytes[index...]))
                } else {
                    result = header.withUnsafeBytes { WebSocketFrame.parseHeader($0) }
                }
                switch result {
                case .invalidLength:
                    fail(.invalidLength, &errors)
                    statistics.bytesIgnored += bytes.count - index
                    return errors
                case .needMore(let needed):
                    // Move header bytes into `header` until the header is complete
                    // (a header split across chunks is completed by the next ones).
                    let take = min(needed - header.count, bytes.count - index)
                    if take == 0 { break decoding }
                    if header.isEmpty { header.reserveCapacity(14) }
                    header.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)]))
                    index += take
                case .frame(let parsed):
                    if header.isEmpty {
                        index += parsed.headerLength
                    } else {
                        // `header` held exactly the header's bytes: every byte copied was needed.
                        header.removeAll(keepingCapacity: true)
                    }
                    guard begin(parsed, &errors) else {
                        statistics.bytesIgnored += bytes.count - index
                        return errors
                    }
                    // Fast path: a whole unmasked single-frame message in these bytes.
                    if sink == .collect && parsed.fin && !parsed.masked && !messageCompressed && message.isEmpty
                        && parsed.payloadLength <= UInt64(bytes.count - index)
                    {
                        let end = index + Int(parsed.payloadLength)
                        deliver(UnsafeRawBufferPointer(rebasing: bytes[index..<end]), onMessage)
                        index = end
                        endMessage()
                        continue
                    }
                    if parsed.payloadLength == 0 {
                        endFrame(onMessage, &errors)
                    } else {
                        phase = .payload(remaining: parsed.payloadLength)
                    }
                }
            case .payload(let remaining):
                if index == bytes.count { break decoding }
                let available = UInt64(bytes.count - index)
                let take = Int(min(remaining, available))
                if sink == .collect {
                    collect(UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)]))
                }
                framePosition &+= UInt64(take)
                index += take
                if UInt64(take) == remaining {
                    endFrame(onMessage, &errors)
                } else {
                    phase = .payload(remaining: remaining - UInt64(take))
                }
            }
        }
        return errors
    }

    /// Starts a new stream (a new connection): forgets any partial frame or message,
    /// keeps the statistics.
    public mutating func reset() {
        phase = .header
        header.removeAll(keepingCapacity: true)
        endMessage()
        isFailed = false
    }

    // MARK: - Frames

    /// Judges a new frame and chooses where its payload goes. False when the framing is lost.
    private mutating func begin(_ parsed: WebSocketFrame, _ errors: inout [WebSocketError]) -> Bool {
        statistics.frames += 1
        frame = parsed
        framePosition = 0
        sink = .skip
        // §5.2: a nonzero RSV bit with no extension defining it, or a reserved opcode,
        // MUST fail the connection. RSV1 is permessage-deflate's (RFC 7692 §6), the
        // only extension SIP over WebSocket meets; RSV2 and RSV3 belong to none.
        guard parsed.reserved & 0b011 == 0 else {
            fail(.reservedBits(parsed.reserved), &errors)
            return false
        }
        guard parsed.opcodeIsDefined else {
            fail(.reservedOpcode(parsed.opcode), &errors)
            return false
        }
        if parsed.isControl {
            switch parsed.opcode {
            case WebSocketFrame.Opcode.ping: statistics.pings += 1
            case WebSocketFrame.Opcode.pong: statistics.pongs += 1
            default: statistics.closes += 1
            }
            // §5.5: control frames carry at most 125 bytes and are never fragmented;
            // they may come between the frames of a message (§5.4), which stays open.
            if !parsed.fin || parsed.payloadLength > 125 || parsed.compressed {
                errors.append(.invalidControlFrame(opcode: parsed.opcode, length: parsed.payloadLength))
            }
            return true
        }
        if parsed.opcode == WebSocketFrame.Opcode.continuation {
            // §5.4: a continuation belongs to a message opened by a text or binary frame.
            guard inMessage else {
                errors.append(.unexpectedContinuation)
                return true
            }
            if parsed.compressed {
                // RFC 7692 §6.1: RSV1 only on the first frame of a message; the
                // message's first frame decides, so the bit is otherwise ignored.
                errors.append(.misplacedCompressionBit)
            }
        } else {
            // A text or binary frame opens a message; one left open is lost (§5.4:
            // fragments of one message are not interleaved with another's).
            if inMessage {
                errors.append(.interruptedMessage)
                if !messageDropped { statistics.droppedMessages += 1 }
                endMessage()
            }
            inMessage = true
            messageOpcode = parsed.opcode
            messageCompressed = parsed.compressed
        }
        if messageDropped { return true }
        if parsed.payloadLength > UInt64(maximumMessage - message.count) {
            errors.append(.messageTooLarge(atLeast: UInt64(message.count) + parsed.payloadLength))
            dropMessage()
            return true
        }
        sink = .collect
        return true
    }

    /// Appends payload bytes to the open message, unmasking them (§5.3: byte i is
    /// XORed with key byte i mod 4, counting from the start of the frame's payload).
    private mutating func collect(_ bytes: UnsafeRawBufferPointer) {
        guard frame.masked else {
            message.append(contentsOf: bytes)
            return
        }
        let key = frame.maskingKey
        var position = framePosition
        for byte in bytes {
            let shift = UInt32(24 - 8 * Int(position & 3))
            message.append(byte ^ UInt8(truncatingIfNeeded: key >> shift))
            position &+= 1
        }
    }

    /// The current frame's payload is all read.
    private mutating func endFrame(_ onMessage: (UnsafeRawBufferPointer) -> Void, _ errors: inout [WebSocketError]) {
        phase = .header
        guard !frame.isControl, inMessage, frame.fin else { return }
        // The frame ended its message.
        if messageDropped {
            endMessage()
            return
        }
        if messageCompressed {
            // RFC 7692 §7.2.2: append 00 00 ff ff (the empty stored block the sender
            // removed) and inflate. Each message is inflated on its own: with context
            // takeover a message may refer to an earlier one, which zlib reports as an
            // invalid distance, so it is dropped rather than misread.
            message.append(contentsOf: [0x00, 0x00, 0xFF, 0xFF])
            let inflated = message.withUnsafeBytes {
                Inflate.decompress($0, format: .raw, limit: maximumMessage, requireEnd: false)
            }
            guard let inflated else {
                errors.append(.decompressionFailed)
                statistics.droppedMessages += 1
                endMessage()
                return
            }
            statistics.compressedMessages += 1
            inflated.withUnsafeBytes { deliver($0, onMessage) }
        } else {
            message.withUnsafeBytes { deliver($0, onMessage) }
        }
        endMessage()
    }

    private mutating func deliver(_ bytes: UnsafeRawBufferPointer, _ onMessage: (UnsafeRawBufferPointer) -> Void) {
        statistics.messages += 1
        if messageOpcode == WebSocketFrame.Opcode.text {
            statistics.textMessages += 1
        } else {
            statistics.binaryMessages += 1
        }
        onMessage(bytes)
    }

    private mutating func dropMessage() {
        messageDropped = true
        statistics.droppedMessages += 1
        message.removeAll(keepingCapacity: false)
    }

    private mutating func endMessage() {
        inMessage = false
        messageDropped = false
        messageCompressed = false
        // Keep a typical message's worth of capacity, release an unusually large one.
        message.removeAll(keepingCapacity: message.capacity <= 1 << 16)
    }

    private mutating func fail(_ error: WebSocketError, _ errors: inout [WebSocketError]) {
        errors.append(error)
        if inMessage && !messageDropped { statistics.droppedMessages += 1 }
        endMessage()
        isFailed = true
    }
}

/// What went wrong in a WebSocket stream (RFC 6455 §5).
public enum WebSocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A reserved opcode (3–7, 11–15): fatal, the framing is lost.
    case reservedOpcode(UInt8)
    /// RSV2 or RSV3 set (bits as in `WebSocketFrame.reserved`): fatal.
    case reservedBits(UInt8)
    /// A 64-bit payload length with its top bit set: fatal.
    case invalidLength
    /// A control frame longer than 125 bytes, fragmented, or with RSV1 (§5.5,
    /// RFC 7692 §6.1); its payload was skipped as any control frame's is.
    case invalidControlFrame(opcode: UInt8, length: UInt64)
    /// RSV1 on a continuation frame (RFC 7692 §6.1); ignored, the first frame decides.
    case misplacedCompressionBit
    /// A continuation frame with no message open; its payload was skipped.
    case unexpectedContinuation
    /// A text or binary frame came while a fragmented message was still open; the open message was dropped.
    case interruptedMessage
    /// A message over `maximumMessage`; it was skipped.
    case messageTooLarge(atLeast: UInt64)
    /// A compressed message (RSV1) that did not inflate, or inflated beyond `maximumMessage`.
    case decompressionFailed

    /// Whether the decoder stopped: the rest of the stream is not framed.
    public var isFatal: Bool {
        switch self {
        case .reservedOpcode, .reservedBits, .invalidLength: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .reservedOpcode(let opcode): return "WebSocket frame with reserved opcode \(opcode): framing lost"
        case .reservedBits(let bits): return "WebSocket frame with reserved bits \(bits) set: framing lost"
        case .invalidLength: return "WebSocket frame length with the top bit set: framing lost"
        case .invalidControlFrame(let opcode, let length):
            return "invalid WebSocket frame (opcode \(opcode), \(length) bytes): skipped"
        case .misplacedCompressionBit: return "WebSocket continuation frame with RSV1 set: bit ignored"
        case .unexpectedContinuation: return "WebSocket continuation frame without a message: skipped"
        case .interruptedMessage: return "WebSocket message interrupted by a new message: dropped"
        case .messageTooLarge(let length):
            return "WebSocket message of at least \(length) bytes over the limit: skipped"
        case .decompressionFailed: return "compressed WebSocket message that does not inflate: dropped"
        }
    }
}

/// Recognises the HTTP/1.1 Upgrade handshake that opens a WebSocket connection
/// (RFC 6455 §4.1, §4.2.2) and says how many bytes it takes, so the caller can start
/// the `WebSocketDecoder` right after it.
///
/// Requests are `GET` with an `Upgrade` header listing `websocket`; responses are
/// `HTTP/1.1 101` with the same header. SIP clients also list `sip` in
/// `Sec-WebSocket-Protocol` (RFC 7118 §4); that is reported, not required.
public enum WebSocketHandshake {
    /// A complete handshake head.
    public struct Head: Sendable, Equatable {
        public var isRequest: Bool
        /// Bytes up to and including the empty line that ends the head.
        public var length: Int
        /// `Sec-WebSocket-Protocol` lists `sip` (RFC 7118 §4).
        public var sipProtocol: Bool
        /// `Sec-WebSocket-Extensions` lists `permessage-deflate` (RFC 7692 §5). In a
        /// response this means the server accepted it, so RSV1 frames are compressed.
        public var permessageDeflate: Bool

        public init(isRequest: Bool, length: Int, sipProtocol: Bool, permessageDeflate: Bool) {
            self.isRequest = isRequest
            self.length = length
            self.sipProtocol = sipProtocol
            self.permessageDeflate = permessageDeflate
        }
    }

    public enum Scan: Sendable, Equatable {
        case complete(Head)
        /// The bytes start like a handshake but its end is not among them yet.
        case incomplete
        case notHandshake
    }

    /// A head that has not ended after this many bytes is not taken for a handshake.
    public static let maximumHeadLength = 16 * 1024

    /// `(isRequest, length)` of a complete handshake at the start of `bytes`, else nil
    /// (not a handshake, or not complete yet: `scan` tells which).
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> (isRequest: Bool, length: Int)? {
        guard case .complete(let head) = scan(bytes) else { return nil }
        return (head.isRequest, head.length)
    }

    /// Reads the head at the start of `bytes`.
    public static func scan(_ bytes: UnsafeRawBufferPointer) -> Scan {
        let isRequest: Bool
        if startsWith(bytes, getPrefix) {
            isRequest = true
        } else if startsWith(bytes, responsePrefix)
            && (bytes.count == responsePrefix.count || isLineBreakOrSpace(bytes[responsePrefix.count]))
        {
            isRequest = false
        } else if bytes.count < responsePrefix.count
            && (isPrefix(bytes, of: getPrefix) || isPrefix(bytes, of: responsePrefix))
        {
            return .incomplete
        } else {
            return .notHandshake
        }

        var upgrade = false
        var sip = false
        var deflate = false
        // Walk the header lines (RFC 9112 §2.1: CRLF, a bare LF tolerated) to the empty line.
        var lineStart = 0
        var first = true
        var index = 0
        let limit = min(bytes.count, maximumHeadLength)
        while index < limit {
            guard bytes[index] == 0x0A else {
                index += 1
                continue
            }
            var lineEnd = index
            if lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if lineEnd == lineStart && !first {
                guard upgrade else { return .notHandshake }
                return .complete(
                    Head(isRequest: isRequest, length: index + 1, sipProtocol: sip, permessageDeflate: deflate))
            }
            if !first {
                let line = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                if let value = headerValue(line, named: "upgrade") {
                    upgrade = upgrade || listContains(value, "websocket")
                } else if let value = headerValue(line, named: "sec-websocket-protocol") {
                    sip = sip || listContains(value, "sip")
                } else if let value = headerValue(line, named: "sec-websocket-extensions") {
                    deflate = deflate || listContains(value, "permessage-deflate")
                }
            }
            first = false
            index += 1
            lineStart = index
        }
        return bytes.count >= maximumHeadLength ? .notHandshake : .incomplete
    }

    private static let getPrefix: [UInt8] = Array("GET ".utf8)
    private static let responsePrefix: [UInt8] = Array("HTTP/1.1 101".utf8)

    private static func startsWith(_ bytes: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && prefix.indices.allSatisfy { bytes[$0] == prefix[$0] }
    }

    private static func isPrefix(_ bytes: UnsafeRawBufferPointer, of whole: [UInt8]) -> Bool {
        bytes.count <= whole.count && bytes.indices.allSatisfy { bytes[$0] == whole[$0] }
    }

    private static func isLineBreakOrSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0D || byte == 0x0A
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// The value of a header line whose name is `name` (lower case; names are case-insensitive, RFC 9110 §5.1).
    private static func headerValue(_ line: UnsafeRawBufferPointer, named name: StaticString) -> UnsafeRawBufferPointer?
    {
        let count = name.utf8CodeUnitCount
        guard line.count > count else { return nil }
        let matches = name.withUTF8Buffer { n in n.indices.allSatisfy { lowercase(line[$0]) == n[$0] } }
        guard matches else { return nil }
        // Optional white space before the colon is not allowed (RFC 9112 §5.1), so the colon comes right after.
        guard line[count] == UInt8(ascii: ":") else { return nil }
        return UnsafeRawBufferPointer(rebasing: line[(count + 1)...])
    }

    /// Whether a comma-separated list holds `token` (case-insensitive), ignoring
    /// white space and `;` parameters (`permessage-deflate; client_max_window_bits`).
    private static func listContains(_ value: UnsafeRawBufferPointer, _ token: StaticString) -> Bool {
        var start = 0
        while start <= value.count {
            var end = start
            while end < value.count && value[end] != UInt8(ascii: ",") { end += 1 }
            // The element up to any parameters, trimmed.
            var elementEnd = start
            while elementEnd < end && value[elementEnd] != UInt8(ascii: ";") { elementEnd += 1 }
            var a = start
            var b = elementEnd
            while a < b && (value[a] == 0x20 || value[a] == 0x09) { a += 1 }
            while b > a && (value[b - 1] == 0x20 || value[b - 1] == 0x09) { b -= 1 }
            let matches = token.withUTF8Buffer { t in
                t.count == b - a && t.indices.allSatisfy { lowercase(value[a + $0]) == t[$0] }
            }
            if matches { return true }
            start = end + 1
        }
        return false
    }
}
