import Decode
import SIP

/// Groups SIP messages by Call-ID and works out, per group, its outcome and timings.
///
/// Time is always the capture's: the tracker never reads a clock, so the same
/// capture gives the same figures on any machine, any day.
public struct CallTracker {
    private var builders: [String: CallBuilder] = [:]
    /// Order of first appearance, for reporting calls in capture order.
    private var nextOrder = 0
    /// Messages that could not be grouped because they have no Call-ID: the
    /// first `maximumUngrouped`, then only counted in `withoutCallIDNotKept`.
    public private(set) var withoutCallID: [MessageRecord] = []
    public private(set) var withoutCallIDNotKept = 0
    public static let maximumUngrouped = 10_000

    /// Streaming analyses keep only what outcomes and dialogs need of each
    /// message (`SIPMessage.compact`), so live calls cost less memory.
    public var compactMessages = false
    /// Work out each call's dialogs when it is built. A summary that only
    /// counts outcomes and timings does without them.
    public var buildDialogs = true
    /// Call-IDs reported recently, so a late retransmission is not a new call.
    private var recentlyEnded: [String: Int64] = [:]
    /// The same Call-IDs in the order they ended, to let them go in that order.
    private var endedOrder: [(String, Int64)] = []
    private var endedHead = 0
    /// How long an expired call's Call-ID is remembered: RFC 3261's 64×T1.
    public var tombstoneTime: Int64 = 32_000_000_000
    /// Messages that arrived for a call already reported and forgotten.
    public private(set) var lateMessages = 0

    public init() {}

    /// The number of Call-IDs tracked now (expired ones no longer count).
    public var count: Int { builders.count }

    /// Adds one message in capture order. Returns it as recorded, with its
    /// retransmission mark set.
    @discardableResult
    public mutating func add(_ record: MessageRecord) -> MessageRecord {
        var record = record
        add(&record)
        return record
    }

    /// Adds one message in capture order and sets its retransmission and
    /// other-hop marks in place (the per-packet path: no extra copy).
    public mutating func add(_ record: inout MessageRecord) {
        guard let callID = record.message.callID, !callID.isEmpty else {
            if withoutCallID.count < CallTracker.maximumUngrouped {
                withoutCallID.append(record)
            } else {
                withoutCallIDNotKept += 1
            }
            return
        }
        if builders[callID] == nil {
            if let ended = recentlyEnded[callID], record.timestamp - ended < tombstoneTime {
                // A late retransmission or ACK of a call already reported: it is
                // counted as a message, and does not start a new call.
                lateMessages += 1
                return
            }
            builders[callID] = CallBuilder(callID: callID, order: nextOrder)
            nextOrder += 1
        }
        builders[callID]!.add(&record)
    }

    /// Every Call-ID's story, in order of first appearance.
    public func finish() -> [Call] {
        builders.values.sorted { $0.order < $1.order }.map { $0.build(dialogs: buildDialogs) }
    }

    /// Like `finish`, and forgets the calls: the end of a stream.
    public mutating func drain() -> [Call] {
        let calls = finish()
        builders.removeAll()
        return calls
    }

