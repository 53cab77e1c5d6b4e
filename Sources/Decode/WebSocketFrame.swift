/// The header of one WebSocket frame (RFC 6455 §5.2), parsed in place.
///
///     0                   1                   2                   3
///     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///    +-+-+-+-+-------+-+-------------+-------------------------------+
///    |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
///    |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
///    |N|V|V|V|       |S|             |   (if payload len==126/127)   |
///    | |1|2|3|       |K|             |                               |
///    +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
///    |     Extended payload length continued, if payload len == 127  |
///    + - - - - - - - - - - - - - - - +-------------------------------+
///    |                               |Masking-key, if MASK set to 1  |
///    +-------------------------------+-------------------------------+
///    | Masking-key (continued)       |          Payload Data         |
///    +-------------------------------- - - - - - - - - - - - - - - - +
public struct WebSocketFrame: Sendable, Equatable {
    /// Opcodes of RFC 6455 §5.2 (§11.8 registry). 3–7 and 11–15 are reserved.
    public enum Opcode {
        public static let continuation: UInt8 = 0x0
        public static let text: UInt8 = 0x1
        public static let binary: UInt8 = 0x2
        public static let close: UInt8 = 0x8
        public static let ping: UInt8 = 0x9
        public static let pong: UInt8 = 0xA
    }

    /// Set on the last frame of a message (§5.4).
    public var fin: Bool
    /// RSV1, RSV2, RSV3 as bits 2, 1, 0 (RSV1 = 0b100). Zero unless an extension
    /// says otherwise; permessage-deflate (RFC 7692 §6) sets RSV1 on the first frame
    /// of a compressed message.
    public var reserved: UInt8
    public var opcode: UInt8
    /// Frames from client to server are masked, from server to client are not (§5.1).
    public var masked: Bool
    /// The 32-bit masking key in wire order (first key byte in the high bits); 0 when not masked.
    public var maskingKey: UInt32
    /// Payload length: 7 bits, or 16 or 64 bits after it (§5.2).
    public var payloadLength: UInt64
    /// Bytes before the payload: 2, plus 2 or 8 of extended length, plus 4 of key.
    public var headerLength: Int

    public init(
        fin: Bool, reserved: UInt8 = 0, opcode: UInt8, masked: Bool, maskingKey: UInt32 = 0, payloadLength: UInt64,
        headerLength: Int
    ) {
        self.fin = fin
        self.reserved = reserved
        self.opcode = opcode
        self.masked = masked
        self.maskingKey = maskingKey
        self.payloadLength = payloadLength
        self.headerLength = headerLength
    }

    /// Close, ping and pong: opcodes with the high bit set (§5.5).
    public var isControl: Bool { opcode & 0x8 != 0 }
    /// RSV1: the message is compressed when permessage-deflate was negotiated (RFC 7692 §6).
    public var compressed: Bool { reserved & 0b100 != 0 }
    /// Whether the opcode is one RFC 6455 defines.
    public var opcodeIsDefined: Bool { opcode <= 2 || (opcode >= 8 && opcode <= 0xA) }

    /// Outcome of reading a frame header.
    public enum HeaderResult: Sendable, Equatable {
        /// The header is complete.
        case frame(WebSocketFrame)
        /// The header needs this many bytes in all; fewer are available.
        case needMore(Int)
        /// A 64-bit length with the most significant bit set (§5.2 says it MUST be
        /// 0): the stream cannot be framed.
        case invalidLength
    }

    /// Reads the frame header at the start of `bytes`. Only the header is read: the
    /// payload may lie beyond the bytes at hand.
    public static func parseHeader(_ bytes: UnsafeRawBufferPointer) -> HeaderResult {
        let view = ByteView(bytes)
        guard view.has(2, at: 0) else { return .needMore(2) }
        let b0 = view.u8(0)
        let b1 = view.u8(1)
        let masked = b1 & 0x80 != 0
        let short = b1 & 0x7F
        let extended = short == 126 ? 2 : short == 127 ? 8 : 0
        let headerLength = 2 + extended + (masked ? 4 : 0)
        guard view.has(headerLength, at: 0) else { return .needMore(headerLength) }
        let length: UInt64
        switch extended {
        case 2: length = UInt64(view.u16(2))
        case 8:
            length = view.u64(2)
            guard length >> 63 == 0 else { return .invalidLength }
        default: length = UInt64(short)
        }
        return .frame(
            WebSocketFrame(
                fin: b0 & 0x80 != 0, reserved: (b0 >> 4) & 0x7, opcode: b0 & 0x0F, masked: masked,
                maskingKey: masked ? view.u32(2 + extended) : 0, payloadLength: length, headerLength: headerLength))
    }
}
