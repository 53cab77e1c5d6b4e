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
        // The digits, read as they are passed (RFC 3261 §8.1.1.5: the number
        // is below 2^31; past 2^32 - 1 it is not read at all). One pass: this
        // runs on every message.
        var i = value.lowerBound
        var number = 0
        while i < value.upperBound {
            let digit = bytes[i] &- 0x30
            guard digit <= 9 else { break }
            number = number &* 10 &+ Int(digit)
            if number > Int(UInt32.max) { return nil }
            i += 1
        }
        guard i > value.lowerBound else { return nil }
        // The method: the rest, trimmed (its end is the value's, trimmed already).
        let method = bytes.trimmed(i..<value.upperBound)
        guard !method.isEmpty else { return nil }
        return (UInt32(number), method)
    }
}
