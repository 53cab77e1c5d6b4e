/// Parses an SDP body (RFC 4566) for what a call ladder needs: addresses, media
/// lines, codecs and direction. Unknown lines are ignored, as the RFC asks.
public enum SDPParser {
    /// Static RTP payload types (RFC 3551 §6) that need no rtpmap.
    static let staticPayloadTypes: [String: String] = [
        "0": "PCMU/8000", "3": "GSM/8000", "4": "G723/8000", "5": "DVI4/8000", "6": "DVI4/16000",
        "7": "LPC/8000", "8": "PCMA/8000", "9": "G722/8000", "10": "L16/44100", "11": "L16/44100",
        "12": "QCELP/8000", "13": "CN/8000", "14": "MPA/90000", "15": "G728/8000", "16": "DVI4/11025",
        "17": "DVI4/22050", "18": "G729/8000", "25": "CelB/90000", "26": "JPEG/90000", "28": "nv/90000",
        "31": "H261/90000", "32": "MPV/90000", "33": "MP2T/90000", "34": "H263/90000",
    ]

    public static func parse(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> SDPSession? {
        var session = SDPSession(connectionAddress: nil, media: [])
        var sessionDirection: MediaDirection? = nil
        var mediaDirections: [MediaDirection?] = []
        var rtpmaps: [[String: String]] = []
        var sawVersion = false
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            let lineEnd = bytes.firstIndex(of: ASCII.lf, in: cursor..<range.upperBound) ?? range.upperBound
            let line = bytes.trimmed(cursor..<lineEnd)
            cursor = lineEnd + 1
            guard line.count >= 2, bytes[line.lowerBound + 1] == ASCII.equals else { continue }
            let kind = bytes[line.lowerBound]
            let value = (line.lowerBound + 2)..<line.upperBound
            switch kind {
            case UInt8(ascii: "v"):
                sawVersion = true
            case UInt8(ascii: "c"):
                // c=IN IP4 192.0.2.1 (maybe /ttl)
                let parts = bytes.string(value).split(separator: " ")
                guard parts.count >= 3 else { continue }
                let address = String(parts[2].prefix { $0 != "/" })
                if session.media.isEmpty {
                    session.connectionAddress = address
                } else {
                    session.media[session.media.count - 1].connectionAddress = address
                }
            case UInt8(ascii: "m"):
                // m=audio 6000 RTP/AVP 0 8 101
                let parts = bytes.string(value).split(separator: " ")
                guard parts.count >= 3 else { continue }
                let port = Int(parts[1].prefix { $0 != "/" }) ?? 0
                session.media.append(
                    SDPMedia(
                        type: String(parts[0]), port: port, proto: String(parts[2]),
                        formats: parts.dropFirst(3).map(String.init), codecs: [], connectionAddress: nil,
                        direction: .sendrecv))
                mediaDirections.append(nil)
                rtpmaps.append([:])
            case UInt8(ascii: "a"):
                let attribute = bytes.string(value)
                if let direction = MediaDirection(rawValue: attribute) {
                    if session.media.isEmpty {
                        sessionDirection = direction
                    } else {
                        mediaDirections[mediaDirections.count - 1] = direction
                    }
                } else if attribute.hasPrefix("rtpmap:"), !session.media.isEmpty {
                    let rest = attribute.dropFirst(7)
                    guard let space = rest.firstIndex(of: " ") else { continue }
                    let pt = String(rest[..<space])
                    let codec = rest[rest.index(after: space)...].trimmingSpaces()
                    rtpmaps[rtpmaps.count - 1][pt] = codec
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
            if media.proto.uppercased().hasPrefix("RTP/") || media.proto.uppercased().contains("RTP") {
                media.codecs = media.formats.map { rtpmaps[index][$0] ?? staticPayloadTypes[$0] ?? $0 }
            } else {
                media.codecs = []
            }
            session.media[index] = media
        }
        return session
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
