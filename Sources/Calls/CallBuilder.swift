import Decode
import SIP

/// The per-Call-ID accumulator behind `CallTracker`.
///
/// Outcome, timings and transactions are worked out from the compact
/// `TrackedMessage`s alone, so a summary and a full report count the same way;
/// the owned `MessageRecord`s are kept beside them only when a report will
/// show the messages.
struct CallBuilder {
    // The Call-ID is the tracker's (`CallTracker.callIDs`, beside the
    // builders), handed in when the call is made: a copy here (an array)
    // cost an allocation and a free per call, even in a summary.
    /// The Call-ID's hash as the tracker's table keys it.
    let hash: UInt64
    let order: Int
    /// Whether the owned records are kept (a report will show the messages).
    let keptRecords: Bool
    var tracked: [TrackedMessage] = []
    /// The owned messages, index for index with `tracked`; empty in a summary.
    var records: [MessageRecord] = []
    /// A streamed call's messages (`StreamedMessage`s), index for index with
    /// `tracked`, in place of `records`; its first message's From and To
    /// values are at the start of its text, where the call reads them when
    /// asked (`Call.from`) and ndjson writes them from (kept as two
    /// `NameAddress`es here, they made every builder a hundred bytes longer,
    /// summaries' too).
    var streamed = StreamedMessages()
    private var streamedFrom: Range<Int> = -1 ..< -1
    private var streamedTo: Range<Int> = -1 ..< -1
    /// Index of each retransmission key's first message, built once a call
    /// has more messages than a linear search should walk.
    private var firstByKey: [UInt64: Int]? = nil
    /// The retransmission keys of the first `inlineKeys` messages, in order:
    /// looking a new message up scans these 64 bytes, not the tracked
    /// messages themselves (136 bytes apart).
    private var firstKeys: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    static let inlineKeys = 8
    var lastTimestamp: Int64 = 0
    /// Whether the exchange has reached an end state: a final response to a
    /// non-INVITE, a non-2xx final to an INVITE, or a BYE.
    var hasEnded = false
    /// An INVITE was seen: a final response to another method then does not end the call.
    var sawInvite = false
    /// The last final response was a digest challenge (401/407): the client
    /// usually sends the request again with credentials, after however long
    /// its user or its stack takes, so the exchange waits longer to end.
    var challenged = false

    static let linearSearchLimit = 24

    /// Where the next message will be stored in `tracked`'s storage, and
    /// where that storage's header is: hints for `CallTracker.add`'s prefetch, set
    /// after each change of `tracked`, never read through (a hint that is
    /// out of date only loads the wrong line). Kept as addresses, not
    /// pointers: a builder is a plain value that may cross threads.
    private(set) var nextMessageHint: UInt = 0
    private(set) var storageHint: UInt = 0

    /// `streams`: the call's messages come as `StreamedArrival`s, not records.
    init(hash: UInt64, order: Int, keepsRecords: Bool, streams: Bool = false) {
        self.hash = hash
        self.order = order
        keptRecords = keepsRecords
        tracked.reserveCapacity(8)
        updateHints()
        // Room for a usual call's records at once: a record is some three
        // hundred bytes, and growing the list one doubling at a time copied
        // each of them again (and missed the cache doing it).
        if keepsRecords && !streams { records.reserveCapacity(8) }
        if keepsRecords && streams { streamed.messages.reserveCapacity(8) }
    }

    private init() {
        hash = 0
        order = -1
        keptRecords = false
    }

    /// What a free slot of the tracker holds: nothing, allocated once.
    static let vacant = CallBuilder()

    /// What expiry looks at, as one small value the tracker keeps beside the
    /// builder (so the once-a-second scan over live calls touches no builder).
    struct Expiry {
        var lastTimestamp: Int64
        var hasEnded: Bool
        var challenged: Bool
    }

    var expiry: Expiry { Expiry(lastTimestamp: lastTimestamp, hasEnded: hasEnded, challenged: challenged) }

