/// Makes packet text safe to print.
///
/// A capture is hostile data: a Call-ID or a reason phrase may hold escape
/// sequences that would drive a terminal (change its title, hide text) or
/// direction overrides that make text read differently than it is. Every string
/// that came from a packet passes through here before a terminal sees it.
public enum Escape {
    public static func terminal(_ s: String) -> String {
        var needs = false
        for scalar in s.unicodeScalars where isUnsafe(scalar) {
            needs = true
            break
        }
        guard needs else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            if isUnsafe(scalar) {
                out += scalar.value < 0x100 ? "\\x" + hex(scalar.value, 2) : "\\u{" + hex(scalar.value, 4) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// C0 and C1 controls, DEL, and Unicode bidirectional controls.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) || (v >= 0x202A && v <= 0x202E)
            || (v >= 0x2066 && v <= 0x2069) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    private static func hex(_ v: UInt32, _ width: Int) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
