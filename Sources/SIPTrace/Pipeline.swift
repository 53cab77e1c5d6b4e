/// The per-packet path: decode → (reassemble) → SIP parse → call tracking, with
/// every packet accounted for. Offline analysis and live capture both feed
/// packets through this one type, so the two cannot drift apart.
public struct Pipeline {
    public private(set) var accounting = PacketAccounting()
    /// Call tracking and the running totals. While messages are handed off to
    /// another thread (`beginHandoff`), that thread has it.
    public private(set) var calls = CallStage()
    public var tracker: CallTracker { calls.tracker }
    /// Running totals: every message, and every call once it is finished.
    public var summary: TrafficSummary { calls.summary }
    /// While handing off: the batch being filled for the tracking thread, and
    /// the records of messages without a Call-ID (the tracker gets them back
    /// with the stage, in order).
    private var outbox: MessageBatch? = nil
    /// While handing off: of every eight messages, how many have their tags
    /// and branch read here rather than on the tracking thread (0 to 8). The
    /// analyzer moves it (through `shareLevel`) while one thread waits for
    /// the other, so the work balances itself between the two cores; the
    /// facts are the same either way.
    var tagShare = 0
    /// While a summary hands off with every tag read on the tracking thread
    /// (`tagShare` 0): of every eight messages, how many have their Call-ID's
    /// hash worked out there too (0 to 8), for when this thread is still the
    /// slower one (seen on two cores of an AMD EPYC: the share sat at 0 for
    /// most hand-overs, and this thread used more time than the other).
    var hashesAway = 0
    private var handedOff = 0

    /// `tagShare` and `hashesAway` as one scale of the work done here, -8 to
    /// 8, which the analyzer moves a step at a time as the threads wait for
    /// each other: below 0, hashes go to the tracking thread (a summary
    /// only); above, tags come here.
    var shareLevel: Int {
        get { tagShare - hashesAway }
        set {
            let level = min(8, max(countsOnly ? -8 : 0, newValue))
            tagShare = max(0, level)
            hashesAway = max(0, -level)
        }
    }
    private var heldWithoutCallID: [MessageRecord] = []
    /// Malformed messages by frame, the first `maximumMalformedListed` of them;
    /// the rest are counted in `malformedNotListed`, so a capture full of
    /// garbage cannot grow memory without bound.
    public private(set) var malformed: [MalformedMessage] = []
    public private(set) var malformedNotListed = 0
    public static let maximumMalformedListed = 10_000
    public private(set) var linkTypes: [Int32] = []
    public private(set) var fragments = IPReassembler()
    public private(set) var streams = TCPReassembler()
    public private(set) var sctp = SCTPReassembler()
    /// Connections seen starting a TLS handshake: their SIP cannot be read
    /// without keys, but the report says how many there were (both directions
    /// of a connection count once).
    public private(set) var tlsFlows: Set<TCPStreamKey> = []
    /// Stream bytes passed over while looking for the next message start.
    public private(set) var streamBytesSkipped = 0
    /// Stream directions that switched to WebSocket framing (RFC 6455 §4,
    /// SIP over WebSocket per RFC 7118).
    private var webSockets: [TCPStreamKey: WebSocketDecoder] = [:]
    /// Caps on the per-connection state above (a flood of connections must not
    /// grow memory without bound; past the cap the oldest knowledge is dropped).
    static let maximumTrackedConnections = 100_000

    private let decoder = PacketDecoder()
    private var parser = SIPParser()
    /// From and To values parsed lately, reused for the next messages of
    /// their calls (see `NameAddressCache`).
    private var names = NameAddressCache()
    /// Calls are streamed as ndjson and each message's JSON is written here,
    /// as it is read, into `json` (see `streamMessageJSON`).
    public private(set) var streamsMessageJSON = false
    private var json = JSONWriter(pretty: false)
    /// Where the last message's SDP parts were (streamed, or made into a
    /// record): kept, so that its arrays, grown once, are reused (see
    /// `SDPLayout`).
    private var sdpLayout = SDPLayout()
    /// Capture time of the last housekeeping pass over reassembly buffers.
    private var lastHousekeeping: Int64? = nil

    public init() {}

    /// Only counts: no message is copied out of its packet, calls are reduced
    /// to their figures as they end (`summary`), and `expireCalls`/`finish`
    /// return no `Call`. `onMessage` is then never called.
    public var countsOnly: Bool { !tracker.keepsRecords }

