import SIP

/// Turns the stream of recorded SIP messages into call events as they happen:
/// a call starts, rings, is answered or fails, is cancelled, ends.
///
/// No I/O and no clock: it is fed each `MessageRecord` in capture order, as the
/// pipeline records it (retransmission mark already set), and answers with at most
/// one event per message. It keeps a few flags per Call-ID, never the messages,
/// and forgets a Call-ID when the pipeline expires the call, so a session that
/// runs for days holds state only for the calls in progress.
public struct CallEventDetector {
    private var states: [String: DialogState] = [:]

    public init() {}

    /// How many Call-IDs it holds state for.
    public var count: Int { states.count }

    /// The event `record` causes, if any. Retransmissions and copies from another
    /// hop cause none: they repeat what was already told.
    public mutating func observe(_ record: MessageRecord) -> CallEvent? {
        guard let callID = record.message.callID, !callID.isEmpty else { return nil }
        var state = states[callID] ?? DialogState()
        defer { states[callID] = state }
        // A retransmission, or the copy of a message captured at another hop,
        // repeats what was already told.
        guard !record.isRetransmission && !record.isOtherHop else { return nil }
        let m = record.message
        switch m.kind {
        case .request(let method, _):
            return request(method, record, callID, &state)
        case .response(let status, let reason):
            guard let method = m.cseq?.method else { return nil }
            if method == "INVITE" {
                state.isInvite = true
                return inviteResponse(status, reason, record, callID, &state)
            }
            guard !state.isInvite, status >= 200 else { return nil }
            // A non-INVITE exchange of its own Call-ID: REGISTER, OPTIONS, MESSAGE...
            let kind: CallEvent.Kind
            switch status {
            case 200..<300: kind = .requestCompleted
            case 401, 407: kind = .challenged
            default: kind = .requestFailed
            }
            if kind != .challenged { state.finished = true }
            return event(kind, record, callID, method: method, status: status, reason: reason)
        }
    }

    /// Drops the state of a call the pipeline expired. Returns `timedOut` when no
    /// event told how it ended (an answered call without BYE, a call without a
    /// final response): the reader should not wait for one.
    public mutating func expire(_ call: Call, now: Int64) -> CallEvent? {
        guard let state = states.removeValue(forKey: call.callID), !state.finished else { return nil }
        return CallEvent(
            kind: .timedOut, time: now, frame: nil, callID: call.callID, method: call.method, from: call.from,
            to: call.to, status: call.finalStatus, reason: call.finalReason, outcome: call.outcome)
    }

    /// Drops a Call-ID's state without an event (the end of a session).
    public mutating func forget(callID: String) {
        states.removeValue(forKey: callID)
    }

    /// Drops every Call-ID's state.
    public mutating func forgetAll() {
        states.removeAll()
    }

    private func request(
        _ method: String, _ record: MessageRecord, _ callID: String, _ state: inout DialogState
    )
        -> CallEvent?
    {
        let m = record.message
        switch method {
        case "INVITE":
            state.isInvite = true
            // An initial INVITE has no To tag (RFC 3261 §8.1.1.2); one with a tag is a
            // re-INVITE inside the dialog, and a second initial one is the same call
            // retried after a 401/407 challenge.
            guard m.to?.tag == nil, state.inviteStart == nil else { return nil }
            state.inviteStart = record.timestamp
            state.callerTag = m.from?.tag
            return event(.callStarted, record, callID, method: "INVITE")
        case "CANCEL":
            state.isInvite = true
            state.cancelSeen = true
            return nil
        case "BYE":
            state.isInvite = true
            guard !state.byeSeen else { return nil }
            state.byeSeen = true
            state.finished = true
            var e = event(.ended, record, callID, method: "INVITE")
            e.durationMs = state.answeredAt.flatMap { milliseconds(from: $0, to: record.timestamp) }
            if let callerTag = state.callerTag {
                e.endedBy = m.from?.tag == callerTag ? .caller : .callee
            }
            return e
        default:
            return nil
        }
    }

    private func inviteResponse(
        _ status: Int, _ reason: String, _ record: MessageRecord, _ callID: String, _ state: inout DialogState
    ) -> CallEvent? {
        switch status {
        case 100:
            // 100 Trying is hop-by-hop (RFC 3261 §21.1.1): it says nothing about the call.
            return nil
        case 101..<200:
            guard !state.settled else { return nil }
            if status >= 180 && record.hasSDP { state.earlyMedia = true }
            var e = event(.provisional, record, callID, method: "INVITE", status: status, reason: reason)
            e.earlyMedia = record.hasSDP
            return e
        case 200..<300:
            // Only the first answer: later 2xx are re-INVITEs or forked answers.
            guard state.answeredAt == nil else { return nil }
            state.answeredAt = record.timestamp
            state.settled = true
            state.finished = false
            var e = event(.answered, record, callID, method: "INVITE", status: status, reason: reason)
            e.earlyMedia = state.earlyMedia
            e.setupMs = state.inviteStart.flatMap { milliseconds(from: $0, to: record.timestamp) }
            return e
        case 401, 407:
            guard !state.settled else { return nil }
            return event(.challenged, record, callID, method: "INVITE", status: status, reason: reason)
        default:
            // A failure after the answer belongs to a re-INVITE: the call goes on.
            guard !state.settled else { return nil }
            state.settled = true
            state.finished = true
            let kind: CallEvent.Kind = (status == 487 && state.cancelSeen) ? .cancelled : .failed
            return event(kind, record, callID, method: "INVITE", status: status, reason: reason)
        }
    }

    private func event(
        _ kind: CallEvent.Kind, _ record: MessageRecord, _ callID: String, method: String, status: Int? = nil,
        reason: String? = nil
    ) -> CallEvent {
        CallEvent(
            kind: kind, time: record.timestamp, frame: record.frame, callID: callID, method: method,
            from: record.message.from, to: record.message.to, source: record.source,
            destination: record.destination, status: status, reason: reason)
    }
}

/// The little the detector remembers of one Call-ID.
struct DialogState {
    /// An INVITE, its responses, a CANCEL or a BYE were seen: a call, not a
    /// standalone REGISTER or OPTIONS exchange.
    var isInvite = false
    /// The first initial INVITE's capture time: the start of setup time.
    var inviteStart: Int64?
    /// The caller's From tag, to tell who sent the BYE.
    var callerTag: String?
    var answeredAt: Int64?
    var earlyMedia = false
    var cancelSeen = false
    var byeSeen = false
    /// `answered`, `failed` or `cancelled` was told: later INVITE responses
    /// belong to re-INVITEs.
    var settled = false
    /// An event told how it ended: expiry has nothing to add.
    var finished = false
}
