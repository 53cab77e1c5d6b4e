/// Media direction attributes (RFC 4566 §6, RFC 3264 §5.1). Absent means sendrecv.
public enum MediaDirection: String, Sendable, Equatable {
    case sendrecv, sendonly, recvonly, inactive
}

/// One `m=` section of an SDP body.
public struct SDPMedia: Sendable, Equatable {
    /// `audio`, `video`, `image` (T.38), ...
    public var type: String
    public var port: Int
    /// `RTP/AVP`, `RTP/SAVP`, `udptl`, ...
    public var proto: String
    /// Payload types (formats) in the order offered.
    public var formats: [String]
    /// Codecs from `a=rtpmap` lines, `PCMU/8000`, in the order of `formats`;
    /// static payload types without rtpmap get their RFC 3551 name.
    public var codecs: [String]
    /// The media's own `c=` address, or the session's.
    public var connectionAddress: String?
    /// The media's direction attribute, or the session's, or sendrecv.
    public var direction: MediaDirection

    public init(
        type: String, port: Int, proto: String, formats: [String], codecs: [String], connectionAddress: String?,
        direction: MediaDirection
    ) {
        self.type = type
        self.port = port
        self.proto = proto
        self.formats = formats
        self.codecs = codecs
        self.connectionAddress = connectionAddress
        self.direction = direction
    }
}

/// An SDP body (RFC 4566): what the report shows of an offer or answer.
public struct SDPSession: Sendable, Equatable {
    /// The session-level `c=` address.
    public var connectionAddress: String?
    public var media: [SDPMedia]

    /// "audio 6000 RTP/AVP PCMU/8000,telephone-event/8000 sendrecv", a line per media.
    public var summary: String {
        media.map { m in
            var s = "\(m.type) \(m.connectionAddress.map { "\($0):" } ?? "")\(m.port) \(m.proto)"
            if !m.codecs.isEmpty { s += " " + m.codecs.joined(separator: ",") }
            s += " " + m.direction.rawValue
            return s
        }.joined(separator: "; ")
    }
}