    /// Removes and returns the calls that are over, so a long capture or a live
    /// session keeps only live dialogs in memory.
    ///
    /// A call is over when it has ended (final non-2xx, BYE answered, non-INVITE
    /// final) and nothing arrived for `linger` nanoseconds, which leaves room for
    /// late retransmissions and ACKs (RFC 3261 Timer B/F: 64×T1 = 32 s); or when
    /// nothing arrived for `idleTimeout` whatever its state. `now` is capture time.
    public mutating func expire(now: Int64, linger: Int64, idleTimeout: Int64) -> [Call] {
        // Collect first, then remove: removing while iterating would copy the
        // whole dictionary on every pass.
        var expired: [String] = []
        for (key, builder) in builders {
            let quiet = now - builder.lastTimestamp
            if (builder.hasEnded && quiet >= linger) || quiet >= idleTimeout {
                expired.append(key)
            }
        }
        var done: [CallBuilder] = []
        done.reserveCapacity(expired.count)
        for key in expired {
            guard let builder = builders.removeValue(forKey: key) else { continue }
            done.append(builder)
            recentlyEnded[key] = builder.lastTimestamp
            endedOrder.append((key, builder.lastTimestamp))
        }
        // Tombstones leave in the order they came (oldest first).
        while endedHead < endedOrder.count, now - endedOrder[endedHead].1 >= tombstoneTime {
            let (key, time) = endedOrder[endedHead]
            if recentlyEnded[key] == time { recentlyEnded.removeValue(forKey: key) }
            endedHead += 1
        }
        if endedHead > 4096 && endedHead * 2 > endedOrder.count {
            endedOrder.removeFirst(endedHead)
            endedHead = 0
        }
        return done.sorted { $0.order < $1.order }.map { $0.build(dialogs: buildDialogs) }
    }
}

/// What identifies a message for retransmission detection: the transaction
/// and the start line; for responses also the To tag.
///
/// The branch is the bottom Via's: the one the message's originator put there.
/// Proxies add their own Vias on top, so the copy of a message seen on the next
/// hop keeps the same bottom branch (RFC 3261 §16.6 step 8).
struct MessageKey: Hashable {
    var branch: String?
    var cseq: CSeq?
    var line: String
    var toTag: String?
    var fromTag: String?
}

/// The per-Call-ID accumulator behind `CallTracker`.
struct CallBuilder {
    let callID: String
    let order: Int
    var messages: [MessageRecord] = []
    /// Each message key's 64-bit hash with the endpoints it was first seen
    /// between. The hash, not the key: a live call keeps one small entry per
    /// distinct message instead of five strings (a collision, at 2^-64 per
    /// pair within one call, would mark one message as a copy).
    var seen: [Int: (Endpoint, Endpoint)] = [:]
    var lastTimestamp: Int64 = 0
    /// Whether the exchange has reached an end state: a final response to a
    /// non-INVITE, a non-2xx final to an INVITE, or a BYE.
    var hasEnded = false
    /// An INVITE was seen: a final response to another method then does not end the call.
    var sawInvite = false

    init(callID: String, order: Int) {
        self.callID = callID
        self.order = order
    }

    /// Sets the marks of `record` and keeps a copy of it.
    mutating func add(_ record: inout MessageRecord) {
        lastTimestamp = max(lastTimestamp, record.timestamp)
        let status = record.message.status
        let method = record.message.method
        if let status, let cseqMethod = record.message.cseq?.method {
            if cseqMethod == "INVITE" {
                if status >= 300 { hasEnded = true }
            } else if status >= 200 && (cseqMethod == "BYE" || !sawInvite) {
                hasEnded = true
            }
        } else if method == "BYE" {
            hasEnded = true
        } else if method == "INVITE" {
            hasEnded = false
            sawInvite = true
        }
        // The method or the status code, not the whole start line: a proxy may
        // rewrite the Request-URI (RFC 3261 §16.6 step 1) or the reason phrase.
        let key = MessageKey(
            branch: record.message.vias.last?.branch, cseq: record.message.cseq, line: method ?? String(status ?? 0),
            toTag: status == nil ? nil : record.message.to?.tag, fromTag: record.message.from?.tag)
        let digest = key.hashValue
        if let (source, destination) = seen[digest] {
            if source == record.source && destination == record.destination {
                record.isRetransmission = true
            } else {
                record.isOtherHop = true
            }
        } else {
            seen[digest] = (record.source, record.destination)
        }
        messages.append(record)
    }