    /// Calls will be streamed out as they end: keep only the compact part of
    /// each message while its call is live; without `dialogs`, skip working out
    /// each call's dialogs.
    public mutating func streamCalls(dialogs: Bool = true) {
        calls.tracker.compactMessages = true
        calls.tracker.buildDialogs = dialogs
    }

    /// Calls will be streamed out as ndjson (see `streamCalls`): each message
    /// with a Call-ID is kept as a `StreamedMessage`, its JSON written as it is
    /// read, instead of a `MessageRecord`; a call then comes with its messages
    /// in `Call.streamed` (its `messages` empty), for `JSONReport.write(_:_:)`
    /// on a compact writer. No `MessageRecord` is made for such a message, so
    /// `ingest`'s `onMessage` sees only those without a Call-ID, and a late
    /// copy of an ended call is counted, not kept (`CallTracker.late`).
    public mutating func streamMessageJSON(dialogs: Bool = true) {
        streamCalls(dialogs: dialogs)
        streamsMessageJSON = true
    }

    /// A summary: counts, outcomes and metrics, nothing per call or per message
    /// (see `countsOnly`). The per-packet path then allocates nothing.
    public mutating func countOnly() {
        streamCalls(dialogs: false)
        calls.tracker.keepsRecords = false
    }

    /// From now on, messages and expiries go into batches for a tracking thread
    /// (`TrackingThread`) instead of the tracker here; returns the stage that
    /// thread is to run. Calls end on that thread, so `expireCalls` returns
    /// none here, and `onMessage` is never called (live output, which shows
    /// each message as it comes, runs on one thread).
    mutating func beginHandoff(batchCapacity: Int = MessageBatch.defaultCapacity) -> CallStage {
        outbox = MessageBatch(capacity: batchCapacity)
        return calls
    }

    /// The batch being filled is full: hand it over (see `TrackingThread.send`).
    var outboxIsFull: Bool { outbox?.isFull ?? false }

    /// Takes the batch filled so far, leaving none; `refill` gives the next.
    mutating func takeOutbox() -> MessageBatch {
        let batch = outbox!
        outbox = nil
        return batch
    }

    mutating func refill(_ batch: MessageBatch) {
        outbox = batch
    }

    /// Ends the hand-off with the stage back from the tracking thread, every
    /// batch applied.
    mutating func endHandoff(_ stage: CallStage) {
        calls = stage
        for record in heldWithoutCallID { calls.tracker.addWithoutCallID(record) }
        heldWithoutCallID = []
        outbox = nil
    }

    /// Feeds one captured packet. `onMessage` sees each SIP message as recorded
    /// (live output uses it); the bytes are only valid during this call.
    public mutating func ingest(
        frame: Int, timestamp: Int64, linkType: Int32, bytes: UnsafeRawBufferPointer,
        onMessage: (MessageRecord) -> Void = { _ in }
    ) {
        accounting.packet()
        if !linkTypes.contains(linkType) { linkTypes.append(linkType) }
        if lastHousekeeping.map({ timestamp &- $0 > 1_000_000_000 }) ?? true {
            fragments.expire(now: timestamp)
            streams.expire(now: timestamp)
            lastHousekeeping = timestamp
        }
        var context = FrameContext(frame: frame, timestamp: timestamp)
        switch decoder.decode(linkType: linkType, bytes: bytes) {
        case .skipped(let reason):
            context.skip = .decode(reason)
        case .packet(let packet):
            handle(packet, bytes, &context, onMessage)
        case .fragment(let fragment):
            guard let datagram = fragments.add(fragment, bytes: bytes, timestamp: timestamp) else {
                context.skip = .decode(.ipFragment)
                break
            }
            datagram.payload.withUnsafeBytes { raw in
                switch decoder.decodeTransport(
                    protocol: datagram.nextProtocol, source: datagram.key.source,
                    destination: datagram.key.destination, bytes: raw)
                {
                case .packet(let packet): handle(packet, raw, &context, onMessage)
                case .skipped(let reason): context.skip = .decode(reason)
                case .fragment: context.skip = .decode(.ipFragment)
                }
            }
        }
        account(context)
    }

    /// What one frame gave, for its line in the accounting.
    struct FrameContext {
        var frame: Int
        var timestamp: Int64
        var messages = 0
        var sawMalformed = false
        var skip: Skip? = nil

        enum Skip {
            case decode(SkipReason)
            case noPayload
            case notSIP
            case heldForReassembly
            case tls
            case hepWithoutSIP
        }
    }

