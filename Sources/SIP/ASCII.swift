#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte classes and small helpers for parsing SIP text in place.
///
/// A 256-entry table answers "is this a token character" in one load, instead of
/// a `CharacterSet` lookup per byte.
enum ASCII {
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let comma: UInt8 = 0x2C
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let less: UInt8 = 0x3C
    static let greater: UInt8 = 0x3E
    static let equals: UInt8 = 0x3D
    static let slash: UInt8 = 0x2F

    /// RFC 3261 §25.1 `token` characters: alphanumerics and `-.!%*_+`'~`.
    static let isToken: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(b)] = true }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(b)] = true }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(b)] = true }
        for c in "-.!%*_+`'~".utf8 { table[Int(c)] = true }
        return table
    }()

    @inline(__always)
    static func isWhitespace(_ b: UInt8) -> Bool { b == space || b == tab }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }
}

extension UnsafeRawBufferPointer {
    /// Case-insensitive comparison of `range` with an ASCII literal, no allocation.
    func equalsIgnoringCase(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let lit = literal.utf8Start
        var i = 0
        for index in range {
            if ASCII.lower(self[index]) != ASCII.lower(lit[i]) { return false }
            i += 1
        }
        return true
    }

    /// Whether the bytes at `offset` start with `literal` (case-sensitive).
    func hasPrefix(_ literal: StaticString, at offset: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard offset >= 0, offset + n <= count else { return false }
        let lit = literal.utf8Start
        for i in 0..<n where self[offset + i] != lit[i] { return false }
        return true
    }

    /// `range` without leading and trailing spaces, tabs and line breaks.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, ASCII.isWhitespace(self[lower]) || self[lower] == ASCII.cr || self[lower] == ASCII.lf {
            lower += 1
        }
        while upper > lower,
            ASCII.isWhitespace(self[upper - 1]) || self[upper - 1] == ASCII.cr || self[upper - 1] == ASCII.lf
        {
            upper -= 1
        }
        return lower..<upper
    }

    /// The first index of `byte` in `range`, or nil. memchr: line ends are
    /// looked for on every header line of every message.
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        guard !range.isEmpty, let base = baseAddress, range.lowerBound >= 0, range.upperBound <= count else {
            return nil
        }
        // SAFETY: the range was checked against the buffer just above.
        guard let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// Parses an unsigned decimal number filling all of `range`; nil when empty,
    /// not all digits, or larger than `limit` (guards against absurd lengths).
    func decimal(_ range: Range<Int>, limit: Int = Int(Int32.max)) -> Int? {
        guard !range.isEmpty else { return nil }
        var value = 0
        for i in range {
            let b = self[i]
            guard ASCII.isDigit(b) else { return nil }
            value = value * 10 + Int(b - 0x30)
            if value > limit { return nil }
        }
        return value
    }

    /// Makes a `String` from `range`, folding header line continuations
    /// (CRLF followed by white space) into one space, as RFC 3261 §7.3.1 says
    /// they mean. Invalid UTF-8 is repaired, never trusted.
    func string(_ range: Range<Int>) -> String {
        let r = trimmed(range)
        guard !r.isEmpty else { return "" }
        var folded = false
        for i in r where self[i] == ASCII.cr || self[i] == ASCII.lf {
            folded = true
            break
        }
        if !folded {
            return String(decoding: UnsafeRawBufferPointer(rebasing: self[r]), as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(r.count)
        var i = r.lowerBound
        while i < r.upperBound {
            let b = self[i]
            if b == ASCII.cr || b == ASCII.lf {
                while i < r.upperBound, self[i] == ASCII.cr || self[i] == ASCII.lf || ASCII.isWhitespace(self[i]) {
                    i += 1
                }
                if let last = bytes.last, !ASCII.isWhitespace(last) { bytes.append(ASCII.space) }
                continue
            }
            bytes.append(b)
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
