/// Why a capture could not be opened or read. `description` is one line naming the file.
public struct CaptureError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The file does not exist or cannot be read.
        case cannotOpen
        /// The bytes are not a pcap or pcapng capture.
        case notACapture
        /// The capture ends before its first packet could be read (empty or cut in its header).
        case truncatedHeader
        /// libpcap failed while reading.
        case readFailed
    }

    public let kind: Kind
    public let file: String
    public let detail: String

    public init(kind: Kind, file: String, detail: String) {
        self.kind = kind
        self.file = file
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .cannotOpen: return "\(file): cannot open: \(detail)"
        case .notACapture: return "\(file): not a pcap or pcapng capture (\(detail))"
        case .truncatedHeader: return "\(file): truncated capture, no packet can be read (\(detail))"
        case .readFailed: return "\(file): read error: \(detail)"
        }
    }
}