    private mutating func account(_ context: FrameContext) {
        if context.messages > 0 {
            accounting.sipFrame(messages: context.messages)
        } else if context.sawMalformed {
            accounting.skippedMalformed()
        } else {
            switch context.skip {
            case .decode(let reason): accounting.skipped(reason)
            case .noPayload: accounting.skippedNoPayload()
            case .heldForReassembly: accounting.skippedHeld()
            case .tls: accounting.skippedTLS()
            case .hepWithoutSIP: accounting.skippedHEPWithoutSIP()
            case .notSIP, .none: accounting.skippedNotSIP()
            }
        }
    }

    private mutating func handle(
        _ packet: DecodedPacket, _ bytes: UnsafeRawBufferPointer, _ context: inout FrameContext,
        _ onMessage: (MessageRecord) -> Void
    ) {
        let payload = UnsafeRawBufferPointer(rebasing: bytes[packet.payload])
        switch packet.transport {
        case .udp:
            guard !payload.isEmpty else {
                context.skip = .noPayload
                return
            }
            if HEP.looksLikeHEP(payload) {
                hep(payload, &context, onMessage)
            } else {
                datagram(payload, packet, &context, onMessage)
            }
        case .sctp:
            // RFC 4168: each SCTP user message is one SIP message.
            var reassembler = SCTPReassembler()
            swap(&reassembler, &sctp)
            let error = reassembler.add(
                packet: payload, source: packet.source.address, destination: packet.destination.address
            ) { _, message in
                datagram(message, packet, &context, onMessage)
            }
            swap(&reassembler, &sctp)
            if let error {
                noteMalformed(context.frame, "SCTP: \(error)")
            }
            if context.messages == 0 && !context.sawMalformed { context.skip = .heldForReassembly }
        case .tcp:
            let key = TCPStreamKey(source: packet.source, destination: packet.destination)
            if payload.isEmpty && packet.tcpFlags & 0x07 == 0 {
                // A bare ACK carries nothing for SIP.
                context.skip = .noPayload
                return
            }
            if packet.tcpFlags & 0x05 != 0 { webSockets.removeValue(forKey: key) }
            let flow =
                key.source < key.destination ? key : TCPStreamKey(source: key.destination, destination: key.source)
            if tlsFlows.contains(flow) || Pipeline.startsTLS(payload) {
                if tlsFlows.count < Pipeline.maximumTrackedConnections { tlsFlows.insert(flow) }
                context.skip = .tls
                return
            }
            // The reassembler calls back into the framing below, which mutates
            // self: move it out for the call so the two accesses do not overlap.
            var reassembler = TCPReassembler(limits: streams.limits)
            swap(&reassembler, &streams)
            reassembler.add(
                key, sequence: packet.tcpSequence, flags: packet.tcpFlags, payload: payload,
                timestamp: context.timestamp
            ) { data, delivery in
                frameStream(data, resynchronize: delivery.resynchronize, packet, &context, onMessage)
            }
            swap(&reassembler, &streams)
            if context.messages == 0 && !context.sawMalformed {
                context.skip = payload.isEmpty ? .noPayload : (streams.isHolding(key) ? .heldForReassembly : .notSIP)
            }
        }
    }

    /// One datagram is one SIP message (RFC 3261 §18.3).
    private mutating func datagram(
        _ payload: UnsafeRawBufferPointer, _ packet: DecodedPacket, _ context: inout FrameContext,
        _ onMessage: (MessageRecord) -> Void
    ) {
        switch parser.parse(payload, stream: false) {
        case .notSIP, .incomplete:
            context.skip = .notSIP
        case .malformed(let error, _):
            noteMalformed(context.frame, error.description)
            context.sawMalformed = true
        case .message(let view, _):
            record(view, packet, &context, onMessage)
        }
    }