    func build(dialogs: Bool = true) -> Call {
        // Looked at in place: copying records out (filter) costs a retain and a
        // release per field of every message.
        let firstRequest = messages.first { $0.message.method != nil }?.message
        let hasInvite = messages.contains { $0.message.method == "INVITE" || $0.message.cseq?.method == "INVITE" }
        let method = hasInvite ? "INVITE" : (firstRequest?.method ?? messages.first?.message.cseq?.method ?? "?")
        // From and To as the first message states them (the caller's view).
        let first = messages.first?.message
        var call = Call(
            callID: callID, method: method, from: first?.from, to: first?.to, messages: messages,
            outcome: .incomplete, finalStatus: nil, finalReason: nil, earlyMedia: false)
        if hasInvite {
            inviteOutcome(&call)
            if dialogs { call.dialogs = DialogAnalysis(messages: messages).dialogs }
        } else {
            nonInviteOutcome(&call)
        }
        call.transactions = transactionCount()
        return call
    }

    /// An INVITE call: the initial INVITE (no To tag) decides, and when it was
    /// challenged (401/407) and sent again, the last attempt decides.
    private func inviteOutcome(_ call: inout Call) {
        // Indices, not filtered copies: copying a record retains each of its
        // strings, and a call is built once per call on the hot path.
        func status(_ i: Int) -> Int { messages[i].message.status ?? 0 }
        let invites = messages.indices.filter {
            messages[$0].message.method == "INVITE" && !messages[$0].isRetransmission && !messages[$0].isOtherHop
        }
        let initial = invites.filter { messages[$0].message.to?.tag == nil }
        let attempts = initial.isEmpty ? invites : initial
        let attemptNumbers = Set(attempts.compactMap { messages[$0].message.cseq?.number })
        let allInviteResponses = messages.indices.filter {
            messages[$0].message.status != nil && messages[$0].message.cseq?.method == "INVITE"
                && (attemptNumbers.isEmpty || attemptNumbers.contains(messages[$0].message.cseq!.number))
        }
        // Timings are the caller's view: responses as they reach the INVITE's
        // sender, not their copies on other hops of a multi-point capture.
        let caller = attempts.first.map { messages[$0].source }
        let toCaller = allInviteResponses.filter { messages[$0].destination == caller }
        let inviteResponses = toCaller.isEmpty ? allInviteResponses : toCaller
        let start = attempts.first.map { messages[$0].timestamp } ?? messages.first?.timestamp
        let cancelled = messages.contains { $0.message.method == "CANCEL" }

        call.earlyMedia = inviteResponses.contains { status($0) >= 180 && status($0) < 200 && messages[$0].hasSDP }
        if let start, let ringing = inviteResponses.first(where: { (180..<200).contains(status($0)) }) {
            call.pddMs = milliseconds(from: start, to: messages[ringing].timestamp)
        }
        let answer = inviteResponses.first { (200..<300).contains(status($0)) }
        if let answer {
            let answerTime = messages[answer].timestamp
            call.outcome = .answered
            call.finalStatus = messages[answer].message.status
            call.finalReason = reason(of: messages[answer])
            if let start { call.setupMs = milliseconds(from: start, to: answerTime) }
            if let bye = messages.indices.first(where: {
                messages[$0].message.method == "BYE" && messages[$0].timestamp >= answerTime
            }) {
                let byeTime = messages[bye].timestamp
                call.durationMs = milliseconds(from: answerTime, to: byeTime)
                // RFC 6076 §4.4: BYE to its 2xx (or the first final response).
                let byeFinals = messages.indices.filter {
                    messages[$0].message.cseq?.method == "BYE" && status($0) >= 200 && messages[$0].timestamp >= byeTime
                }
                let byeSource = messages[bye].source
                if let done = byeFinals.first(where: { messages[$0].destination == byeSource }) ?? byeFinals.first {
                    call.sddMs = milliseconds(from: byeTime, to: messages[done].timestamp)
                }
            }
        }
        // RFC 6076 §4.3: INVITE to the first non-100 response, provisional or final.
        if let start, let first = inviteResponses.first(where: { status($0) > 100 }) {
            call.srdMs = milliseconds(from: start, to: messages[first].timestamp)
        }
        if answer != nil { return }
        // No answer: the last attempt's final response decides.
        let lastNumber = attempts.compactMap { messages[$0].message.cseq?.number }.max()
        let finals = inviteResponses.filter {
            status($0) >= 300 && (lastNumber == nil || messages[$0].message.cseq?.number == lastNumber)
        }
        if let final = finals.first ?? inviteResponses.last(where: { status($0) >= 300 }) {
            call.finalStatus = messages[final].message.status
            call.finalReason = reason(of: messages[final])
            call.outcome = (cancelled && status(final) == 487) ? .cancelled : .failed
        } else {
            call.outcome = cancelled ? .cancelled : .incomplete
        }
    }

