import CByteScan

/// Finds the line feeds of a message 64 bytes at a time: one pass of vector
/// compares marks every LF of a 64-byte window in a word, and each line end
/// is then a bit scan of that word.
///
/// Why: searching each header line for its end separately (sixteen bytes per
/// compare) ended in a branch that could not be predicted, once a line, as
/// lines have every length; here a window of 64 bytes usually holds a line
/// or two, and the branch taken once a window.
///
/// Lines must be asked for in order (`next(from:)` with a position at or
/// after the last one's): each window is read once.
struct LineFeeds {
    private let p: UnsafePointer<UInt8>
    private let count: Int
    /// The window: bit k of `bits` is set when p[start + k] is an LF.
    private var start: Int
    private var bits: UInt64 = 0

    /// Scans the `count` bytes at `p`, from `from` on.
    init(_ p: UnsafePointer<UInt8>, count: Int, from: Int) {
        self.p = p
        self.count = count
        start = from
        if from < count { bits = LineFeeds.mask(p, count, at: from) }
    }

    /// The index of the first LF at or after `i` (`i` at or after every
    /// position asked before), or nil when there is none before the end.
    @inline(__always)
    mutating func next(from i: Int) -> Int? {
        var i = i
        while true {
            let offset = i &- start
            if offset >= 0 && offset < 64 {
                let rest = bits >> UInt64(offset)
                if rest != 0 { return i + rest.trailingZeroBitCount }
                i = start + 64
            }
            guard i < count else { return nil }
            start = i
            bits = LineFeeds.mask(p, count, at: i)
        }
    }

    /// SAFETY: 0 <= at < count; only the `count` bytes from p are read:
    /// the count - at from p + at and the `at` before it
    /// (`siptrace_byte_mask64` reads no further than it is told).
    @inline(__always)
    private static func mask(_ p: UnsafePointer<UInt8>, _ count: Int, at: Int) -> UInt64 {
        siptrace_byte_mask64(p + at, count - at, at, ASCII.lf)
    }
}