    /// Frames SIP messages out of a TCP stream by Content-Length (RFC 3261 §18.3)
    /// and returns how many bytes were used; the rest waits for more data.
    private mutating func frameStream(
        _ data: UnsafeRawBufferPointer, resynchronize: Bool, _ packet: DecodedPacket, _ context: inout FrameContext,
        _ onMessage: (MessageRecord) -> Void
    ) -> Int {
        if data.count >= 4, data[0] == 0x48, data[1] == 0x45, data[2] == 0x50, data[3] == 0x33 {
            return hepStream(data, &context, onMessage)
        }
        let key = TCPStreamKey(source: packet.source, destination: packet.destination)
        if webSockets[key] != nil {
            return webSocket(data, key, packet, &context, onMessage)
        }
        switch WebSocketHandshake.scan(data) {
        case .complete(let head):
            // The HTTP Upgrade (RFC 6455 §4.1, §4.2.2): frames follow its end.
            if webSockets.count >= Pipeline.maximumTrackedConnections { webSockets.removeAll() }
            webSockets[key] = WebSocketDecoder()
            let rest = UnsafeRawBufferPointer(rebasing: data[head.length...])
            return head.length + webSocket(rest, key, packet, &context, onMessage)
        case .incomplete:
            return 0
        case .notHandshake:
            break
        }
        var offset = 0
        if resynchronize, let start = StreamFraming.nextMessageStart(data, from: 0), start > 0 {
            // The capture starts mid-stream (or after a gap): what precedes the
            // first message start is the tail of a message never seen whole.
            streamBytesSkipped += start
            offset = start
        }
        while offset < data.count {
            let rest = UnsafeRawBufferPointer(rebasing: data[offset...])
            switch parser.parse(rest, stream: true) {
            case .incomplete:
                return offset
            case .message(let view, let consumed):
                record(view, packet, &context, onMessage)
                offset += max(consumed, 1)
            case .malformed(let error, let consumed):
                noteMalformed(context.frame, error.description)
                context.sawMalformed = true
                offset += max(consumed, 1)
            case .notSIP:
                // Not a message start: skip to the next line that begins one
                // (a capture that starts mid-stream, or bytes after a gap).
                // Bytes here that are no message start mean the previous
                // message's Content-Length lied (RFC 3261 §18.3: on a stream it
                // alone frames the body), so they are reported, by frame.
                guard let next = StreamFraming.nextMessageStart(data, from: offset + 1) else {
                    let keep = StreamFraming.keepLastLine(data, from: offset)
                    if keep > offset { skippedStreamBytes(keep - offset, &context) }
                    return keep
                }
                skippedStreamBytes(next - offset, &context)
                offset = next
            }
        }
        return offset
    }

    private mutating func skippedStreamBytes(_ count: Int, _ context: inout FrameContext) {
        streamBytesSkipped += count
        noteMalformed(
            context.frame,
            "\(count) bytes in the TCP stream are not a SIP message (a Content-Length that does not match the body?); skipped to the next message"
        )
    }

    /// WebSocket frames of one direction: each text or binary message is one
    /// SIP message (RFC 7118 §5.2). Takes all the bytes: the decoder keeps
    /// partial frames itself.
    private mutating func webSocket(
        _ data: UnsafeRawBufferPointer, _ key: TCPStreamKey, _ packet: DecodedPacket, _ context: inout FrameContext,
        _ onMessage: (MessageRecord) -> Void
    ) -> Int {
        var decoder = webSockets.removeValue(forKey: key) ?? WebSocketDecoder()
        let errors = decoder.feed(data) { message in
            datagram(message, packet, &context, onMessage)
        }
        for error in errors {
            noteMalformed(context.frame, "WebSocket: \(error)")
        }
        webSockets[key] = decoder
        if context.messages == 0 && !context.sawMalformed { context.skip = .heldForReassembly }
        return data.count
    }

    /// HEP v2/v3 (Homer): the SIP inside, with the original addresses, ports and
    /// time the capture agent recorded (zlib-compressed payloads inflated).
    private mutating func hep(
        _ payload: UnsafeRawBufferPointer, _ context: inout FrameContext, _ onMessage: (MessageRecord) -> Void
    ) {
        let packet: HEPPacket
        switch HEP.parse(payload) {
        case .failure(let error):
            noteMalformed(context.frame, "HEP: \(error)")
            context.sawMalformed = true
            return
        case .success(let p):
            packet = p
        }
        if let type = packet.payloadType, type != 1 {
            // Logs, RTCP reports and other HEP payload types carry no SIP.
            context.skip = .hepWithoutSIP
            return
        }
        let transport: TransportProtocol = packet.ipProtocol == 6 ? .tcp : packet.ipProtocol == 132 ? .sctp : .udp
        let inner = DecodedPacket(
            source: packet.source, destination: packet.destination, transport: transport, payload: 0..<0)
        let captureTime = context.timestamp
        if let hepTime = packet.timestampNanos { context.timestamp = hepTime }
        defer { context.timestamp = captureTime }
        if let range = packet.payload {
            datagram(UnsafeRawBufferPointer(rebasing: payload[range]), inner, &context, onMessage)
        } else if let range = packet.compressedPayload {
            guard let inflated = Inflate.decompress(UnsafeRawBufferPointer(rebasing: payload[range])) else {
                noteMalformed(context.frame, "HEP: compressed payload does not inflate")
                context.sawMalformed = true
                return
            }
            inflated.withUnsafeBytes { datagram($0, inner, &context, onMessage) }
        } else {
            context.skip = .hepWithoutSIP
        }
    }