    /// Sets the marks of `message` (and of `record`, its owned copy, when
    /// kept, or of `arrival`, what a streamed call keeps); returns the call's
    /// expiry state after it.
    @discardableResult
    mutating func add(
        _ message: inout TrackedMessage, record: inout MessageRecord?, arrival: inout StreamedArrival?,
        handBack: Bool = true
    ) -> Expiry {
        lastTimestamp = max(lastTimestamp, message.timestamp)
        let facts = message.facts
        if !facts.isRequest && facts.status >= 200 {
            challenged = facts.status == 401 || facts.status == 407
        }
        if !facts.isRequest && facts.hasCSeq {
            if facts.cseqMethod == .invite {
                if facts.status >= 300 { hasEnded = true }
            } else if facts.status >= 200 && (facts.cseqMethod == .bye || !sawInvite) {
                hasEnded = true
            }
        } else if facts.method == .bye {
            hasEnded = true
        } else if facts.method == .invite {
            hasEnded = false
            sawInvite = true
        }
        let key = message.retransmissionKey()
        if let first = firstSeen(key) {
            if tracked[first].source == message.source && tracked[first].destination == message.destination {
                message.isRetransmission = true
            } else {
                message.isOtherHop = true
            }
        } else if firstByKey != nil {
            firstByKey![key] = tracked.count
        }
        if tracked.count < CallBuilder.inlineKeys {
            let index = tracked.count
            withUnsafeMutableBytes(of: &firstKeys) { words in
                // SAFETY: index < 8, the number of words in `firstKeys`.
                words.storeBytes(of: key, toByteOffset: 8 * index, as: UInt64.self)
            }
        }
        tracked.append(message)
        updateHints()
        if firstByKey == nil && tracked.count > CallBuilder.linearSearchLimit { indexKeys() }
        if keptRecords, record != nil {
            // Marked in place, then kept: moved when the caller hands it over,
            // else one copy (a local copy marked and written back cost two,
            // each retaining all the record's strings).
            record!.isRetransmission = message.isRetransmission
            record!.isOtherHop = message.isOtherHop
            records.append(handBack ? record! : record.take()!)
        }
        // Read in place: taking the optional out copied it twice or three
        // times (a hundred and fifty bytes each).
        if keptRecords, arrival != nil { keep(&arrival!, message) }
        return expiry
    }

    /// Keeps a streamed message: its JSON, tags and line into the call's
    /// text, its marks set, its rare fields (if any) referenced from the
    /// call's details (the arrival only lends them: see
    /// `StreamedArrival.details`).
    private mutating func keep(_ arrival: inout StreamedArrival, _ tracked: TrackedMessage) {
        if streamed.messages.isEmpty {
            // Room for five messages the size of the first (an INVITE, as a
            // rule the biggest), up to 16 KiB: a usual call's text at once.
            // Growing it from two kilobytes copied most calls' text once or
            // twice more. (Capped: a first message of a megabyte must not
            // reserve five.)
            streamed.text.reserveCapacity(min(5 * arrival.text.count, 16 << 10) + 256)
            if let from = arrival.from { streamedFrom = keepText(from) }
            if let to = arrival.to { streamedTo = keepText(to) }
        }
        var message = arrival.message
        message.isRetransmission = tracked.isRetransmission
        message.isOtherHop = tracked.isOtherHop
        // Checked, not only in debug builds: the JSON and what follows it must
        // be the arrival's bytes (see `StreamedArrival.text`).
        precondition(message.text.lowerBound == 0 && message.keptCount == arrival.text.count)
        let start = keepText(arrival.text).lowerBound
        message.marksAt += start
        message.text = start..<(start + message.text.count)
        if let details = arrival.details {
            message.detailsIndex = Int32(streamed.details.count)
            streamed.details.append(details)
        }
        streamed.messages.append(message)
    }

    /// Appends `bytes` to the call's text; returns where they are.
    private mutating func keepText(_ bytes: UnsafeRawBufferPointer) -> Range<Int> {
        let start = streamed.text.count
        // As typed bytes: the raw buffer's generic copy went byte by byte.
        // SAFETY: the bytes are the batch's arena, the pipeline's JSON writer
        // or the packet, all memory bound to `UInt8` (the arena binds its
        // memory when it allocates it).
        streamed.text.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
        return start..<streamed.text.count
    }

