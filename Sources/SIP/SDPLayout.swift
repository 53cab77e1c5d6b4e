/// Where the parts of an SDP body are, as `SDPParser.parse` reads them: byte
/// ranges into the message, and no `String`. `session(_:)` makes the
/// `SDPSession` the parser returns; the JSON written as a message is read
/// (ndjson) is written from the ranges themselves.
///
/// Why: parsing into strings and arrays made four or five allocations per
/// body, and a body rides on most INVITEs and their answers. A reader keeps
/// one layout and reuses it: `read` empties it and keeps its arrays'
/// capacity, so after the first few bodies reading one allocates nothing.
public struct SDPLayout: Sendable {
    /// One `m=` line.
    public struct Media: Sendable {
        public var type: Range<Int>
        public var port: Int
        public var proto: Range<Int>
        /// The line's formats (payload types), at these indices of
        /// `SDPLayout.formats`.
        public var formats: Range<Int>
        /// The media's own `c=` address and direction attribute.
        public var address: Range<Int>?
        public var direction: MediaDirection?
    }

    public private(set) var media: [Media] = []
    /// Every media's formats, back to back (see `Media.formats`).
    public private(set) var formats: [Range<Int>] = []
    /// Every `a=rtpmap` line after the first `m=`, in order: which media it
    /// follows, its format and its codec.
    private var rtpmaps: [(media: Int, format: Range<Int>, codec: Range<Int>)] = []
    /// The session-level `c=` address and direction attribute.
    public private(set) var sessionAddress: Range<Int>? = nil
    public private(set) var sessionDirection: MediaDirection? = nil

    public init() {}

    /// Reads the body at `range` of `bytes`, forgetting the last one read.
    /// False when it describes no session (no `v=` line and no `m=` line of
    /// three fields): where `SDPParser.parse` returns nil. Unknown lines are
    /// skipped, as RFC 4566 asks.
    public mutating func read(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        media.removeAll(keepingCapacity: true)
        formats.removeAll(keepingCapacity: true)
        rtpmaps.removeAll(keepingCapacity: true)
        sessionAddress = nil
        sessionDirection = nil
        var sawVersion = false
        var lines = SDPParser.Lines(bytes, range)
        while let (letter, value) = lines.next() {
            switch letter {
            case UInt8(ascii: "v"):
                sawVersion = true
            case UInt8(ascii: "c"):
                // c=IN IP4 192.0.2.1 (maybe /ttl)
                var i = value.lowerBound
                guard SDPParser.nextWord(bytes, &i, value.upperBound) != nil,
                    SDPParser.nextWord(bytes, &i, value.upperBound) != nil,
                    var address = SDPParser.nextWord(bytes, &i, value.upperBound)
                else { continue }
                if let slash = bytes.firstIndex(of: ASCII.slash, in: address) { address = address.lowerBound..<slash }
                if media.isEmpty {
                    sessionAddress = address
                } else {
                    media[media.count - 1].address = address
                }
            case UInt8(ascii: "m"):
                // m=audio 6000 RTP/AVP 0 8 101
                var i = value.lowerBound
                guard let type = SDPParser.nextWord(bytes, &i, value.upperBound),
                    var portField = SDPParser.nextWord(bytes, &i, value.upperBound),
                    let proto = SDPParser.nextWord(bytes, &i, value.upperBound)
                else { continue }
                if let slash = bytes.firstIndex(of: ASCII.slash, in: portField) {
                    portField = portField.lowerBound..<slash
                }
                let first = formats.count
                while formats.count - first < SDPParser.maximumFormats,
                    let format = SDPParser.nextWord(bytes, &i, value.upperBound)
                {
                    formats.append(format)
                }
                media.append(
                    Media(
                        type: type, port: bytes.decimal(portField, limit: 65535) ?? 0, proto: proto,
                        formats: first..<formats.count, address: nil, direction: nil))
            case UInt8(ascii: "a"):
                if let direction = SDPParser.direction(bytes, value) {
                    if media.isEmpty {
                        sessionDirection = direction
                    } else {
                        media[media.count - 1].direction = direction
                    }
                } else if !media.isEmpty, value.count >= 7, bytes.hasPrefix("rtpmap:", at: value.lowerBound) {
                    // (Within the value: a body that Content-Length cuts
                    // inside the attribute's name may be followed by the
                    // rest of it, and `rest` would then end before it starts.)
                    // a=rtpmap:101 telephone-event/8000
                    let rest = (value.lowerBound + 7)..<value.upperBound
                    guard let space = bytes.firstIndex(of: ASCII.space, in: rest) else { continue }
                    rtpmaps.append(
                        (media.count - 1, rest.lowerBound..<space, bytes.trimmed((space + 1)..<rest.upperBound)))
                }
            default:
                continue
            }
        }
        return sawVersion || !media.isEmpty
    }

    /// Media `index`'s address: its own `c=`, else the session's.
    public func address(_ index: Int) -> Range<Int>? { media[index].address ?? sessionAddress }

    /// Media `index`'s direction: its own attribute, else the session's, else
    /// sendrecv (RFC 3264 §5.1).
    public func direction(_ index: Int) -> MediaDirection {
        media[index].direction ?? sessionDirection ?? .sendrecv
    }

    /// Whether media `index` lists codecs: only RTP formats name one (see
    /// `codec`); the others (`udptl` T.38, ...) list none.
    public func listsCodecs(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> Bool {
        SDPParser.mentionsRTP(bytes, media[index].proto)
    }

    /// A codec's name: bytes of the body (read as `bytes.string` reads
    /// them), or a static payload type's name.
    public enum Codec: Sendable {
        case bytes(Range<Int>)
        case name(String)
    }

    /// What names the codec of the format at `format` (an index of `formats`)
    /// of media `index`: the last rtpmap line of that media for that format,
    /// else the static payload type's RFC 3551 name, else the format itself.
    public func codec(_ bytes: UnsafeRawBufferPointer, media index: Int, format: Int) -> Codec {
        let range = formats[format]
        var i = rtpmaps.count - 1
        while i >= 0 {
            if rtpmaps[i].media == index && SDPParser.sameFormat(bytes, rtpmaps[i].format, range) {
                return .bytes(rtpmaps[i].codec)
            }
            i -= 1
        }
        if let name = SDPParser.staticCodec(bytes, range) { return .name(name) }
        return .bytes(range)
    }

    /// Media `index` as `SDPParser.parse` gives it.
    public func media(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> SDPMedia {
        let m = media[index]
        let formatNames = m.formats.map { bytes.string(formats[$0]) }
        var codecs: [String] = []
        if listsCodecs(bytes, index) {
            codecs = m.formats.map { format in
                switch codec(bytes, media: index, format: format) {
                case .bytes(let range): bytes.string(range)
                case .name(let name): name
                }
            }
        }
        return SDPMedia(
            type: bytes.string(m.type), port: m.port, proto: bytes.string(m.proto), formats: formatNames,
            codecs: codecs, connectionAddress: address(index).map { bytes.string($0) }, direction: direction(index))
    }

    /// The whole session, as `SDPParser.parse` gives it.
    public func session(_ bytes: UnsafeRawBufferPointer) -> SDPSession {
        SDPSession(
            connectionAddress: sessionAddress.map { bytes.string($0) },
            media: media.indices.map { media(bytes, $0) })
    }
}