    private mutating func noteMalformed(_ frame: Int, _ error: String) {
        if malformed.count < Pipeline.maximumMalformedListed {
            malformed.append(MalformedMessage(frame: frame, error: error))
        } else {
            malformedNotListed += 1
        }
    }

    /// HEP3 over TCP: packets back to back, each framed by the length in its
    /// header ("HEP3", then the total length); a packet cut by the segment end
    /// waits for the next one.
    private mutating func hepStream(
        _ data: UnsafeRawBufferPointer, _ context: inout FrameContext, _ onMessage: (MessageRecord) -> Void
    ) -> Int {
        var offset = 0
        while offset + 6 <= data.count, data[offset] == 0x48, data[offset + 1] == 0x45, data[offset + 2] == 0x50,
            data[offset + 3] == 0x33
        {
            let total = Int(data[offset + 4]) << 8 | Int(data[offset + 5])
            guard total >= 6 else {
                noteMalformed(context.frame, "HEP: packet length \(total) is shorter than its header")
                context.sawMalformed = true
                return data.count
            }
            guard offset + total <= data.count else { break }
            hep(UnsafeRawBufferPointer(rebasing: data[offset..<(offset + total)]), &context, onMessage)
            offset += total
        }
        if context.messages == 0 && !context.sawMalformed && offset < data.count { context.skip = .heldForReassembly }
        return offset
    }

    /// A TLS record header (RFC 8446 §5.1): handshake, version 3.x.
    static func startsTLS(_ payload: UnsafeRawBufferPointer) -> Bool {
        payload.count >= 5 && payload[0] == 0x16 && payload[1] == 0x03 && payload[2] <= 0x04
    }

    private mutating func record(
        _ view: SIPMessageView, _ packet: DecodedPacket, _ context: inout FrameContext,
        _ onMessage: (MessageRecord) -> Void
    ) {
        for problem in view.problems {
            noteMalformed(context.frame, problem.description)
        }
        context.messages += 1
        // Handing off, the tags and branch are read on the tracking thread
        // from a copy of their header values (see `MessageBatch`).
        var tagSources = MessageFacts.TagSources()
        var callID: Range<Int>? = nil
        var facts = MessageFacts(view, tagSources: &tagSources, callID: &callID)
        var tagsHere = true
        var hashHere = true
        if outbox != nil {
            tagsHere = handedOff & 7 < tagShare
            hashHere = handedOff & 7 >= hashesAway
            handedOff &+= 1
        }
        // A streamed message reads its tags once, for its JSON and its facts
        // both (see `stream`).
        let streams = streamsMessageJSON && !countsOnly && callID != nil
        if tagsHere && !streams { facts.readTags(view.bytes, tagSources) }
        let pending: MessageFacts.TagSources? = tagsHere ? nil : tagSources
        var tracked = TrackedMessage(
            facts: facts, timestamp: context.timestamp, source: packet.source, destination: packet.destination)
        // Handing off with the tags read here, the tracking thread is the
        // slower one: what can be worked out here (the retransmission key,
        // from complete facts) is.
        if outbox != nil && tagsHere && !streams { tracked.workOutKey() }
        if countsOnly, outbox != nil, let callID {
            // A summary handing off, the usual message: its facts go, and no
            // record is made (not even a nil one: destroying that was a call).
            let method = unknownMethod(facts, view)
            view.withUnfoldedBytes(callID) { bytes in
                outbox!.append(
                    .message, tracked, callID: bytes, unknownMethod: method, packet: view.bytes, tagSources: pending,
                    hashHere: hashHere)
            }
            return
        }
        if streams, let callID {
            stream(view, packet, &tracked, callID: callID, tagSources, pending, &context)
            return
        }
        // The owned copy, only when something will show the message.
        var record: MessageRecord? = nil
        if !countsOnly || callID == nil {
            let message = SIPMessage(
                view, compact: tracker.compactMessages, parseSDP: tracker.buildDialogs || !tracker.compactMessages,
                names: &names, sdp: &sdpLayout)
            record = MessageRecord(
                frame: context.frame, timestamp: context.timestamp, source: packet.source,
                destination: packet.destination, transport: packet.transport, message: message)
        }
        guard let callID else {
            noteMalformed(context.frame, "no Call-ID header")
            if outbox != nil {
                heldWithoutCallID.append(record!)
                outbox!.append(
                    .withoutCallID, tracked, callID: UnsafeRawBufferPointer(start: nil, count: 0),
                    unknownMethod: unknownMethod(facts, view), packet: view.bytes, tagSources: pending)
                return
            }
            calls.countWithoutCallID(facts, record: record, method: view.methodName)
            if !countsOnly { onMessage(record!) }
            return
        }
        if outbox != nil {
            // Not a summary (see above): a record was made, and is moved.
            let method = unknownMethod(facts, view)
            view.withUnfoldedBytes(callID) { bytes in
                outbox!.append(
                    .message, tracked, callID: bytes, unknownMethod: method, packet: view.bytes,
                    tagSources: pending, record: record.take())
            }
            return
        }
        view.withUnfoldedBytes(callID) { bytes in
            var none: StreamedArrival? = nil
            calls.track(&tracked, callID: bytes, record: &record, arrival: &none, method: view.methodName)
        }
        if let record, !countsOnly { onMessage(record) }
    }