    /// A non-INVITE exchange (REGISTER, OPTIONS, ...): the last final response decides.
    private func nonInviteOutcome(_ call: inout Call) {
        guard let final = messages.last(where: { ($0.message.status ?? 0) >= 200 }) else {
            call.outcome = .incomplete
            return
        }
        let status = final.message.status!
        call.finalStatus = status
        call.finalReason = reason(of: final)
        call.outcome = status < 300 ? .completed : .failed
        if call.method == "REGISTER" {
            // RFC 6076 §4.1: each successful registration, from the REGISTER that
            // began it to its 2xx, digest challenges included. A Call-ID that
            // refreshes its registration has one such cycle per refresh.
            var cycleStart: Int64? = nil
            for record in messages where !record.isRetransmission && !record.isOtherHop {
                if record.message.method == "REGISTER" {
                    if cycleStart == nil { cycleStart = record.timestamp }
                } else if let code = record.message.status, code >= 200, record.message.cseq?.method == "REGISTER" {
                    if code < 300, let start = cycleStart, let delay = milliseconds(from: start, to: record.timestamp) {
                        call.registrationDelaysMs.append(delay)
                        call.expiresGranted = record.message.expires
                    }
                    if code < 300 || (code != 401 && code != 407) { cycleStart = nil }
                }
            }
            call.rrdMs = call.registrationDelaysMs.first
        }
        call.challenges =
            messages.filter {
                !$0.isRetransmission && !$0.isOtherHop && ($0.message.status == 401 || $0.message.status == 407)
            }.count
    }

    /// Distinct transactions: requests by branch and method, where an ACK for a
    /// non-2xx shares the INVITE's branch and so its transaction (§17.1.1.3).
    private func transactionCount() -> Int {
        // Hashes of (method, branch): no string is built per message.
        var keys: Set<Int> = []
        var inviteBranches: Set<Int> = []
        for index in messages.indices where !messages[index].isRetransmission && !messages[index].isOtherHop {
            guard let method = messages[index].message.method else { continue }
            var hasher = Hasher()
            if let branch = messages[index].message.vias.last?.branch {
                hasher.combine(branch)
            } else {
                // RFC 2543 peers: no branch to go by; CSeq and From tag stand in.
                hasher.combine(messages[index].message.cseq?.number)
                hasher.combine(messages[index].message.from?.tag)
            }
            let branch = hasher.finalize()
            if method == "INVITE" { inviteBranches.insert(branch) }
            if method == "ACK" && inviteBranches.contains(branch) { continue }
            var key = Hasher()
            key.combine(method)
            key.combine(branch)
            keys.insert(key.finalize())
        }
        return keys.count
    }

    private func reason(of record: MessageRecord) -> String? {
        if case .response(_, let reason) = record.message.kind { return reason }
        return nil
    }
}

/// Milliseconds between two capture timestamps; nil when time runs backwards
/// (spliced captures do that), since a negative delay would be a made-up figure.
func milliseconds(from start: Int64, to end: Int64) -> Double? {
    guard end >= start else { return nil }
    return Double(end - start) / 1_000_000
}
