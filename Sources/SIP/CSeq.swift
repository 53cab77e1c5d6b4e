/// The CSeq header (RFC 3261 §20.16): a sequence number and the request's method.
public struct CSeq: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var number: UInt32
    public var method: String

    public init(number: UInt32, method: String) {
        self.number = number
        self.method = method
    }

    public var description: String { "\(number) \(method)" }

    package static func parse(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> CSeq? {
        guard let (number, method) = locate(bytes, range) else { return nil }
        return CSeq(number: number, method: bytes.string(method))
    }

    /// The number and where the method lies, read in place; nil when `parse` would give nil.
    package static func locate(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> (UInt32, Range<Int>)? {
        let value = bytes.trimmed(range)
        var i = value.lowerBound
        while i < value.upperBound, ASCII.isDigit(bytes[i]) { i += 1 }
        // RFC 3261 §8.1.1.5: the number is below 2^31.
        guard let number = bytes.decimal(value.lowerBound..<i, limit: Int(UInt32.max)) else { return nil }
        let method = bytes.trimmed(i..<value.upperBound)
        guard !method.isEmpty else { return nil }
        return (UInt32(number), method)
    }
}