    @inline(__always)
    private mutating func updateHints() {
        let count = tracked.count
        tracked.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            storageHint = UInt(bitPattern: base - 8)
            nextMessageHint = UInt(bitPattern: base + count * MemoryLayout<TrackedMessage>.stride)
        }
    }

    /// The first message with this retransmission key (a 64-bit hash of it: a
    /// collision, at 2^-64 per pair within one call, would mark one message as
    /// a copy).
    private func firstSeen(_ key: UInt64) -> Int? {
        if let firstByKey { return firstByKey[key] }
        let inline = min(tracked.count, CallBuilder.inlineKeys)
        let found: Int? = withUnsafeBytes(of: firstKeys) { words in
            // SAFETY: i < inline <= 8, the number of words in `firstKeys`.
            for i in 0..<inline where words.load(fromByteOffset: 8 * i, as: UInt64.self) == key { return i }
            return nil
        }
        if let found { return found }
        guard tracked.count > CallBuilder.inlineKeys else { return nil }
        return tracked[CallBuilder.inlineKeys...].firstIndex { $0.key == key }
    }

    private mutating func indexKeys() {
        var index: [UInt64: Int] = [:]
        for i in tracked.indices where index[tracked[i].key] == nil { index[tracked[i].key] = i }
        firstByKey = index
    }

    /// The call's figures: kind, outcome, timings, transactions.
    func figures() -> CallFigures { outcome().figures }

    /// The figures, and which message gave the final status (for its reason
    /// phrase in a full report), worked out in one pass.
    private func outcome() -> (figures: CallFigures, decider: Int?) {
        var f = CallFigures()
        let hasInvite = tracked.contains { $0.facts.method == .invite || $0.facts.cseqMethod == .invite }
        if hasInvite {
            f.method = .invite
        } else if let request = tracked.first(where: { $0.facts.isRequest }) {
            f.method = request.facts.method
        } else {
            f.method = tracked.first?.facts.cseqMethod ?? .none
        }
        let decider = hasInvite ? inviteOutcome(&f) : nonInviteOutcome(&f)
        f.transactions = transactionCount()
        return (f, decider)
    }

    /// The call as it ends: its figures always, its `Call` (messages, dialogs,
    /// strings) only when the owned records were kept.
    func end(callID: CallIDKey, dialogs: Bool) -> EndedCall {
        let (f, decider) = outcome()
        return EndedCall(
            figures: f, call: keptRecords ? call(f, decider: decider, callID: callID, dialogs: dialogs) : nil)
    }

    /// The whole story, with the owned messages.
    func build(callID: CallIDKey, dialogs: Bool = true) -> Call {
        let (f, decider) = outcome()
        return call(f, decider: decider, callID: callID, dialogs: dialogs)
    }

    private func call(_ f: CallFigures, decider: Int?, callID: CallIDKey, dialogs: Bool) -> Call {
        if !streamed.messages.isEmpty {
            return streamed.withInputs { messages in
                // Its Call-ID, From, To and reason stay bytes (see `Call.callID`).
                var call = Call(
                    callID: callID, from: streamedFrom, to: streamedTo,
                    finalReason: decider.flatMap { $0 < messages.count ? $0 : nil }, method: method(f, messages),
                    outcome: f.outcome, finalStatus: f.finalStatus, earlyMedia: f.earlyMedia, streamed: streamed)
                fill(&call, f, dialogs: dialogs, messages)
                for d in call.dialogs.indices { call.dialogs[d].readTags(from: streamed.text) }
                return call
            }
        }
        let first = records.first?.message
        var call = Call(
            callID: callID.text, method: method(f, records), from: first?.from,
            to: first?.to, messages: records, outcome: f.outcome, finalStatus: f.finalStatus, finalReason: nil,
            earlyMedia: f.earlyMedia)
        if let decider, decider < records.count { call.finalReason = records[decider].reasonPhrase }
        fill(&call, f, dialogs: dialogs, records)
        return call
    }

    /// `INVITE` for a call; else the first request's method, or the CSeq's.
    private func method<C: RandomAccessCollection>(_ f: CallFigures, _ messages: C) -> String
    where C.Element: DialogInput, C.Index == Int {
        if f.method == .invite { return "INVITE" }
        if let i = messages.firstIndex(where: { $0.requestMethod != nil }) { return messages[i].requestMethod! }
        return messages.first?.cseqValue?.method ?? f.method.knownName ?? "?"
    }

    /// Sets the rest of the call from its figures and its messages, records
    /// or streamed (`DialogInput`).
    private func fill<C: RandomAccessCollection>(_ call: inout Call, _ f: CallFigures, dialogs: Bool, _ messages: C)
    where C.Element: DialogInput, C.Index == Int {
        call.order = order
        call.pddMs = f.pddMs
        call.setupMs = f.setupMs
        call.durationMs = f.durationMs
        call.srdMs = f.srdMs
        call.sddMs = f.sddMs
        call.registrationDelaysMs = f.registrationDelaysMs
        call.rrdMs = f.registrationDelaysMs.first
        call.expiresGranted = f.expiresGranted
        call.challenges = f.challenges
        call.transactions = f.transactions
        if f.isInvite && dialogs { call.dialogs = DialogAnalysis(messages: messages).dialogs }
    }

    /// The initial INVITE (no To tag) decides, and when it was challenged
    /// (401/407) and sent again, the last attempt decides. Returns the index
    /// of the deciding response.
    private func inviteOutcome(_ f: inout CallFigures) -> Int? {
        let ctx = InviteContext(tracked)
        let m = tracked
        f.earlyMedia = ctx.earlyMedia
        if let start = ctx.start, let ringing = ctx.ringing {
            f.pddMs = milliseconds(from: start, to: m[ringing].timestamp)
        }
        if let answer = ctx.answer {
            let answerTime = m[answer].timestamp
            f.outcome = .answered
            f.finalStatus = m[answer].facts.status
            if let start = ctx.start { f.setupMs = milliseconds(from: start, to: answerTime) }
            if let bye = m.indices.first(where: { m[$0].facts.method == .bye && m[$0].timestamp >= answerTime }) {
                let byeTime = m[bye].timestamp
                f.durationMs = milliseconds(from: answerTime, to: byeTime)
                // RFC 6076 §4.4: BYE to its 2xx (or the first final response).
                let byeSource = m[bye].source
                var firstFinal: Int? = nil
                var toSender: Int? = nil
                for i in m.indices
                where m[i].facts.cseqMethod == .bye && m[i].facts.status >= 200 && m[i].timestamp >= byeTime {
                    if firstFinal == nil { firstFinal = i }
                    if m[i].destination == byeSource {
                        toSender = i
                        break
                    }
                }
                if let done = toSender ?? firstFinal {
                    f.sddMs = milliseconds(from: byeTime, to: m[done].timestamp)
                }
            }
            f.completed = m.contains { $0.facts.cseqMethod == .bye && (200..<300).contains($0.facts.status) }
        }
        // RFC 6076 §4.3: INVITE to the first non-100 response, provisional or final.
        if let start = ctx.start, let first = ctx.firstNon100 {
            f.srdMs = milliseconds(from: start, to: m[first].timestamp)
        }
        if let answer = ctx.answer { return answer }
        // No answer: the last attempt's final response decides.
        if let final = ctx.final {
            f.finalStatus = m[final].facts.status
            f.outcome = (ctx.cancelled && m[final].facts.status == 487) ? .cancelled : .failed
        } else {
            f.outcome = ctx.cancelled ? .cancelled : .incomplete
        }
        return ctx.final
    }

    /// A non-INVITE exchange (REGISTER, OPTIONS, ...): the last final response
    /// decides; returns its index.
    private func nonInviteOutcome(_ f: inout CallFigures) -> Int? {
        guard let decider = tracked.lastIndex(where: { $0.facts.status >= 200 }) else {
            f.outcome = .incomplete
            return nil
        }
        let status = tracked[decider].facts.status
        f.finalStatus = status
        f.outcome = status < 300 ? .completed : .failed
        if f.method == .register {
            // RFC 6076 §4.1: each successful registration, from the REGISTER that
            // began it to its 2xx, digest challenges included. A Call-ID that
            // refreshes its registration has one such cycle per refresh.
            var cycleStart: Int64? = nil
            for message in tracked where message.isOriginal {
                let facts = message.facts
                if facts.method == .register {
                    if cycleStart == nil { cycleStart = message.timestamp }
                } else if !facts.isRequest, facts.status >= 200, facts.cseqMethod == .register {
                    let code = facts.status
                    if code < 300, let start = cycleStart, let delay = milliseconds(from: start, to: message.timestamp)
                    {
                        f.registrationDelaysMs.append(delay)
                        f.expiresGranted = facts.hasExpires ? facts.expires : nil
                    }
                    if code < 300 || (code != 401 && code != 407) { cycleStart = nil }
                }
            }
        }
        f.challenges = tracked.reduce(0) {
            $0 + ($1.isOriginal && ($1.facts.status == 401 || $1.facts.status == 407) ? 1 : 0)
        }
        return decider
    }

    /// Distinct transactions: requests by branch and method, where an ACK for a
    /// non-2xx shares the INVITE's branch and so its transaction (§17.1.1.3).
    private func transactionCount() -> Int {
        // Two small sets in one scratch buffer (on the stack for an ordinary
        // call, as it runs for every call that ends): the distinct
        // transaction keys, then the INVITE branches.
        let n = tracked.count
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(1, 2 * n)) { scratch in
            var keys = 0
            var invites = 0
            func contains(_ value: UInt64, from start: Int, count: Int) -> Bool {
                for i in start..<(start + count) where scratch[i] == value { return true }
                return false
            }
            for message in tracked where message.isOriginal && message.facts.isRequest {
                let method = message.facts.method
                let branch = message.facts.transactionBranch
                if method == .invite && !contains(branch, from: n, count: invites) {
                    scratch[n + invites] = branch
                    invites += 1
                }
                if method == .ack && contains(branch, from: n, count: invites) { continue }
                var h = ByteHash()
                h.combine(method.raw)
                h.combine(branch)
                let key = h.finalize()
                if !contains(key, from: 0, count: keys) {
                    scratch[keys] = key
                    keys += 1
                }
            }
            return keys
        }
    }
}

