#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a `CallStage` on a thread of its own, fed `MessageBatch`es in order.
///
/// Why: a summary's work splits into two halves of about the same size, the
/// packet end (read, decode, parse, facts) and call tracking. On two cores the
/// halves run side by side. The hand-over is a short queue of batches behind
/// one mutex; empty batches come back to be filled again, so steady state
/// allocates nothing. The stage is touched by its thread only between `start`
/// and `finish`, and by the caller only after `finish` has joined the thread.
final class TrackingThread: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `full`, `empty` and `closed` are read and
    // written only with `mutex` held; `stage` is used by the worker thread
    // alone until `finish` joins it, and by the caller alone after that.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let changed: UnsafeMutablePointer<pthread_cond_t>
    private var full: [MessageBatch?] = []
    private var fullHead = 0
    private var empty: [MessageBatch] = []
    private var closed = false
    private var stage: CallStage
    private var thread: pthread_t? = nil
    /// Batches waiting for the worker before `send` blocks: enough to ride out
    /// a burst, few enough that memory stays a few megabytes.
    static let depth = 4

    init(_ stage: CallStage, batchCapacity: Int = MessageBatch.defaultCapacity) {
        self.stage = stage
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        changed = .allocate(capacity: 1)
        changed.initialize(to: pthread_cond_t())
        pthread_cond_init(changed, nil)
        for _ in 0..<(TrackingThread.depth + 1) { empty.append(MessageBatch(capacity: batchCapacity)) }
    }

    deinit {
        pthread_cond_destroy(changed)
        changed.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Starts the worker; false when no thread could be made (the caller then
    /// tracks on its own thread).
    func start() -> Bool {
        let context = Unmanaged.passRetained(self).toOpaque()
        var id = pthread_t()
        let result = pthread_create(
            &id, nil,
            { context in
                // SAFETY: `context` is the retained `self` passed just below; taking the
                // retained value balances that retain when the worker ends.
                let worker = Unmanaged<TrackingThread>.fromOpaque(context!).takeRetainedValue()
                worker.run()
                return nil
            }, context)
        guard result == 0 else {
            Unmanaged<TrackingThread>.fromOpaque(context).release()
            return false
        }
        thread = id
        return true
    }

    /// Hands `batch` over (blocking while `depth` batches wait) and returns an
    /// empty one to fill next. The caller should hold no other reference to
    /// `batch`, or the worker's reuse of it makes a copy.
    func send(_ batch: MessageBatch) -> MessageBatch {
        pthread_mutex_lock(mutex)
        while full.count - fullHead >= TrackingThread.depth { pthread_cond_wait(changed, mutex) }
        full.append(batch)
        while empty.isEmpty { pthread_cond_wait(changed, mutex) }
        let next = empty.removeLast()
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        return next
    }

    /// Sends `last`, waits for the worker to process everything, and returns
    /// the stage with every batch applied.
    func finish(_ last: MessageBatch) -> CallStage {
        pthread_mutex_lock(mutex)
        full.append(last)
        closed = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        if let thread { pthread_join(thread, nil) }
        thread = nil
        return stage
    }

    private func run() {
        while var batch = next() {
            stage.process(batch)
            // The only reference (see `next`): emptied in place, storage kept.
            batch.removeAll()
            pthread_mutex_lock(mutex)
            empty.append(batch)
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
    }

    /// The next batch in order, or nil once the queue is closed and drained.
    private func next() -> MessageBatch? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while fullHead == full.count && !closed { pthread_cond_wait(changed, mutex) }
        guard fullHead < full.count else { return nil }
        // Moved out, not copied: the worker then owns the only reference and
        // empties it in place for reuse.
        let batch = full[fullHead]
        full[fullHead] = nil
        fullHead += 1
        if fullHead == full.count {
            full.removeAll(keepingCapacity: true)
            fullHead = 0
        }
        return batch
    }
}
