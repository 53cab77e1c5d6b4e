/// The header fields siptrace reads by name, with compact forms resolved.
///
/// Anything else is `.other` and keeps its name as written in the message.
public enum HeaderName: UInt8, Sendable, CaseIterable {
    case callID, from, to, via, cseq, contact, contentType, contentLength, contentEncoding
    case reason, retryAfter, maxForwards, userAgent, server, supported, require, unsupported
    case rseq, rack, sessionExpires, minSE, expires, minExpires, event, referTo, referredBy
    case allowEvents, subject, accept, allow, wwwAuthenticate, proxyAuthenticate, authorization
    case proxyAuthorization, recordRoute, route, acceptContact, rejectContact, requestDisposition
    case identity, identityInfo, warning, other

    /// The canonical spelling, used in reports.
    public var canonical: String {
        switch self {
        case .callID: "Call-ID"
        case .from: "From"
        case .to: "To"
        case .via: "Via"
        case .cseq: "CSeq"
        case .contact: "Contact"
        case .contentType: "Content-Type"
        case .contentLength: "Content-Length"
        case .contentEncoding: "Content-Encoding"
        case .reason: "Reason"
        case .retryAfter: "Retry-After"
        case .maxForwards: "Max-Forwards"
        case .userAgent: "User-Agent"
        case .server: "Server"
        case .supported: "Supported"
        case .require: "Require"
        case .unsupported: "Unsupported"
        case .rseq: "RSeq"
        case .rack: "RAck"
        case .sessionExpires: "Session-Expires"
        case .minSE: "Min-SE"
        case .expires: "Expires"
        case .minExpires: "Min-Expires"
        case .event: "Event"
        case .referTo: "Refer-To"
        case .referredBy: "Referred-By"
        case .allowEvents: "Allow-Events"
        case .subject: "Subject"
        case .accept: "Accept"
        case .allow: "Allow"
        case .wwwAuthenticate: "WWW-Authenticate"
        case .proxyAuthenticate: "Proxy-Authenticate"
        case .authorization: "Authorization"
        case .proxyAuthorization: "Proxy-Authorization"
        case .recordRoute: "Record-Route"
        case .route: "Route"
        case .acceptContact: "Accept-Contact"
        case .rejectContact: "Reject-Contact"
        case .requestDisposition: "Request-Disposition"
        case .identity: "Identity"
        case .identityInfo: "Identity-Info"
        case .warning: "Warning"
        case .other: ""
        }
    }

    /// Compact forms: RFC 3261 §7.3.3 (i m e l c f s k t v), RFC 6665 (o u),
    /// RFC 3515 (r), RFC 3892 (b), RFC 4028 (x), RFC 3841 (a j d), RFC 4474 (y n).
    static func compact(_ letter: UInt8) -> HeaderName? {
        switch ASCII.lower(letter) {
        case UInt8(ascii: "i"): .callID
        case UInt8(ascii: "m"): .contact
        case UInt8(ascii: "e"): .contentEncoding
        case UInt8(ascii: "l"): .contentLength
        case UInt8(ascii: "c"): .contentType
        case UInt8(ascii: "f"): .from
        case UInt8(ascii: "s"): .subject
        case UInt8(ascii: "k"): .supported
        case UInt8(ascii: "t"): .to
        case UInt8(ascii: "v"): .via
        case UInt8(ascii: "o"): .event
        case UInt8(ascii: "u"): .allowEvents
        case UInt8(ascii: "r"): .referTo
        case UInt8(ascii: "b"): .referredBy
        case UInt8(ascii: "x"): .sessionExpires
        case UInt8(ascii: "a"): .acceptContact
        case UInt8(ascii: "j"): .rejectContact
        case UInt8(ascii: "d"): .requestDisposition
        case UInt8(ascii: "y"): .identity
        case UInt8(ascii: "n"): .identityInfo
        default: nil
        }
    }

    /// Long names, lower-cased, bucketed by length so a lookup compares few candidates.
    private static let byLength: [Int: [(name: [UInt8], header: HeaderName)]] = {
        var table: [Int: [(name: [UInt8], header: HeaderName)]] = [:]
        for header in HeaderName.allCases where header != .other {
            let name = Array(header.canonical.lowercased().utf8)
            table[name.count, default: []].append((name, header))
        }
        return table
    }()

    /// Resolves the header name in `range` of `bytes`, case-insensitively.
    static func lookup(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> HeaderName {
        if range.count == 1, let compact = compact(bytes[range.lowerBound]) {
            return compact
        }
        guard let candidates = byLength[range.count] else { return .other }
        outer: for candidate in candidates {
            var i = 0
            for index in range {
                if ASCII.lower(bytes[index]) != candidate.name[i] { continue outer }
                i += 1
            }
            return candidate.header
        }
        return .other
    }
}
