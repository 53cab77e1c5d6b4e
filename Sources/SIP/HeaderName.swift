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

    /// This name's bit in a set of names (there are fewer than 64).
    package var bit: UInt64 { 1 << UInt64(rawValue) }

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

    /// Resolves the header name in `range` of `bytes`, case-insensitively: a
    /// compact form when one byte long, else one of the long names above.
    ///
    /// Allocation-free and branchy: a switch on the length, then on the first
    /// byte, then a whole-word comparison with the lower-case spelling
    /// (`matches`). The spellings are those of `canonical`, lower-cased; a test
    /// resolves every name in mixed case and near misses of each.
    static func lookup(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> HeaderName {
        // A range outside the buffer is a caller's bug: trap (the byte subscripts
        // this replaces only trapped in debug builds).
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "header name range out of bounds")
        guard let base = bytes.baseAddress, !range.isEmpty else { return .other }
        // SAFETY: `range` is non-empty and inside `bytes` (checked just above).
        return resolve(base + range.lowerBound, range.count)
    }

    /// `lookup` of the `count` bytes at `p`, which must be readable and at
    /// least one. Inlined into the parser's header loop: a call there made
    /// it keep its loop's values in memory across the call.
    ///
    /// SAFETY: `matches` reads exactly `count` bytes from `p`, and is only
    /// given a spelling of that length (the switch).
    @inline(__always)
    static func resolve(_ p: UnsafeRawPointer, _ count: Int) -> HeaderName {
        let first = p.load(as: UInt8.self) | 0x20  // a guess for the dispatch only; `matches` checks every byte
        switch count {
        case 1: return compact(p.load(as: UInt8.self)) ?? .other
        case 2: return matches(p, "to") ? .to : .other
        case 3: return matches(p, "via") ? .via : .other
        case 4:
            switch first {
            case UInt8(ascii: "f"): return matches(p, "from") ? .from : .other
            case UInt8(ascii: "c"): return matches(p, "cseq") ? .cseq : .other
            case UInt8(ascii: "r"):
                if matches(p, "rseq") { return .rseq }
                return matches(p, "rack") ? .rack : .other
            default: return .other
            }
        case 5:
            switch first {
            case UInt8(ascii: "e"): return matches(p, "event") ? .event : .other
            case UInt8(ascii: "a"): return matches(p, "allow") ? .allow : .other
            case UInt8(ascii: "r"): return matches(p, "route") ? .route : .other
            default: return .other
            }
        case 6:
            switch first {
            case UInt8(ascii: "r"): return matches(p, "reason") ? .reason : .other
            case UInt8(ascii: "s"): return matches(p, "server") ? .server : .other
            case UInt8(ascii: "m"): return matches(p, "min-se") ? .minSE : .other
            case UInt8(ascii: "a"): return matches(p, "accept") ? .accept : .other
            default: return .other
            }
        case 7:
            switch first {
            case UInt8(ascii: "c"):
                if matches(p, "call-id") { return .callID }
                return matches(p, "contact") ? .contact : .other
            case UInt8(ascii: "r"): return matches(p, "require") ? .require : .other
            case UInt8(ascii: "e"): return matches(p, "expires") ? .expires : .other
            case UInt8(ascii: "s"): return matches(p, "subject") ? .subject : .other
            case UInt8(ascii: "w"): return matches(p, "warning") ? .warning : .other
            default: return .other
            }
        case 8:
            switch first {
            case UInt8(ascii: "r"): return matches(p, "refer-to") ? .referTo : .other
            case UInt8(ascii: "i"): return matches(p, "identity") ? .identity : .other
            default: return .other
            }
        case 9: return matches(p, "supported") ? .supported : .other
        case 10: return matches(p, "user-agent") ? .userAgent : .other
        case 11:
            switch first {
            case UInt8(ascii: "r"):
                if matches(p, "retry-after") { return .retryAfter }
                return matches(p, "referred-by") ? .referredBy : .other
            case UInt8(ascii: "u"): return matches(p, "unsupported") ? .unsupported : .other
            case UInt8(ascii: "m"): return matches(p, "min-expires") ? .minExpires : .other
            default: return .other
            }
        case 12:
            switch first {
            case UInt8(ascii: "c"): return matches(p, "content-type") ? .contentType : .other
            case UInt8(ascii: "m"): return matches(p, "max-forwards") ? .maxForwards : .other
            case UInt8(ascii: "a"): return matches(p, "allow-events") ? .allowEvents : .other
            case UInt8(ascii: "r"): return matches(p, "record-route") ? .recordRoute : .other
            default: return .other
            }
        case 13:
            switch first {
            case UInt8(ascii: "a"): return matches(p, "authorization") ? .authorization : .other
            case UInt8(ascii: "i"): return matches(p, "identity-info") ? .identityInfo : .other
            default: return .other
            }
        case 14:
            switch first {
            case UInt8(ascii: "c"): return matches(p, "content-length") ? .contentLength : .other
            case UInt8(ascii: "a"): return matches(p, "accept-contact") ? .acceptContact : .other
            case UInt8(ascii: "r"): return matches(p, "reject-contact") ? .rejectContact : .other
            default: return .other
            }
        case 15: return matches(p, "session-expires") ? .sessionExpires : .other
        case 16:
            switch first {
            case UInt8(ascii: "c"): return matches(p, "content-encoding") ? .contentEncoding : .other
            case UInt8(ascii: "w"): return matches(p, "www-authenticate") ? .wwwAuthenticate : .other
            default: return .other
            }
        case 18: return matches(p, "proxy-authenticate") ? .proxyAuthenticate : .other
        case 19:
            switch first {
            case UInt8(ascii: "p"): return matches(p, "proxy-authorization") ? .proxyAuthorization : .other
            case UInt8(ascii: "r"): return matches(p, "request-disposition") ? .requestDisposition : .other
            default: return .other
            }
        default: return .other
        }
    }

    /// Whether the `spelling.utf8CodeUnitCount` bytes at `p` are `spelling`
    /// ignoring ASCII case, exactly as `ASCII.lower(byte) == spelling byte`
    /// for each byte. `spelling` is lower-case letters and `-` only.
    ///
    /// Compared a word at a time, with overlapping words for lengths that are
    /// not a word: a byte matches a letter `l` when `byte | 0x20 == l` (so `l`
    /// or its upper case, nothing else), and matches `-` only when it is `-`
    /// (the `0x20` is left out there, or CR, 0x0D, would pass for `-`, 0x2D).
    /// Bit 0x40 is set in every lower-case letter and not in `-`, so
    /// `(word & 0x40…) >> 1` is that per-byte mask.
    @inline(__always)
    private static func matches(_ p: UnsafeRawPointer, _ spelling: StaticString) -> Bool {
        let n = spelling.utf8CodeUnitCount
        let s = UnsafeRawPointer(spelling.utf8Start)
        // SAFETY: every read below is at an offset in 0...(n - width) for its
        // width, so inside both the caller's n bytes at `p` and the spelling's n bytes.
        switch n {
        case 2:
            return word(p, s, 0, UInt16.self)
        case 3:
            return word(p, s, 0, UInt16.self) && word(p, s, 1, UInt16.self)
        case 4:
            return word(p, s, 0, UInt32.self)
        case 5...7:
            return word(p, s, 0, UInt32.self) && word(p, s, n - 4, UInt32.self)
        case 8:
            return word(p, s, 0, UInt64.self)
        case 9...16:
            return word(p, s, 0, UInt64.self) && word(p, s, n - 8, UInt64.self)
        default:
            // 17 to 24 (the longest name is 19).
            return word(p, s, 0, UInt64.self) && word(p, s, 8, UInt64.self) && word(p, s, n - 8, UInt64.self)
        }
    }

    @inline(__always)
    private static func word<W: FixedWidthInteger & UnsignedInteger>(
        _ p: UnsafeRawPointer, _ spelling: UnsafeRawPointer, _ offset: Int, _: W.Type
    ) -> Bool {
        let mask = W(truncatingIfNeeded: 0x4040_4040_4040_4040 as UInt64)
        let s = spelling.loadUnaligned(fromByteOffset: offset, as: W.self)
        let x = p.loadUnaligned(fromByteOffset: offset, as: W.self)
        return x | ((s & mask) >> 1) == s
    }
}