/// A call as the tracker lets it go: what the summary counts, and the call
/// itself when its messages were kept for a report.
public struct EndedCall: Sendable {
    public var figures: CallFigures
    public var call: Call?
}

/// The INVITE attempts of a call and the responses that count for its timings,
/// found in a few passes over the call's messages without allocating (as a
/// rule: past two attempts, their numbers take an array): this runs once for
/// every call that ends.
private struct InviteContext {
    var start: Int64? = nil
    var cancelled = false
    /// The first 2xx to an attempt.
    var answer: Int? = nil
    /// Without an answer: the last attempt's final response.
    var final: Int? = nil
    /// The first 180-199, and whether any of them carried SDP.
    var ringing: Int? = nil
    var earlyMedia = false
    /// The first response other than 100.
    var firstNon100: Int? = nil

    init(_ m: [TrackedMessage]) {
        // Attempts: the initial INVITEs (no To tag), or every INVITE when the
        // capture holds no initial one. Retransmissions and copies aside.
        var firstInvite: Int? = nil
        var firstInitial: Int? = nil
        for i in m.indices where m[i].facts.method == .invite && m[i].isOriginal {
            if firstInvite == nil { firstInvite = i }
            if !m[i].facts.hasToTag {
                firstInitial = i
                break
            }
        }
        let initialOnly = firstInitial != nil
        let firstAttempt = firstInitial ?? firstInvite
        var numbers = CSeqNumbers()
        for i in (firstAttempt ?? m.count)..<m.count
        where m[i].facts.method == .invite && m[i].isOriginal && !(initialOnly && m[i].facts.hasToTag)
            && m[i].facts.hasCSeq
        {
            numbers.insert(m[i].facts.cseqNumber)
        }
        let lastNumber = numbers.max
        func toAttempt(_ i: Int) -> Bool {
            !m[i].facts.isRequest && m[i].facts.cseqMethod == .invite
                && (numbers.isEmpty || numbers.contains(m[i].facts.cseqNumber))
        }
        // Timings are the caller's view: responses as they reach the INVITE's
        // sender, not their copies on other hops (unless there are no others).
        let caller = firstAttempt.map { m[$0].source }
        let callerOnly = m.indices.contains { toAttempt($0) && m[$0].destination == caller }
        start = firstAttempt.map { m[$0].timestamp } ?? m.first?.timestamp
        var firstFinalOfLast: Int? = nil
        var lastFinal: Int? = nil
        for i in m.indices {
            if m[i].facts.method == .cancel { cancelled = true }
            guard toAttempt(i), !callerOnly || m[i].destination == caller else { continue }
            let status = m[i].facts.status
            if status > 100 && firstNon100 == nil { firstNon100 = i }
            if (180..<200).contains(status) {
                if ringing == nil { ringing = i }
                if m[i].facts.hasSDP { earlyMedia = true }
            } else if (200..<300).contains(status) {
                if answer == nil { answer = i }
            } else if status >= 300 {
                lastFinal = i
                if firstFinalOfLast == nil && (lastNumber == nil || m[i].facts.cseqNumber == lastNumber) {
                    firstFinalOfLast = i
                }
            }
        }
        final = firstFinalOfLast ?? lastFinal
    }
}

/// Milliseconds between two capture timestamps; nil when time runs backwards
/// (spliced captures do that), since a negative delay would be a made-up figure.
func milliseconds(from start: Int64, to end: Int64) -> Double? {
    guard end >= start else { return nil }
    return Double(end - start) / 1_000_000
}
