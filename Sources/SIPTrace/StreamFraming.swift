import SIP

/// Finding where SIP messages start in a byte stream that lost its place.
enum StreamFraming {
    /// The offset of the next place at or after `from` that begins like a SIP
    /// message (`SIP/2.0 ` or a known method and a space), or nil. Not only at
    /// line starts: after a Content-Length that was too small, the next
    /// message begins right where the unread body ends. The parser then checks
    /// the whole start line, so a method name inside text is passed over.
    static func nextMessageStart(_ data: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        while i < data.count {
            if SIPParser.startsLikeMessage(data, at: i) {
                return i
            }
            i += 1
        }
        return nil
    }

    /// When no message start is in sight, everything up to the last line break
    /// can go: a start line may still be arriving after it.
    static func keepLastLine(_ data: UnsafeRawBufferPointer, from: Int) -> Int {
        var i = data.count
        while i > from {
            if data[i - 1] == 0x0A { return i }
            i -= 1
        }
        // No line break at all: keep a short tail, drop a long one.
        return data.count - from > 4096 ? data.count : from
    }
}
