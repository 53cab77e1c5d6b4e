import Calls
import Decode

/// Everything one analysis found: the model every renderer (text, JSON) reads.
/// Each figure in it was computed from the capture.
public struct AnalysisReport: Sendable {
    public var capture: CaptureSummary
    public var calls: [Call]
    /// SIP messages without a Call-ID: counted, listed, not grouped.
    public var withoutCallID: [MessageRecord]
    public var malformed: [MalformedMessage]

    public init(capture: CaptureSummary, calls: [Call], withoutCallID: [MessageRecord], malformed: [MalformedMessage]) {
        self.capture = capture
        self.calls = calls
        self.withoutCallID = withoutCallID
        self.malformed = malformed
    }

    /// Every SIP message in capture order's terms: all calls' and the ungrouped.
    public var allMessages: [MessageRecord] {
        calls.flatMap(\.messages) + withoutCallID
    }

    /// Requests per method, most frequent first then by name. Retransmissions
    /// count: every message on the wire counts, as `tshark -z sip,stat` counts.
    public var requestCounts: [(String, Int)] {
        var counts: [String: Int] = [:]
        for record in allMessages {
            if let method = record.message.method { counts[method, default: 0] += 1 }
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    }

    /// Responses per status code, in code order.
    public var responseCounts: [(Int, Int)] {
        var counts: [Int: Int] = [:]
        for record in allMessages {
            if let status = record.message.status { counts[status, default: 0] += 1 }
        }
        return counts.sorted { $0.key < $1.key }
    }

    /// Calls per outcome, in the enum's order, zero counts left out.
    public var outcomeCounts: [(CallOutcome, Int)] {
        CallOutcome.allCases.compactMap { outcome in
            let n = calls.filter { $0.outcome == outcome }.count
            return n > 0 ? (outcome, n) : nil
        }
    }

    public var retransmissions: Int {
        allMessages.reduce(0) { $0 + ($1.isRetransmission ? 1 : 0) }
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
