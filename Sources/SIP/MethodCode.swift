/// A SIP method as a number: the fourteen methods siptrace knows by name get
/// small codes; any other token gets its hash (top bit set), so methods compare
/// and count without a `String` per message.
///
/// Methods are case-sensitive (RFC 3261 §7.1): `REGIStER` is not `REGISTER`,
/// and is counted apart, the way tshark counts it.
public struct MethodCode: Hashable, Sendable, Comparable {
    public let raw: UInt64

    init(raw: UInt64) {
        self.raw = raw
    }

    /// No method: a response's start line, or a message without CSeq.
    public static let none = MethodCode(raw: 0)
    public static let invite = MethodCode(raw: 1)
    public static let ack = MethodCode(raw: 2)
    public static let bye = MethodCode(raw: 3)
    public static let cancel = MethodCode(raw: 4)
    public static let register = MethodCode(raw: 5)
    public static let options = MethodCode(raw: 6)
    public static let prack = MethodCode(raw: 7)
    public static let subscribe = MethodCode(raw: 8)
    public static let notify = MethodCode(raw: 9)
    public static let publish = MethodCode(raw: 10)
    public static let info = MethodCode(raw: 11)
    public static let refer = MethodCode(raw: 12)
    public static let message = MethodCode(raw: 13)
    public static let update = MethodCode(raw: 14)

    /// The names of the known codes, by `raw`.
    public static let knownNames: [String] = [
        "", "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH",
        "INFO", "REFER", "MESSAGE", "UPDATE",
    ]

    private static let unknownBit: UInt64 = 1 << 63

    /// Whether this is one of the fourteen named methods (`raw` indexes `knownNames`).
    public var isKnown: Bool { raw != 0 && raw < UInt64(MethodCode.knownNames.count) }

    /// The name of a known method; nil for `none` and for other tokens, whose
    /// text the code does not keep.
    public var knownName: String? { isKnown ? MethodCode.knownNames[Int(raw)] : nil }

    /// The code of the token in `range`, read in place.
    public init(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        if let known = MethodCode.known(bytes, range) {
            self = known
        } else {
            raw = ByteHash.of(bytes, range) | MethodCode.unknownBit
        }
    }

    /// The code of a method name held as a `String`.
    public init(_ name: String) {
        var name = name
        self = name.withUTF8 { MethodCode(UnsafeRawBufferPointer($0), 0..<$0.count) }
    }

    public static func < (a: MethodCode, b: MethodCode) -> Bool { a.raw < b.raw }

    /// Exact (case-sensitive) match against the known names, by length first.
    private static func known(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> MethodCode? {
        func matches(_ literal: StaticString) -> Bool {
            range.count == literal.utf8CodeUnitCount && bytes.hasPrefix(literal, at: range.lowerBound)
        }
        switch range.count {
        case 3:
            if matches("ACK") { return .ack }
            if matches("BYE") { return .bye }
        case 4:
            if matches("INFO") { return .info }
        case 5:
            if matches("PRACK") { return .prack }
            if matches("REFER") { return .refer }
        case 6:
            if matches("INVITE") { return .invite }
            if matches("CANCEL") { return .cancel }
            if matches("NOTIFY") { return .notify }
            if matches("UPDATE") { return .update }
        case 7:
            if matches("OPTIONS") { return .options }
            if matches("PUBLISH") { return .publish }
            if matches("MESSAGE") { return .message }
        case 8:
            if matches("REGISTER") { return .register }
        case 9:
            if matches("SUBSCRIBE") { return .subscribe }
        default:
            break
        }
        return nil
    }
}
