import Calls
import SIP

/// The call-tracking end of the pipeline: every message's facts go into the
/// `CallTracker`, and every message and finished call into the running
/// `TrafficSummary`.
///
/// Kept apart from the packet end (decode, reassembly, parse) so that a
/// summary or a stream of calls can run it on a second thread
/// (`TrackingThread`): the packet end
/// then hands it `MessageBatch`es in capture order, and since both ways call
/// the same `track` and `expire`, the figures cannot depend on which ran.
public struct CallStage {
    public internal(set) var tracker = CallTracker()
    /// Running totals: every message, and every call once it is finished.
    public internal(set) var summary = TrafficSummary()

    public init() {}

    /// Tracks one message with a Call-ID (its bytes, unfolded) and counts it.
    /// `method` is asked for only when the method is not a known one. With
    /// `handBack` false, `record` is moved into its call (see `CallTracker.add`);
    /// `arrival`, a streamed message, is read in place into it (its rare
    /// fields, lent, retained by the call).
    mutating func track(
        _ message: inout TrackedMessage, callID: UnsafeRawBufferPointer, record: inout MessageRecord?,
        arrival: inout StreamedArrival?, method: @autoclosure () -> String?, handBack: Bool = true,
        callIDHash: UInt64? = nil, near: UInt64 = 0, ahead: UInt64 = 0, farAhead: UInt64 = 0
    ) {
        let inCall = tracker.add(
            &message, callID: callID, record: &record, arrival: &arrival, handBack: handBack,
            callIDHash: callIDHash, near: near, ahead: ahead, farAhead: farAhead)
        summary.count(message.facts, isRetransmission: message.isRetransmission, method: method())
        if !inCall { summary.countLate() }
    }

    /// Counts a message that has no Call-ID (the record, when there is one, is
    /// kept by the tracker for the report).
    mutating func countWithoutCallID(_ facts: MessageFacts, record: MessageRecord?, method: @autoclosure () -> String?)
    {
        if let record { tracker.addWithoutCallID(record) }
        summary.count(facts, isRetransmission: false, method: method())
    }

    /// Ends the calls that are over (see `CallTracker.expire`), counts them and
    /// returns those that were built.
    mutating func expire(now: Int64, linger: Int64, idleTimeout: Int64) -> [Call] {
        expire(now: now, linger: linger, idleTimeout: idleTimeout, keep: true, onCall: { _ in })
    }

    /// The same, each call only lent to `onCall` and freed once it returns:
    /// while its memory is still in cache, and on the thread that allocated
    /// it (freed on the other, the two threads' allocations contended for
    /// the allocator's lock). What the tracking thread runs.
    mutating func expire(now: Int64, linger: Int64, idleTimeout: Int64, lending onCall: (Call) -> Void) {
        _ = expire(now: now, linger: linger, idleTimeout: idleTimeout, keep: false, onCall: onCall)
    }

    private mutating func expire(
        now: Int64, linger: Int64, idleTimeout: Int64, keep: Bool, onCall: (Call) -> Void
    ) -> [Call] {
        guard tracker.keepsRecords else {
            // A summary: only the figures are counted, so only they are made.
            tracker.expireFigures(now: now, linger: linger, idleTimeout: idleTimeout, into: &summary)
            return []
        }
        return tally(
            tracker.expireEnded(now: now, linger: linger, idleTimeout: idleTimeout), keep: keep, onCall: onCall)
    }

    /// Ends every call still tracked (the end of the capture).
    mutating func drain() -> [Call] {
        guard tracker.keepsRecords else {
            tracker.drainFigures(into: &summary)
            return []
        }
        return tally(tracker.drainEnded(), keep: true)
    }

    /// Counts each ended call and lends it to `onCall`; then returns it in
    /// the list when `keep`, else frees it.
    private mutating func tally(
        _ ended: consuming [EndedCall], keep: Bool, onCall: (Call) -> Void = { _ in }
    ) -> [Call] {
        // Each call moved out of its `EndedCall`, lent to `onCall`, then moved
        // into the list or freed: a copy retained all it holds (handing
        // calls on from the list afterwards made one per call).
        var ended = ended
        var kept: [Call] = []
        if keep { kept.reserveCapacity(ended.count) }
        for i in ended.indices {
            summary.count(ended[i].figures)
            if let call = ended[i].call.take() {
                onCall(call)
                if keep { kept.append(call) }
            }
        }
        return kept
    }

    /// Replays a batch from the packet end, in order, reading each message's
    /// tags and branch from the values copied with it when the reading side
    /// left them (see `Pipeline.tagShare`; the batch works out the Call-ID
    /// hashes it left, `Pipeline.hashesAway`). Calls that end are lent to
    /// `onCall`, in the order `expire` returns them, then freed; a summary
    /// builds none.
    mutating func process(_ batch: inout MessageBatch, onCall: (Call) -> Void = { _ in }) {
        batch.forEach { entry, lookahead, arena, callID, method, record, arrival in
            switch entry.kind {
            case .message:
                if entry.tagsPending { entry.message.facts.readTags(arena, entry.tagSources) }
                // Nothing here shows the message: its call takes the record.
                track(
                    &entry.message, callID: callID, record: &record, arrival: &arrival, method: method,
                    handBack: false,
                    callIDHash: entry.callIDHash, near: lookahead.near, ahead: lookahead.ahead,
                    farAhead: lookahead.farAhead)
            case .withoutCallID:
                // Its record, if any, stays with the reading side (see
                // `Pipeline.endHandoff`), which keeps them in order.
                if entry.tagsPending { entry.message.facts.readTags(arena, entry.tagSources) }
                countWithoutCallID(entry.message.facts, record: nil, method: method)
            case .expire:
                let (linger, idleTimeout) = entry.expiry
                expire(now: entry.message.timestamp, linger: linger, idleTimeout: idleTimeout, lending: onCall)
            }
        }
    }
}
