/// Runs a `CallStage` on a thread of its own (an `OrderedWorker`), fed
/// `MessageBatch`es in capture order.
///
/// Why: a summary's work splits into two halves of about the same size, the
/// packet end (read, decode, parse, facts) and call tracking. On two cores the
/// halves run side by side. Batches come back emptied to be filled again, so
/// steady state allocates nothing. When calls are reported (ndjson, or the
/// full report), the packet end also makes each message's owned record, and
/// the far side builds each call as it ends and hands it to `onCall` there:
/// streamed, its rendering runs beside the reading too.
final class TrackingThread {
    /// The stage and the sink for ended calls, touched by the worker until
    /// `finish` has joined it.
    private final class Box: @unchecked Sendable {
        // SAFETY: see `OrderedWorker`: the worker alone uses `stage` and calls
        // `onCall` between `start` and `finish`, the caller alone after; the
        // queue's mutex and the join order every use.
        var stage: CallStage
        let onCall: (Call) -> Void
        init(_ stage: CallStage, onCall: @escaping (Call) -> Void) {
            self.stage = stage
            self.onCall = onCall
        }
    }

    private let box: Box
    private let worker: OrderedWorker<MessageBatch>
    /// Batches waiting for the worker before `send` blocks: enough to ride out
    /// a burst, few enough that memory stays a few megabytes.
    static let depth = 4

    /// `onCall` gets the calls that end, on the worker's thread, one at a
    /// time and in order; it must not be used elsewhere until `finish`.
    init(
        _ stage: CallStage, batchCapacity: Int = MessageBatch.defaultCapacity,
        onCall: @escaping (Call) -> Void = { _ in }
    ) {
        let box = Box(stage, onCall: onCall)
        self.box = box
        worker = OrderedWorker(
            depth: TrackingThread.depth,
            spares: (0...TrackingThread.depth).map { _ in MessageBatch(capacity: batchCapacity) }
        ) { batch in
            box.stage.process(&batch, onCall: box.onCall)
            // The only reference: emptied in place, storage kept.
            batch.removeAll()
        }
    }

    /// Starts the worker; false when no thread could be made.
    func start() -> Bool { worker.start() }

    /// Hands `batch` over and returns an empty one to fill next.
    func send(_ batch: MessageBatch) -> MessageBatch {
        worker.send(batch)!
    }

    /// The reading thread's share of the work (`Pipeline.shareLevel`) after
    /// a hand-over: one step more when it had to wait for this thread, one
    /// less when this thread had waited for it (the pipeline keeps it in
    /// bounds).
    func balanced(_ share: Int) -> Int {
        if worker.senderWaited { return share + 1 }
        if worker.workerWaited { return share - 1 }
        return share
    }

    /// Sends `last`, waits for the worker to process everything, and returns
    /// the stage with every batch applied.
    func finish(_ last: MessageBatch) -> CallStage {
        worker.send(last)
        worker.finish()
        return box.stage
    }
}
