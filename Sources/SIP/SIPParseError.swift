/// Why a payload that starts like SIP is not a well-formed SIP message.
/// `description` is the short reason printed beside the frame number.
public enum SIPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case badStartLine(String)
    case badHeaderLine(line: Int)
    case noEndOfHeaders
    case badContentLength
    case contentLengthExceedsPacket(declared: Int, available: Int)
    case missingContentLengthOnStream
    /// More header lines than `SIPParser.maximumHeaders`: those after the
    /// first `kept` are not read (a guard against endless garbage).
    case tooManyHeaderLines(kept: Int)

    public var description: String {
        switch self {
        case .badStartLine(let why): "broken start line: \(why)"
        case .badHeaderLine(let line): "header line \(line) has no colon"
        case .noEndOfHeaders: "no blank line after the headers (message cut short?)"
        case .badContentLength: "Content-Length is not a number"
        case .contentLengthExceedsPacket(let declared, let available):
            "Content-Length \(declared) is larger than the \(available) body bytes present"
        case .missingContentLengthOnStream:
            "no Content-Length on a stream transport (RFC 3261 §18.3); body taken as empty"
        case .tooManyHeaderLines(let kept):
            "more than \(kept) header lines; the lines after the \(kept)th are not read"
        }
    }
}
