#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses an SDP body (RFC 4566) for what a call ladder needs: addresses, media
/// lines, codecs and direction. Unknown lines are ignored, as the RFC asks.
///
/// Works on the bytes: lines and fields are found by offset, and a `String` is
/// made only for a value that ends up in the result.
public enum SDPParser {
    /// Static RTP payload types (RFC 3551 §6) that need no rtpmap, by number
    /// (nil where none is assigned).
    static let staticPayloadTypes: [String?] = [
        "PCMU/8000", nil, nil, "GSM/8000", "G723/8000", "DVI4/8000", "DVI4/16000", "LPC/8000", "PCMA/8000",
        "G722/8000", "L16/44100", "L16/44100", "QCELP/8000", "CN/8000", "MPA/90000", "G728/8000", "DVI4/11025",
        "DVI4/22050", "G729/8000", nil, nil, nil, nil, nil, nil, "CelB/90000", "JPEG/90000", nil, "nv/90000", nil,
        nil, "H261/90000", "MPV/90000", "MP2T/90000", "H263/90000",
    ]

    /// The session `bytes[range]` describes; nil when it describes none (see
    /// `SDPLayout.read`, which finds where everything is).
    public static func parse(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> SDPSession? {
        var layout = SDPLayout()
        guard layout.read(bytes, range) else { return nil }
        return layout.session(bytes)
    }

    /// The codec the format at `range` names as a static payload type, read
    /// as `bytes.string(range)` reads it (trimmed, unfolded): written as a
    /// plain number of one or two ASCII digits ("0", "18"; not "018"), as
    /// RFC 4566 §5.14 writes formats.
    static func staticCodec(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String? {
        bytes.withUnfoldedBytes(range) { format in
            guard let first = format.first, format.count <= 2, first != UInt8(ascii: "0") || format.count == 1
            else { return nil }
            var number = 0
            for byte in format {
                guard ASCII.isDigit(byte) else { return nil }
                number = number * 10 + Int(byte - 0x30)
            }
            return number < staticPayloadTypes.count ? staticPayloadTypes[number] : nil
        }
    }

    /// Whether the rtpmap format at `range` names the media's format at
    /// `format`, as comparing the rtpmap's bytes with `bytes.string(format)`
    /// did when formats were strings: byte for byte when both are ASCII, else
    /// by `String` equality (canonical equivalence, repaired UTF-8).
    static func sameFormat(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ format: Range<Int>) -> Bool {
        bytes.withUnfoldedBytes(format) { name in
            guard WordScan.isASCII(name), WordScan.isASCII(UnsafeRawBufferPointer(rebasing: bytes[range])) else {
                return bytes.string(range) == String(decoding: name, as: UTF8.self)
            }
            // SAFETY: `range` is inside `bytes` (its bytes were read above) and
            // `name` holds `name.count` bytes; memcmp reads only those.
            return name.count == range.count
                && (name.isEmpty || memcmp(bytes.baseAddress! + range.lowerBound, name.baseAddress!, name.count) == 0)
        }
    }

    /// Whether a media line's proto names RTP (`RTP/AVP`, `UDP/TLS/RTP/SAVPF`),
    /// in any case. On the bytes for an ASCII proto (string search through
    /// `uppercased().contains` cost more than the rest of the parse).
    /// (The proto is read as `bytes.string(range)` reads it: trimmed, unfolded.)
    static func mentionsRTP(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        bytes.withUnfoldedBytes(range) { proto in
            guard WordScan.isASCII(proto) else {
                return String(decoding: proto, as: UTF8.self).uppercased().contains("RTP")
            }
            var first: UInt8 = 0
            var second: UInt8 = 0
            for byte in proto {
                let byte = ASCII.lower(byte)
                if first == UInt8(ascii: "r") && second == UInt8(ascii: "t") && byte == UInt8(ascii: "p") {
                    return true
                }
                first = second
                second = byte
            }
            return false
        }
    }

    /// Whether `parse` would read a session from `range` (a `v=` line, or an
    /// `m=` line with at least three fields), decided without building it: a
    /// summary needs to know a body is SDP, not what it says.
    public static func describesSession(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var lines = Lines(bytes, range)
        while let (letter, value) = lines.next() {
            switch letter {
            case UInt8(ascii: "v"): return true
            case UInt8(ascii: "m"): if wordCount(bytes, value, limit: 3) >= 3 { return true }
            default: continue
            }
        }
        return false
    }

    /// The `x=value` lines of a body, in order: each line's type letter and
    /// value (trimmed; other lines skipped, as RFC 4566 asks). A plain
    /// iterator, not a closure: the parser's loop mutates its layout, and
    /// through a closure that cost a tenth more.
    struct Lines {
        private let bytes: UnsafeRawBufferPointer
        private let end: Int
        private var cursor: Int

        init(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
            self.bytes = bytes
            end = range.upperBound
            cursor = range.lowerBound
        }

        mutating func next() -> (UInt8, Range<Int>)? {
            while cursor < end {
                let lineEnd = bytes.firstIndex(of: ASCII.lf, in: cursor..<end) ?? end
                let line = bytes.trimmed(cursor..<lineEnd)
                cursor = lineEnd + 1
                guard line.count >= 2, bytes[line.lowerBound + 1] == ASCII.equals else { continue }
                return (bytes[line.lowerBound], (line.lowerBound + 2)..<line.upperBound)
            }
            return nil
        }
    }

    /// How many space-separated fields (`nextWord`) `range` holds, at most `limit`.
    static func wordCount(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, limit: Int) -> Int {
        var count = 0
        var i = range.lowerBound
        while count < limit, nextWord(bytes, &i, range.upperBound) != nil { count += 1 }
        return count
    }

    /// Formats kept from one `m=` line (a line listing more is cut there):
    /// the three fields before them made a limit of 64 fields per line.
    static let maximumFormats = 61

    /// The next space-separated field at or after `i`, below `end`, moving
    /// `i` past it; nil when none is left. Fields are read one at a time, not
    /// gathered into an array first (that array was a quarter of the parse).
    static func nextWord(_ bytes: UnsafeRawBufferPointer, _ i: inout Int, _ end: Int) -> Range<Int>? {
        while i < end, ASCII.isWhitespace(bytes[i]) { i += 1 }
        let start = i
        while i < end, !ASCII.isWhitespace(bytes[i]) { i += 1 }
        return i > start ? start..<i : nil
    }

    static func direction(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> MediaDirection? {
        // All four are eight letters: any other attribute (rtpmap, fmtp,
        // ptime, ...) is turned away by its length, not by four comparisons.
        guard range.count == 8 else { return nil }
        if bytes.equalsIgnoringCase(range, "sendrecv") { return .sendrecv }
        if bytes.equalsIgnoringCase(range, "sendonly") { return .sendonly }
        if bytes.equalsIgnoringCase(range, "recvonly") { return .recvonly }
        if bytes.equalsIgnoringCase(range, "inactive") { return .inactive }
        return nil
    }
}
