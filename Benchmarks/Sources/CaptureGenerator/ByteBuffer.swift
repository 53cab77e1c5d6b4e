/// An append-only byte buffer reused for every message: building a packet
/// makes no `String` and, once warm, no allocation.
struct ByteBuffer {
    var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    mutating func put(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func put(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    mutating func put(_ other: ArraySlice<UInt8>) { bytes.append(contentsOf: other) }

    /// A non-negative decimal.
    mutating func put(_ value: Int) {
        var value = value
        let start = bytes.count
        repeat {
            bytes.append(UInt8(48 + value % 10))
            value /= 10
        } while value > 0
        bytes[start...].reverse()
    }

    /// A number padded with zeros to `width` digits.
    mutating func put(_ value: Int, width: Int) {
        var digits = 1
        var limit = 10
        while value >= limit && digits < 19 {
            digits += 1
            limit *= 10
        }
        for _ in digits..<max(width, digits) { bytes.append(48) }
        put(value)
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u16be(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func u32be(_ value: UInt32) {
        u16be(UInt16(value >> 16))
        u16be(UInt16(value & 0xFFFF))
    }

    mutating func u32le(_ value: UInt32) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8((value >> 8) & 0xFF))
        bytes.append(UInt8((value >> 16) & 0xFF))
        bytes.append(UInt8(value >> 24))
    }

    mutating func u16le(_ value: UInt16) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    mutating func setU16be(_ value: UInt16, at offset: Int) {
        bytes[offset] = UInt8(value >> 8)
        bytes[offset + 1] = UInt8(value & 0xFF)
    }

    mutating func setU32le(_ value: UInt32, at offset: Int) {
        bytes[offset] = UInt8(value & 0xFF)
        bytes[offset + 1] = UInt8((value >> 8) & 0xFF)
        bytes[offset + 2] = UInt8((value >> 16) & 0xFF)
        bytes[offset + 3] = UInt8(value >> 24)
    }
}
