/// Big-endian reads over a packet's bytes.
///
/// Callers check the length once per header (`has(_:at:)`), then read with the
/// unchecked accessors: this keeps a single bounds check per layer on the hot path.
struct ByteView {
    let base: UnsafeRawBufferPointer

    init(_ base: UnsafeRawBufferPointer) {
        self.base = base
    }

    var count: Int { base.count }

    /// Whether `length` bytes starting at `offset` are inside the buffer.
    @inline(__always)
    func has(_ length: Int, at offset: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= base.count - length
    }

    @inline(__always)
    func u8(_ offset: Int) -> UInt8 {
        // SAFETY: callers proved `has(1, at: offset)` (or more) before reading.
        base[offset]
    }

    @inline(__always)
    func u16(_ offset: Int) -> UInt16 {
        UInt16(u8(offset)) << 8 | UInt16(u8(offset + 1))
    }

    @inline(__always)
    func u32(_ offset: Int) -> UInt32 {
        UInt32(u16(offset)) << 16 | UInt32(u16(offset + 2))
    }

    @inline(__always)
    func u64(_ offset: Int) -> UInt64 {
        UInt64(u32(offset)) << 32 | UInt64(u32(offset + 4))
    }

    /// Little-endian 32 bits, for BSD loopback headers written in host order.
    @inline(__always)
    func u32le(_ offset: Int) -> UInt32 {
        UInt32(u8(offset)) | UInt32(u8(offset + 1)) << 8 | UInt32(u8(offset + 2)) << 16 | UInt32(u8(offset + 3)) << 24
    }
}
