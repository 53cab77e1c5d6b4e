import Calls
import Decode

/// Everything one analysis found: the model every renderer (text, JSON) reads.
/// Each figure in it was computed from the capture.
public struct AnalysisReport: Sendable {
    public var capture: CaptureSummary
    /// Totals over the whole capture, including calls not listed in `calls`
    /// (a summary-only run keeps no per-call detail).
    public var summary: TrafficSummary
    public var calls: [Call]
    /// SIP messages without a Call-ID: counted, listed, not grouped.
    public var withoutCallID: [MessageRecord]
    public var malformed: [MalformedMessage]
    /// Malformed messages past the listing cap: counted, not listed.
    public var malformedNotListed = 0
    /// Messages that came after their call had ended and been reported (the
    /// first 10,000; `summary.lateMessages` counts them all).
    public var lateMessages: [MessageRecord] = []

    public init(
        capture: CaptureSummary, summary: TrafficSummary, calls: [Call], withoutCallID: [MessageRecord],
        malformed: [MalformedMessage]
    ) {
        self.capture = capture
        self.summary = summary
        self.calls = calls
        self.withoutCallID = withoutCallID
        self.malformed = malformed
    }

    /// Every SIP message: all calls' and the ungrouped.
    public var allMessages: [MessageRecord] {
        calls.flatMap(\.messages) + lateMessages + withoutCallID
    }
}

/// What the report says about the capture file itself.
public struct CaptureSummary: Sendable {
    public var file: String
    /// `pcap` or `pcapng`.
    public var format: String
    /// libpcap's names of the link types seen (`EN10MB`, `LINUX_SLL2`).
    public var linkTypes: [String]
    public var packets: Int
    /// SIP messages read (a TCP segment may hold several).
    public var sipMessages: Int
    /// Packets that gave no SIP message, per reason, in a fixed order.
    public var skippedByReason: [(reason: String, count: Int)]
    /// Set when the file ends inside a packet: what libpcap said.
    public var truncation: String?
    /// Comments the capture file carries (pcapng), as written there.
    public var comments: [String] = []
    /// TCP connections that started TLS (SIP over TLS on 5061, WSS): their
    /// messages are encrypted and not in the report.
    public var tlsFlows = 0
    /// IP datagrams whose fragments never all arrived (dropped, counted).
    public var incompleteDatagrams = 0
    /// TCP bytes that could not be framed into SIP (gaps, caps, streams ended mid-message).
    public var unframedTCPBytes = 0

    public init(
        file: String, format: String, linkTypes: [String], packets: Int, sipMessages: Int,
        skippedByReason: [(reason: String, count: Int)], truncation: String?
    ) {
        self.file = file
        self.format = format
        self.linkTypes = linkTypes
        self.packets = packets
        self.sipMessages = sipMessages
        self.skippedByReason = skippedByReason
        self.truncation = truncation
    }

    public var skipped: Int { skippedByReason.reduce(0) { $0 + $1.count } }
}

/// A payload that started like SIP but could not be read as a message, or a
/// message read with a problem worth telling.
public struct MalformedMessage: Sendable, Equatable {
    public var frame: Int
    public var error: String

    public init(frame: Int, error: String) {
        self.frame = frame
        self.error = error
    }
}
