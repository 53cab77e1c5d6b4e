/// One SCTP DATA chunk (RFC 9260 §3.3.1): a whole user message, or a fragment of one.
///
///     0                   1                   2                   3
///     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |   Type = 0    |  Res  |I|U|B|E|           Length              |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |                              TSN                              |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |      Stream Identifier S      |   Stream Sequence Number n    |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |                  Payload Protocol Identifier                  |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    \                 User Data (seq n of Stream S)                 \
public struct SCTPDataChunk: Sendable, Equatable {
    /// Transmission sequence number: one per chunk, fragments of a message take consecutive ones (§6.9).
    public var tsn: UInt32
    public var streamID: UInt16
    /// Stream sequence number; meaningless for unordered chunks (§3.3.1).
    public var streamSequence: UInt16
    /// Payload protocol identifier: 0 for SIP (no value is registered for it).
    public var ppid: UInt32
    /// B: first fragment of a user message.
    public var beginning: Bool
    /// E: last fragment of a user message. B and E together: an unfragmented message.
    public var ending: Bool
    /// U: unordered delivery.
    public var unordered: Bool
    /// Offsets of the user data in the bytes given to `SCTP.parse`.
    public var data: Range<Int>

    public init(
        tsn: UInt32, streamID: UInt16, streamSequence: UInt16, ppid: UInt32, beginning: Bool, ending: Bool,
        unordered: Bool, data: Range<Int>
    ) {
        self.tsn = tsn
        self.streamID = streamID
        self.streamSequence = streamSequence
        self.ppid = ppid
        self.beginning = beginning
        self.ending = ending
        self.unordered = unordered
        self.data = data
    }

    /// A whole message in one chunk (B and E set).
    public var isComplete: Bool { beginning && ending }
}

/// An SCTP packet (RFC 9260 §3): the common header and its DATA chunks, parsed leniently.
public struct SCTPPacket: Sendable, Equatable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// Chosen by the receiver at association setup; a new association (or a restart)
    /// has a new one, so it tells apart associations between the same ports.
    public var verificationTag: UInt32
    /// CRC32c (Appendix B), not verified: checksum offload leaves it wrong in captures.
    public var checksum: UInt32
    public var dataChunks: [SCTPDataChunk]
    /// Chunks of other types (INIT, SACK, HEARTBEAT, I-DATA, ...), counted only.
    public var otherChunks: Int
    /// The first problem met after the common header. The walk stops at a chunk
    /// whose length is impossible, and skips a malformed DATA chunk; what came
    /// before stays usable, which is what a snap-length-truncated capture needs.
    public var error: SCTPParseError?

    public init(
        sourcePort: UInt16, destinationPort: UInt16, verificationTag: UInt32, checksum: UInt32,
        dataChunks: [SCTPDataChunk] = [], otherChunks: Int = 0, error: SCTPParseError? = nil
    ) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.verificationTag = verificationTag
        self.checksum = checksum
        self.dataChunks = dataChunks
        self.otherChunks = otherChunks
        self.error = error
    }
}

/// Why SCTP bytes could not be read in full. Offsets count from the start of the SCTP packet.
public enum SCTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fewer than the 12 bytes of the common header.
    case truncatedHeader(available: Int)
    /// A chunk length below the 4-byte chunk header: the walk cannot go on.
    case badChunkLength(offset: Int, length: Int)
    /// A chunk that runs past the end of the bytes (snap length, or a damaged packet).
    case truncatedChunk(offset: Int, length: Int, available: Int)
    /// A DATA chunk shorter than its 16-byte header plus one byte of data (§3.3.1:
    /// a DATA chunk with no user data is invalid).
    case badDataChunk(offset: Int, length: Int)

    public var description: String {
        switch self {
        case .truncatedHeader(let available):
            return "SCTP common header truncated: 12 bytes needed, \(available) available"
        case .badChunkLength(let offset, let length):
            return "SCTP chunk at offset \(offset) has impossible length \(length)"
        case .truncatedChunk(let offset, let length, let available):
            return "SCTP chunk at offset \(offset) of length \(length) runs past the \(available) bytes available"
        case .badDataChunk(let offset, let length):
            return "SCTP DATA chunk at offset \(offset) too short (\(length) bytes) to hold user data"
        }
    }
}

