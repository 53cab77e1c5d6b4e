/// Bytes from a hex dump: white space and `|` ignored, so a test can lay packet
/// bytes out the way a hex dump shows them.
public func hexBytes(_ dump: String) -> [UInt8] {
    var out: [UInt8] = []
    var high: UInt8? = nil
    for c in dump.utf8 {
        let v: UInt8
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c - UInt8(ascii: "A") + 10
        default: continue
        }
        if let h = high {
            out.append(h << 4 | v)
            high = nil
        } else {
            high = v
        }
    }
    precondition(high == nil, "odd number of hex digits")
    return out
}

/// The bytes of a string with `\n` turned into CRLF: SIP messages in tests read
/// as text and go on the wire as SIP wants them.
public func sipBytes(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    for b in text.utf8 {
        if b == 0x0A { out.append(0x0D) }
        out.append(b)
    }
    return out
}
