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

    /// `isToken[Int(b)]` without the table: bit `b` of a 128-bit mask, as two
    /// words (bytes 0x80 and up are never token characters).
    @inline(__always)
    static func isTokenByte(_ b: UInt8) -> Bool {
        if b < 64 { return (0x03FF_6CA2_0000_0000 as UInt64) >> b & 1 != 0 }
        if b < 128 { return (0x47FF_FFFF_87FF_FFFE as UInt64) >> (b - 64) & 1 != 0 }
        return false
    }

    @inline(__always)
    static func isWhitespace(_ b: UInt8) -> Bool { b == space || b == tab }

    /// Space, tab, CR or LF: what `trimmed(_:)` drops at either end.
    @inline(__always)
    static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab || b == cr || b == lf }

    /// The index (0 to 7) of the first byte equal to `byte` in `word`, whose
    /// byte 0 is its least significant (`littleEndian` of a load), or nil.
    ///
    /// The classic "has a zero byte" test on `word ^ byte×8`: a byte becomes
    /// 0x80 in `found` where the XOR is zero; borrows can mark bytes above the
    /// first zero byte too, never below it, so the lowest mark is exact.
    @inline(__always)
    static func firstByte(_ byte: UInt8, in word: UInt64) -> Int? {
        let x = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        let found = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
        return found == 0 ? nil : found.trailingZeroBitCount >> 3
    }

    /// The first index of `byte` in `lower..<upper` of `p`, or nil: sixteen
    /// bytes per step (one vector compare), memchr for the last few.
    ///
    /// The parser's line-end search, over the rest of a message; `scan` is for
    /// the short spans of header values. Written as `scan` plus a comparison,
    /// this was not inlined in the parser and cost 190 instructions a message.
    ///
    /// SAFETY: the caller passes 0 <= lower <= upper <= the size of the buffer at
    /// `p`; every vector read is at i..<(i + 16) with i + 16 <= upper.
    @inline(__always)
    static func firstIndex(of byte: UInt8, _ p: UnsafePointer<UInt8>, _ lower: Int, _ upper: Int) -> Int? {
        var i = lower
        let pattern = SIMD16<UInt8>(repeating: byte)
        while i + 16 <= upper {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt8>.self)
            let equal = v .== pattern
            if any(equal) {
                // Lanes are 0 or all ones; lane 0 is the lowest byte of word 0.
                let words = unsafeBitCast(equal, to: SIMD2<UInt64>.self)
                let lo = words[0].littleEndian
                let hi = words[1].littleEndian
                return i + (lo != 0 ? lo.trailingZeroBitCount >> 3 : 8 + hi.trailingZeroBitCount >> 3)
            }
            i += 16
        }
        guard i < upper, let found = memchr(p + i, Int32(byte), upper - i) else { return nil }
        return p.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether the bytes at `range` of `p` spell `literal` (`length` bytes),
    /// ASCII letters compared without case.
    @inline(__always)
    static func equalsIgnoringCase(
        _ p: UnsafePointer<UInt8>, _ range: Range<Int>, _ literal: UnsafePointer<UInt8>, _ length: Int
    ) -> Bool {
        guard range.count == length else { return false }
        // SAFETY: the caller vouches for `range` in `p`; `literal` has `length` bytes.
        // The text is most often spelled as the literal (`application/sdp`):
        // one memcmp settles it; only a difference is looked at byte by byte.
        if memcmp(p + range.lowerBound, literal, length) == 0 { return true }
        for k in 0..<length where lower(p[range.lowerBound + k]) != lower(literal[k]) { return false }
        return true
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inline(__always)
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// The first index in lower..<upper of `p` holding `byte` (or `other`),
    /// else `upper`: sixteen bytes per compare while sixteen fit, then byte
    /// by byte. For the short spans of header values (a tag, a URI), where
    /// a call to memchr cost more than the search.
    ///
    /// SAFETY: the caller vouches for lower..<upper in `p`; vector reads are at
    /// i..<(i + 16) with i + 16 <= upper.
    @inline(__always)
    static func scan(
        to byte: UInt8, or other: UInt8? = nil, _ p: UnsafePointer<UInt8>, _ lower: Int, _ upper: Int
    ) -> Int {
        scan(to: byte, or: other, p, lower, upper, readable: upper)
    }

    /// `scan` where the buffer goes on past `upper` to `readable`: the last
    /// step is still one sixteen-byte compare while it fits in the buffer,
    /// its matches past `upper` ignored. A tag or a branch is shorter than
    /// sixteen bytes and sits inside its message, so it takes one compare
    /// rather than a byte-by-byte loop.
    ///
    /// SAFETY: the caller vouches for lower..<readable in `p` (upper <=
    /// readable); vector reads are at i..<(i + 16) with i + 16 <= readable,
    /// and no index at or past `upper` is returned.
    @inline(__always)
    static func scan(
        to byte: UInt8, or other: UInt8? = nil, _ p: UnsafePointer<UInt8>, _ lower: Int, _ upper: Int,
        readable: Int
    ) -> Int {
        var i = lower
        let first = SIMD16<UInt8>(repeating: byte)
        let second = SIMD16<UInt8>(repeating: other ?? byte)
        while i < upper && i + 16 <= readable {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt8>.self)
            let hit = (v .== first) .| (v .== second)
            if any(hit) {
                let words = unsafeBitCast(hit, to: SIMD2<UInt64>.self)
                let lo = words[0].littleEndian
                let at =
                    i + (lo != 0 ? lo.trailingZeroBitCount >> 3 : 8 + words[1].littleEndian.trailingZeroBitCount >> 3)
                // The first match decides: past `upper`, there is none before it.
                return min(at, upper)
            }
            i += 16
        }
        if i >= upper { return upper }
        if let other {
            while i < upper, p[i] != byte, p[i] != other { i += 1 }
        } else {
            while i < upper, p[i] != byte { i += 1 }
        }
        return i
    }

    /// `lower..<upper` of `p` without leading and trailing spaces, tabs, CRs
    /// and LFs: `UnsafeRawBufferPointer.trimmed(_:)` on a pointer, for the
    /// per-message scanners.
    ///
    /// SAFETY: the caller vouches for lower..<upper in `p`; only those indices are read.
    @inline(__always)
    static func trimmed(_ p: UnsafePointer<UInt8>, _ lower: Int, _ upper: Int) -> Range<Int> {
        var lower = lower
        var upper = upper
        while lower < upper, isBlank(p[lower]) { lower += 1 }
        while upper > lower, isBlank(p[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }
}

extension UnsafeRawBufferPointer {
    /// Case-insensitive comparison of `range` with an ASCII literal, no allocation.
    func equalsIgnoringCase(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        guard !range.isEmpty else { return true }
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the buffer")
        // Through a pointer (a message's Content-Type is compared with
        // `application/sdp`: subscripting checked every byte's index).
        // SAFETY: `range` is inside the buffer (checked just above), so the
        // buffer has a base address; the literal holds range.count bytes.
        return ASCII.equalsIgnoringCase(
            baseAddress!.assumingMemoryBound(to: UInt8.self), range, literal.utf8Start, range.count)
    }

    /// Whether the bytes at `offset` start with `literal` (case-sensitive).
    /// Eight bytes at a time, then byte by byte.
    func hasPrefix(_ literal: StaticString, at offset: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard offset >= 0, offset + n <= count else { return false }
        guard n > 0, let base = baseAddress else { return true }
        let lit = UnsafeRawPointer(literal.utf8Start)
        // SAFETY: offset >= 0 and offset + n <= count (checked above), and the
        // literal has n bytes; every read is at i..<(i + width) with i + width <= n.
        let p = base + offset
        var i = 0
        while i + 8 <= n {
            let word = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if word != lit.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n {
            if p.load(fromByteOffset: i, as: UInt8.self) != lit.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    /// `range` without leading and trailing spaces, tabs and line breaks.
    @usableFromInline
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
        guard !r.isEmpty, r.lowerBound >= 0, r.upperBound <= count else { return "" }
        if !hasLineBreak(in: r) {
            return String(decoding: UnsafeRawBufferPointer(rebasing: self[r]), as: UTF8.self)
        }
        return String(decoding: unfolded(r), as: UTF8.self)
    }

    /// Calls `body` with the bytes of `range` as `string(_:)` reads them:
    /// trimmed and, when the value was folded over lines, unfolded (the only
    /// case that copies).
    @inlinable
    package func withUnfoldedBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let r = trimmed(range)
        if !hasLineBreak(in: r) { return body(UnsafeRawBufferPointer(rebasing: self[r])) }
        return unfolded(r).withUnsafeBytes(body)
    }

    /// Whether `range` holds a CR or LF: a value folded over lines (RFC 3261
    /// §7.3.1), which reads unfolded. One inline vector scan for both bytes:
    /// values are short, and two calls to memchr cost more than the search.
    @inline(__always) @usableFromInline
    func hasLineBreak(in range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the buffer")
        // SAFETY: `range` is inside the buffer (checked just above), so it has
        // a base address; the scan may look on to the buffer's end.
        let p = baseAddress!.assumingMemoryBound(to: UInt8.self)
        return ASCII.scan(to: ASCII.cr, or: ASCII.lf, p, range.lowerBound, range.upperBound, readable: count)
            < range.upperBound
    }

    /// The bytes of `range` trimmed, each line break with the white space
    /// after it made one space: the text `string(_:)` makes of a folded value,
    /// and what `ByteHash` hashes for one.
    @usableFromInline
    func unfolded(_ range: Range<Int>) -> [UInt8] {
        let r = trimmed(range)
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
        return bytes
    }
}