/// SCTP packet parsing (RFC 9260, which obsoletes RFC 4960): the common header and
/// the DATA chunks that carry SIP (RFC 4168).
public enum SCTP {
    /// Source port, destination port, verification tag, checksum (§3.1).
    public static let commonHeaderLength = 12
    /// Type, flags, length (§3.2).
    public static let chunkHeaderLength = 4
    /// Chunk header, TSN, stream identifier, stream sequence number, PPID (§3.3.1).
    public static let dataChunkHeaderLength = 16

    /// Chunk type values (§3.2; I-DATA from RFC 8260).
    public enum ChunkType {
        public static let data: UInt8 = 0
        public static let initiation: UInt8 = 1
        public static let initiationAck: UInt8 = 2
        public static let sack: UInt8 = 3
        public static let abort: UInt8 = 6
        public static let shutdown: UInt8 = 7
        public static let iData: UInt8 = 64
    }

    /// Parses the 12-byte common header and walks every chunk (each padded to a
    /// multiple of 4 bytes, §3.2), returning the DATA chunks; other chunk types are
    /// counted in `SCTPPacket.otherChunks` (see `parsePacket`). Strict: any problem
    /// in any chunk is a failure. Use `parsePacket` to keep the chunks before a problem.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer
    )
        -> Result<(sourcePort: UInt16, destinationPort: UInt16, chunks: [SCTPDataChunk]), SCTPParseError>
    {
        switch parsePacket(bytes) {
        case .failure(let error):
            return .failure(error)
        case .success(let packet):
            if let error = packet.error { return .failure(error) }
            return .success((packet.sourcePort, packet.destinationPort, packet.dataChunks))
        }
    }

    /// Parses leniently: fails only when the common header is cut short; a later
    /// problem is recorded in `SCTPPacket.error` with every DATA chunk before it kept.
    public static func parsePacket(_ bytes: UnsafeRawBufferPointer) -> Result<SCTPPacket, SCTPParseError> {
        let view = ByteView(bytes)
        guard view.has(commonHeaderLength, at: 0) else {
            return .failure(.truncatedHeader(available: view.count))
        }
        var packet = SCTPPacket(
            sourcePort: view.u16(0), destinationPort: view.u16(2), verificationTag: view.u32(4),
            checksum: view.u32(8))
        var offset = commonHeaderLength
        // §3.2: chunks follow the common header up to the end of the packet.
        while view.has(chunkHeaderLength, at: offset) {
            let type = view.u8(offset)
            let flags = view.u8(offset + 1)
            let length = Int(view.u16(offset + 2))
            guard length >= chunkHeaderLength else {
                packet.error = packet.error ?? .badChunkLength(offset: offset, length: length)
                break
            }
            guard view.has(length, at: offset) else {
                packet.error = packet.error ?? .truncatedChunk(offset: offset, length: length, available: view.count)
                break
            }
            if type == ChunkType.data {
                if length > dataChunkHeaderLength {
                    // §3.3.1 flags: bit 0 E, bit 1 B, bit 2 U (bit 3 I, RFC 7053, is a SACK hint).
                    packet.dataChunks.append(
                        SCTPDataChunk(
                            tsn: view.u32(offset + 4), streamID: view.u16(offset + 8),
                            streamSequence: view.u16(offset + 10), ppid: view.u32(offset + 12),
                            beginning: flags & 0x02 != 0, ending: flags & 0x01 != 0, unordered: flags & 0x04 != 0,
                            data: (offset + dataChunkHeaderLength)..<(offset + length)))
                } else {
                    packet.error = packet.error ?? .badDataChunk(offset: offset, length: length)
                }
            } else {
                packet.otherChunks += 1
            }
            // The length excludes the padding to 4 bytes; a last chunk may lack it.
            offset += (length + 3) & ~3
        }
        if packet.error == nil && offset < view.count {
            // 1 to 3 bytes left: too few for a chunk header.
            packet.error = .truncatedChunk(offset: offset, length: view.count - offset, available: view.count)
        }
        return .success(packet)
    }
}
