/// The per-packet path: decode → SIP parse → call tracking, with every packet
/// accounted for. Offline analysis and live capture both feed packets through
/// this one type, so the two cannot drift apart.
public struct Pipeline {
    public private(set) var accounting = PacketAccounting()
    public private(set) var tracker = CallTracker()
    /// Running totals: every message, and every call once it is finished.
    public private(set) var summary = TrafficSummary()
    public private(set) var malformed: [MalformedMessage] = []
    public private(set) var linkTypes: [Int32] = []

    private let decoder = PacketDecoder()
    private var parser = SIPParser()

    public init() {}

    /// Feeds one captured packet. `onMessage` sees each SIP message as recorded
    /// (live output uses it); the bytes are only valid during this call.
    public mutating func ingest(
        frame: Int, timestamp: Int64, linkType: Int32, bytes: UnsafeRawBufferPointer,
        onMessage: (MessageRecord) -> Void = { _ in }
    ) {
        accounting.packet()
        if !linkTypes.contains(linkType) { linkTypes.append(linkType) }
        let packet: DecodedPacket
        switch decoder.decode(linkType: linkType, bytes: bytes) {
        case .skipped(let reason):
            accounting.skipped(reason)
            return
        case .packet(let p):
            packet = p
        }
        guard !packet.payload.isEmpty else {
            accounting.skippedNoPayload()
            return
        }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[packet.payload])
        let stream = packet.transport == .tcp
        var offset = 0
        var messages = 0
        var sawMalformed = false
        while offset < payload.count {
            let rest = UnsafeRawBufferPointer(rebasing: payload[offset...])
            switch parser.parse(rest, stream: stream) {
            case .notSIP:
                // Trailing bytes after messages in a TCP segment are the start of a
                // message continuing in the next segment; without stream reassembly
                // they cannot be read, and the segment is already counted as SIP.
                offset = payload.count
            case .malformed(let error, let consumed):
                malformed.append(MalformedMessage(frame: frame, error: error.description))
                sawMalformed = true
                offset += max(consumed, 1)
                if !stream { offset = payload.count }
            case .message(let view, let consumed):
                let message = SIPMessage(view)
                for problem in message.problems {
                    malformed.append(MalformedMessage(frame: frame, error: problem.description))
                }
                if message.callID?.isEmpty ?? true {
                    malformed.append(MalformedMessage(frame: frame, error: "no Call-ID header"))
                }
                let record = tracker.add(
                    MessageRecord(
                        frame: frame, timestamp: timestamp, source: packet.source, destination: packet.destination,
                        transport: packet.transport, message: message))
                summary.count(record)
                onMessage(record)
                messages += 1
                offset += max(consumed, 1)
            }
        }
        if messages > 0 {
            accounting.sipFrame(messages: messages)
        } else if sawMalformed {
            accounting.skippedMalformed()
        } else {
            accounting.skippedNotSIP()
        }
    }

    /// Removes the calls that are over (see `CallTracker.expire`), counts them
    /// in the summary and returns them, in order of first appearance.
    public mutating func expireCalls(now: Int64, linger: Int64, idleTimeout: Int64) -> [Call] {
        let calls = tracker.expire(now: now, linger: linger, idleTimeout: idleTimeout)
        for call in calls { summary.count(call) }
        return calls
    }

    /// Ends the stream: every call still tracked, counted and returned.
    public mutating func finish() -> [Call] {
        let calls = tracker.drain()
        for call in calls { summary.count(call) }
        return calls
    }
}
