/// The From/To `tag` and the Via `branch` found in one pass each, straight
/// through a pointer: what `NameAddress.tagRange` and `Via.branchRange` give,
/// for the per-message path.
///
/// Why a second way: those two build a `Layout`, trim with bounds checks and
/// call `memchr` for bytes that are a few dozen apart, and the tracking thread
/// of a summary spent a tenth of its time there. These read each byte of a
/// value at most about twice and allocate nothing. They must agree with the
/// general functions on every input: `TagScanTests` compares them on fuzzed
/// values.
enum TagScan {
    /// `NameAddress.tagRange(bytes, range)`.
    static func tag(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int>? {
        guard let base = bytes.baseAddress, range.lowerBound >= 0, range.upperBound <= bytes.count else {
            return nil
        }
        // SAFETY: every index read below is in lower..<upper, a part of
        // `range`, which was checked against the buffer just above.
        let p = base.assumingMemoryBound(to: UInt8.self)
        let value = ASCII.trimmed(p, range.lowerBound, range.upperBound)
        var lower = value.lowerBound
        let upper = value.upperBound
        // A quoted display name, escapes and all (`Layout`).
        if lower < upper, p[lower] == ASCII.quote {
            var j = lower + 1
            while j < upper, p[j] != ASCII.quote {
                if p[j] == ASCII.backslash, j + 1 < upper { j += 1 }
                j += 1
            }
            lower = min(j + 1, upper)
        }
        // Parameters follow the `>` of a name-addr, or start at the first `;`
        // of a bare addr-spec.
        var i = find(ASCII.less, p, lower, upper)
        if i < upper {
            i = find(ASCII.greater, p, i, upper)
            lower = min(i + 1, upper)
        } else {
            lower = find(ASCII.semicolon, p, lower, upper)
        }
        return parameter(p, lower, upper, "tag")
    }

    /// `Via.branchRange(bytes, range)`.
    static func branch(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int>? {
        guard let base = bytes.baseAddress, range.lowerBound >= 0, range.upperBound <= bytes.count else {
            return nil
        }
        // SAFETY: as in `tag`.
        let p = base.assumingMemoryBound(to: UInt8.self)
        let value = ASCII.trimmed(p, range.lowerBound, range.upperBound)
        let (lower, upper) = (value.lowerBound, value.upperBound)
        return parameter(p, find(ASCII.semicolon, p, lower, upper), upper, "branch")
    }

    /// `unquotedParameterRange` on lower..<upper of `p`.
    ///
    /// SAFETY: the caller vouches for lower..<upper in `p`.
    @inline(__always)
    private static func parameter(
        _ p: UnsafePointer<UInt8>, _ lower: Int, _ upper: Int, _ name: StaticString
    ) -> Range<Int>? {
        let literal = name.utf8Start
        let length = name.utf8CodeUnitCount
        var i = lower
        while i < upper {
            // The next `;`.
            i = find(ASCII.semicolon, p, i, upper)
            guard i < upper else { return nil }
            let nameStart = i + 1
            var j = nameStart
            while j < upper, p[j] != ASCII.equals, p[j] != ASCII.semicolon { j += 1 }
            if ASCII.equalsIgnoringCase(p, ASCII.trimmed(p, nameStart, j), literal, length) {
                guard j < upper, p[j] == ASCII.equals else { return j..<j }
                let valueEnd = find(ASCII.semicolon, or: ASCII.comma, p, j + 1, upper)
                let trimmedValue = ASCII.trimmed(p, j + 1, valueEnd)
                let (valueLower, valueUpper) = (trimmedValue.lowerBound, trimmedValue.upperBound)
                if valueUpper - valueLower >= 2, p[valueLower] == ASCII.quote, p[valueUpper - 1] == ASCII.quote {
                    return (valueLower + 1)..<(valueUpper - 1)
                }
                return valueLower..<valueUpper
            }
            i = j
        }
        return nil
    }

    /// The first index in lower..<upper of `p` holding `byte` (or `other`),
    /// else `upper`: sixteen bytes per compare while sixteen fit, then byte
    /// by byte (spans here are a few dozen bytes: a call to memchr cost more).
    ///
    /// SAFETY: the caller vouches for lower..<upper in `p`; vector reads are at
    /// i..<(i + 16) with i + 16 <= upper.
    @inline(__always)
    private static func find(
        _ byte: UInt8, or other: UInt8? = nil, _ p: UnsafePointer<UInt8>, _ lower: Int, _ upper: Int
    ) -> Int {
        var i = lower
        let first = SIMD16<UInt8>(repeating: byte)
        let second = SIMD16<UInt8>(repeating: other ?? byte)
        while i + 16 <= upper {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt8>.self)
            let hit = (v .== first) .| (v .== second)
            if any(hit) {
                let words = unsafeBitCast(hit, to: SIMD2<UInt64>.self)
                let lo = words[0].littleEndian
                return i + (lo != 0 ? lo.trailingZeroBitCount >> 3 : 8 + words[1].littleEndian.trailingZeroBitCount >> 3)
            }
            i += 16
        }
        if let other {
            while i < upper, p[i] != byte, p[i] != other { i += 1 }
        } else {
            while i < upper, p[i] != byte { i += 1 }
        }
        return i
    }

}
