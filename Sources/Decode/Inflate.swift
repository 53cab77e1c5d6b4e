import CZlib

/// Decompression of deflate data (RFC 1951), bare or in its zlib (RFC 1950) or gzip
/// (RFC 1952) wrapper, with a cap on the output.
///
/// HEP agents compress the payload chunk with zlib (`compress2`), and WebSocket's
/// permessage-deflate (RFC 7692) sends raw deflate blocks. Captured bytes are
/// untrusted: a few hundred bytes can inflate to gigabytes, so the output is capped
/// and going over the cap is an error, never a silently shortened message.
/// This is the only file that calls zlib.
public enum Inflate {
    /// The wrapper around the deflate blocks.
    public enum Format: Sendable, Equatable {
        /// Decided from the first bytes (see `detect(_:)`).
        case automatic
        /// RFC 1950: 2-byte header, deflate, Adler-32.
        case zlib
        /// RFC 1952: `1f 8b` header, deflate, CRC-32 and length.
        case gzip
        /// RFC 1951 deflate blocks with no wrapper.
        case raw
    }

    /// The most a caller may ask for: `avail_out` is 32 bits, and no SIP message
    /// comes near this.
    public static let maximumLimit = 1 << 30

    /// Decompresses zlib, gzip or raw deflate data (detected, see `detect(_:)`),
    /// producing at most `limit` bytes. Returns nil on corrupt or truncated input,
    /// or when the output would exceed `limit`.
    public static func decompress(_ bytes: UnsafeRawBufferPointer, limit: Int = 1 << 20) -> [UInt8]? {
        decompress(bytes, format: .automatic, limit: limit)
    }

    /// Decompresses `bytes` in the given format, producing at most `limit` bytes.
    ///
    /// - Parameter requireEnd: whether the input must hold the end of the deflate
    ///   stream (the final block, and the wrapper's trailer). permessage-deflate
    ///   (RFC 7692 §7.2.2) strips the end of a flushed stream, so its messages are
    ///   inflated with `requireEnd: false`: all the input is decoded and what it gave
    ///   is the message.
    /// - Returns: nil on corrupt input, input that ends too early (when `requireEnd`),
    ///   a preset dictionary (zlib FDICT: not available to a passive observer), or
    ///   output over `limit`.
    public static func decompress(
        _ bytes: UnsafeRawBufferPointer, format: Format, limit: Int = 1 << 20, requireEnd: Bool = true
    ) -> [UInt8]? {
        switch format {
        case .zlib: return run(bytes, windowBits: 15, limit: limit, requireEnd: requireEnd)
        case .gzip: return run(bytes, windowBits: 16 + 15, limit: limit, requireEnd: requireEnd)
        case .raw: return run(bytes, windowBits: -15, limit: limit, requireEnd: requireEnd)
        case .automatic:
            let detected = detect(bytes)
            if let out = decompress(bytes, format: detected, limit: limit, requireEnd: requireEnd) { return out }
            // About one raw stream in 500 starts with two bytes that pass the zlib
            // header check (RFC 1950 §2.2); if the zlib reading fails, try it raw.
            if detected == .zlib { return run(bytes, windowBits: -15, limit: limit, requireEnd: requireEnd) }
            return nil
        }
    }

    /// Which wrapper the first bytes announce: gzip's magic `1f 8b` (RFC 1952 §2.3.1);
    /// a zlib header, CM = 8 (deflate), CINFO ≤ 7 and (CMF·256 + FLG) a multiple of 31
    /// (RFC 1950 §2.2); otherwise raw deflate.
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> Format {
        guard bytes.count >= 2 else { return .raw }
        let b0 = bytes[0]
        let b1 = bytes[1]
        if b0 == 0x1F && b1 == 0x8B { return .gzip }
        if b0 & 0x0F == 8 && b0 >> 4 <= 7 && (UInt16(b0) << 8 | UInt16(b1)) % 31 == 0 { return .zlib }
        return .raw
    }

    /// One zlib inflate run over the whole input. `windowBits` picks the wrapper as
    /// zlib's `inflateInit2` defines it: 15 zlib, 31 gzip, -15 raw.
    private static func run(
        _ bytes: UnsafeRawBufferPointer, windowBits: Int32, limit: Int, requireEnd: Bool
    )
        -> [UInt8]?
    {
        guard let inputBase = bytes.baseAddress, bytes.count > 0, bytes.count <= Int(UInt32.max) else {
            return nil
        }
        let limit = min(max(limit, 0), maximumLimit)
        var stream = z_stream()  // zeroed: zalloc/zfree/opaque Z_NULL select zlib's allocator
        guard siptrace_inflateInit2(&stream, windowBits) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        // SAFETY: zlib only reads through `next_in` (it is declared non-const for
        // historical reasons); `bytes` outlives every `inflate` call below, and
        // `avail_in` is its exact length, checked above to fit in 32 bits.
        stream.next_in = UnsafeMutablePointer(mutating: inputBase.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = UInt32(bytes.count)

        // One byte more than the limit, so producing it proves the output is too big.
        let ceiling = limit + 1
        var output = [UInt8](repeating: 0, count: min(ceiling, max(256, bytes.count * 4)))
        var produced = 0
        while true {
            if produced == output.count {
                if produced >= ceiling { return nil }
                let grown = min(ceiling, output.count * 2)
                output.append(contentsOf: repeatElement(0, count: grown - output.count))
            }
            let status: Int32 = output.withUnsafeMutableBytes { out in
                // SAFETY: `out` is the array's storage for the duration of this call;
                // zlib writes at most `avail_out` bytes from `next_out`, which is
                // `produced` bytes in, and `produced < out.count` here. zlib keeps its
                // own window and does not hold `next_out` across calls.
                stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self) + produced
                stream.avail_out = UInt32(out.count - produced)
                let status = inflate(&stream, Z_NO_FLUSH)
                produced = out.count - Int(stream.avail_out)
                return status
            }
            switch status {
            case Z_STREAM_END:
                // Bytes after the end of the stream are ignored.
                guard produced <= limit else { return nil }
                output.removeSubrange(produced...)
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress possible. With room left to write, that means the input
                // ran out before the end of the stream.
                if stream.avail_out > 0 && stream.avail_in == 0 && !requireEnd && produced <= limit {
                    output.removeSubrange(produced...)
                    return output
                }
                if stream.avail_out == 0 { continue }
                return nil
            default:
                // Z_DATA_ERROR (corrupt), Z_NEED_DICT, Z_MEM_ERROR, Z_STREAM_ERROR.
                return nil
            }
        }
    }
}
