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

    /// The codec a static payload type names: `format` written as a plain
    /// number ("0", "18"; not "018"), as RFC 4566 §5.14 writes formats.
    static func staticCodec(_ format: String) -> String? {
        let utf8 = format.utf8
        guard let first = utf8.first, utf8.count <= 2, first != UInt8(ascii: "0") || utf8.count == 1 else {
            return nil
        }
        var number = 0
        for byte in utf8 {
            guard ASCII.isDigit(byte) else { return nil }
            number = number * 10 + Int(byte - 0x30)
        }
        return number < staticPayloadTypes.count ? staticPayloadTypes[number] : nil
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> SDPSession? {
        var session = SDPSession(connectionAddress: nil, media: [])
        var sessionDirection: MediaDirection? = nil
        var mediaDirections: [MediaDirection?] = []
        // Every medium's rtpmap lines in order, as byte ranges (a `String` is
        // made only for a codec that names one of the medium's formats):
        // searched from the back, so a later line for the same format wins
        // (as it did when this was a dictionary of strings).
        var rtpmaps: [(media: Int, format: Range<Int>, codec: Range<Int>)] = []
        var sawVersion = false
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            let lineEnd = bytes.firstIndex(of: ASCII.lf, in: cursor..<range.upperBound) ?? range.upperBound
            let line = bytes.trimmed(cursor..<lineEnd)
            cursor = lineEnd + 1
            guard line.count >= 2, bytes[line.lowerBound + 1] == ASCII.equals else { continue }
            let value = (line.lowerBound + 2)..<line.upperBound
            switch bytes[line.lowerBound] {
            case UInt8(ascii: "v"):
                sawVersion = true
            case UInt8(ascii: "c"):
                // c=IN IP4 192.0.2.1 (maybe /ttl)
                var i = value.lowerBound
                guard nextWord(bytes, &i, value.upperBound) != nil, nextWord(bytes, &i, value.upperBound) != nil,
                    var address = nextWord(bytes, &i, value.upperBound)
                else { continue }
                if let slash = bytes.firstIndex(of: ASCII.slash, in: address) { address = address.lowerBound..<slash }
                let text = bytes.string(address)
                if session.media.isEmpty {
                    session.connectionAddress = text
                } else {
                    session.media[session.media.count - 1].connectionAddress = text
                }
            case UInt8(ascii: "m"):
                // m=audio 6000 RTP/AVP 0 8 101
                var i = value.lowerBound
                guard let type = nextWord(bytes, &i, value.upperBound),
                    var portField = nextWord(bytes, &i, value.upperBound),
                    let proto = nextWord(bytes, &i, value.upperBound)
                else { continue }
                if let slash = bytes.firstIndex(of: ASCII.slash, in: portField) {
                    portField = portField.lowerBound..<slash
                }
                var formats: [String] = []
                formats.reserveCapacity(8)
                while formats.count < maximumFormats, let format = nextWord(bytes, &i, value.upperBound) {
                    formats.append(bytes.string(format))
                }
                session.media.append(
                    SDPMedia(
                        type: bytes.string(type), port: bytes.decimal(portField, limit: 65535) ?? 0,
                        proto: bytes.string(proto), formats: formats, codecs: [], connectionAddress: nil,
                        direction: .sendrecv))
                mediaDirections.append(nil)
            case UInt8(ascii: "a"):
                if let direction = direction(bytes, value) {
                    if session.media.isEmpty {
                        sessionDirection = direction
                    } else {
                        mediaDirections[mediaDirections.count - 1] = direction
                    }
                } else if !session.media.isEmpty, bytes.hasPrefix("rtpmap:", at: value.lowerBound) {
                    // a=rtpmap:101 telephone-event/8000
                    let rest = (value.lowerBound + 7)..<value.upperBound
                    guard let space = bytes.firstIndex(of: ASCII.space, in: rest) else { continue }
                    let codec = bytes.trimmed((space + 1)..<rest.upperBound)
                    if rtpmaps.isEmpty { rtpmaps.reserveCapacity(8) }
                    rtpmaps.append((session.media.count - 1, rest.lowerBound..<space, codec))
                }
            default:
                continue
            }
        }
        guard sawVersion || !session.media.isEmpty else { return nil }
        for index in session.media.indices {
            var media = session.media[index]
            if media.connectionAddress == nil { media.connectionAddress = session.connectionAddress }
            media.direction = mediaDirections[index] ?? sessionDirection ?? .sendrecv
            if mentionsRTP(media.proto) {
                media.codecs = media.formats.map { format in
                    let map = rtpmaps.last { $0.media == index && sameFormat(bytes, $0.format, format) }
                    return map.map { bytes.string($0.codec) } ?? staticCodec(format) ?? format
                }
            }
            session.media[index] = media
        }
        return session
    }

    /// Whether the rtpmap format at `range` names `format`, as comparing the
    /// two strings would say: byte for byte when both are ASCII, else by
    /// `String` equality (canonical equivalence, repaired UTF-8).
    static func sameFormat(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ format: String) -> Bool {
        let ascii = format.utf8.withContiguousStorageIfAvailable { name -> Bool? in
            var high: UInt8 = 0
            for byte in name { high |= byte }
            for i in range { high |= bytes[i] }
            guard high < 0x80 else { return nil }  // not both ASCII: as strings
            return name.count == range.count
                && (name.isEmpty || memcmp(bytes.baseAddress! + range.lowerBound, name.baseAddress!, name.count) == 0)
        }
        if let ascii, let answer = ascii { return answer }
        return bytes.string(range) == format
    }

    /// Whether a media line's proto names RTP (`RTP/AVP`, `UDP/TLS/RTP/SAVPF`),
    /// in any case. On the bytes for an ASCII proto (string search through
    /// `uppercased().contains` cost more than the rest of the parse).
    static func mentionsRTP(_ proto: String) -> Bool {
        guard proto.utf8.allSatisfy({ $0 < 0x80 }) else { return proto.uppercased().contains("RTP") }
        var first: UInt8 = 0
        var second: UInt8 = 0
        for byte in proto.utf8 {
            if first == UInt8(ascii: "r") && second == UInt8(ascii: "t") && ASCII.lower(byte) == UInt8(ascii: "p") {
                return true
            }
            first = second
            second = ASCII.lower(byte)
        }
        return false
    }

    /// Whether `parse` would read a session from `range` (a `v=` line, or an
    /// `m=` line with at least three fields), decided without building it: a
    /// summary needs to know a body is SDP, not what it says.
    public static func describesSession(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            let lineEnd = bytes.firstIndex(of: ASCII.lf, in: cursor..<range.upperBound) ?? range.upperBound
            let line = bytes.trimmed(cursor..<lineEnd)
            cursor = lineEnd + 1
            guard line.count >= 2, bytes[line.lowerBound + 1] == ASCII.equals else { continue }
            switch bytes[line.lowerBound] {
            case UInt8(ascii: "v"):
                return true
            case UInt8(ascii: "m"):
                if wordCount(bytes, (line.lowerBound + 2)..<line.upperBound, limit: 3) >= 3 { return true }
            default:
                continue
            }
        }
        return false
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