    /// A message of a call streamed as ndjson: what its call keeps, its JSON
    /// and the bytes that go with it (see `StreamedArrival`), into the batch or
    /// straight to the tracker.
    private mutating func stream(
        _ view: SIPMessageView, _ packet: DecodedPacket, _ tracked: inout TrackedMessage, callID: Range<Int>,
        _ tagSources: MessageFacts.TagSources, _ pending: MessageFacts.TagSources?, _ context: inout FrameContext
    ) {
        let (message, details, fromValue, toValue, fromTag, toTag) = StreamedMessage.make(
            view, frame: context.frame, timestamp: context.timestamp, source: packet.source,
            destination: packet.destination, transport: packet.transport,
            parseSDP: tracker.buildDialogs || !tracker.compactMessages, sdp: &sdpLayout, json: &json)
        // Its tags, when they are read here, are the ones `make` found.
        if pending == nil {
            tracked.facts.readTags(view.bytes, tagSources, fromTag: fromTag, toTag: toTag)
            if outbox != nil { tracked.workOutKey() }
        }
        let method = unknownMethod(tracked.facts, view)
        let bytes = view.bytes
        let from = fromValue.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) }
        let to = toValue.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) }
        // SAFETY: lent below while `self` changes: `self.json` keeps the
        // buffer alive, and nothing writes to it until this returns; the
        // batch and the tracker copy the bytes before returning, and the
        // arrival that points at them is not kept. (A copy of the writer, to
        // lend from, retained and released its three references per message:
        // 6% of this thread.)
        let text = json.unsafeBytes
        // The arrival lends `details` (see `StreamedArrival.details`): held
        // here until the batch or the call has taken its own reference.
        withExtendedLifetime(details) {
            view.withUnfoldedBytes(callID) { id in
                var arrival: StreamedArrival? = StreamedArrival(
                    message: message, text: text, details: details, from: from, to: to)
                if outbox != nil {
                    outbox!.append(
                        .message, tracked, callID: id, unknownMethod: method, packet: bytes, tagSources: pending,
                        arrival: arrival.take())
                } else {
                    var none: MessageRecord? = nil
                    calls.track(&tracked, callID: id, record: &none, arrival: &arrival, method: method)
                }
            }
        }
    }

    /// A request's method name when it is not one of the known ones (counted by name).
    private func unknownMethod(_ facts: MessageFacts, _ view: SIPMessageView) -> String? {
        facts.isRequest && !facts.method.isKnown ? view.methodName : nil
    }

    /// Removes the calls that are over (see `CallTracker.expire`), counts them
    /// in the summary and returns them, in order of first appearance.
    /// While handing off, the expiry goes into the batch, in its place among
    /// the messages, and nothing is returned (summaries build no call).
    public mutating func expireCalls(now: Int64, linger: Int64, idleTimeout: Int64) -> [Call] {
        if outbox != nil {
            outbox!.appendExpiry(now: now, linger: linger, idleTimeout: idleTimeout)
            return []
        }
        return calls.expire(now: now, linger: linger, idleTimeout: idleTimeout)
    }

    /// Ends the stream: flushes reassembly, then every call still tracked,
    /// counted and returned.
    public mutating func finish() -> [Call] {
        fragments.finish()
        streams.finish()
        _ = sctp.flush()
        precondition(outbox == nil, "finish after endHandoff")
        return calls.drain()
    }
}
