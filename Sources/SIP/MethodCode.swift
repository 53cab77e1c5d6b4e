/// A SIP method as a number: the fourteen methods siptrace knows by name get
/// small codes; any other token gets its hash (top bit set), so methods compare
/// and count without a `String` per message.
///
/// Methods are case-sensitive (RFC 3261 §7.1): `REGIStER` is not `REGISTER`,
/// and is counted apart, the way tshark counts it.
public struct MethodCode: Hashable, Sendable, Comparable {
    public let raw: UInt64

    @usableFromInline
    init(raw: UInt64) {
        self.raw = raw
    }

    // The codes are inlinable constants, not `static let`s: read from the
    // other modules, a `let` was a call to its addressor, several times a
    // message on the tracking thread.

    /// No method: a response's start line, or a message without CSeq.
    @inlinable public static var none: MethodCode { MethodCode(raw: 0) }
    @inlinable public static var invite: MethodCode { MethodCode(raw: 1) }
    @inlinable public static var ack: MethodCode { MethodCode(raw: 2) }
    @inlinable public static var bye: MethodCode { MethodCode(raw: 3) }
    @inlinable public static var cancel: MethodCode { MethodCode(raw: 4) }
    @inlinable public static var register: MethodCode { MethodCode(raw: 5) }
    @inlinable public static var options: MethodCode { MethodCode(raw: 6) }
    @inlinable public static var prack: MethodCode { MethodCode(raw: 7) }
    @inlinable public static var subscribe: MethodCode { MethodCode(raw: 8) }
    @inlinable public static var notify: MethodCode { MethodCode(raw: 9) }
    @inlinable public static var publish: MethodCode { MethodCode(raw: 10) }
    @inlinable public static var info: MethodCode { MethodCode(raw: 11) }
    @inlinable public static var refer: MethodCode { MethodCode(raw: 12) }
    @inlinable public static var message: MethodCode { MethodCode(raw: 13) }
    @inlinable public static var update: MethodCode { MethodCode(raw: 14) }

    /// The names of the known codes, by `raw`.
    public static let knownNames: [String] = [
        "", "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH",
        "INFO", "REFER", "MESSAGE", "UPDATE",
    ]

    private static let unknownBit: UInt64 = 1 << 63

    /// Whether this is one of the fourteen named methods (`raw` indexes `knownNames`).
    public var isKnown: Bool { raw != 0 && raw <= MethodCode.update.raw }

    /// The name of a known method; nil for `none` and for other tokens, whose
    /// text the code does not keep.
    public var knownName: String? { isKnown ? MethodCode.knownNames[Int(raw)] : nil }

    /// The code of the token in `range`, read in place.
    public init(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        if let known = MethodCode.known(bytes, range) {
            self = known
        } else {
            // `ByteHash.of` without its inlined short path (the same hash):
            // unknown methods are rare, and this initialiser stays small
            // enough to be inlined into the facts.
            raw = ByteHash.ofAny(bytes, range) | MethodCode.unknownBit
        }
    }

    /// The code of a method name held as a `String`.
    public init(_ name: String) {
        var name = name
        self = name.withUTF8 { MethodCode(UnsafeRawBufferPointer($0), 0..<$0.count) }
    }

    public static func < (a: MethodCode, b: MethodCode) -> Bool { a.raw < b.raw }

    /// Exact (case-sensitive) match against the known names: the name's
    /// first eight bytes as one little-endian word, compared with each known
    /// name's word of the same length (the ninth byte of SUBSCRIBE apart).
    /// Runs twice per message (start line and CSeq); comparing literal by
    /// literal cost twice as much.
    static func known(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> MethodCode? {
        let n = range.count
        guard n >= 3 && n <= 9, range.lowerBound >= 0, range.upperBound <= bytes.count,
            let base = bytes.baseAddress
        else { return nil }
        let head = min(n, 8)
        var word: UInt64 = 0
        if range.lowerBound + 8 <= bytes.count {
            // SAFETY: the eight bytes at range.lowerBound are in the buffer (checked);
            // those past the name are masked off.
            word = base.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt64.self).littleEndian
            if head < 8 { word &= (1 << (8 * UInt64(head))) - 1 }
        } else {
            for k in 0..<head { word |= UInt64(bytes[range.lowerBound + k]) << (8 * UInt64(k)) }
        }
        switch (n, word) {
        case (3, 0x4B_4341): return .ack  // "ACK"
        case (3, 0x45_5942): return .bye  // "BYE"
        case (4, 0x4F46_4E49): return .info  // "INFO"
        case (5, 0x4B_4341_5250): return .prack  // "PRACK"
        case (5, 0x52_4546_4552): return .refer  // "REFER"
        case (6, 0x4554_4956_4E49): return .invite  // "INVITE"
        case (6, 0x4C45_434E_4143): return .cancel  // "CANCEL"
        case (6, 0x5946_4954_4F4E): return .notify  // "NOTIFY"
        case (6, 0x4554_4144_5055): return .update  // "UPDATE"
        case (7, 0x53_4E4F_4954_504F): return .options  // "OPTIONS"
        case (7, 0x48_5349_4C42_5550): return .publish  // "PUBLISH"
        case (7, 0x45_4741_5353_454D): return .message  // "MESSAGE"
        case (8, 0x5245_5453_4947_4552): return .register  // "REGISTER"
        case (9, 0x4249_5243_5342_5553):  // "SUBSCRIB", then "E"
            return bytes[range.lowerBound + 8] == UInt8(ascii: "E") ? .subscribe : nil
        default: return nil
        }
    }
}
