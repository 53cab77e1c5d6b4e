#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A thread that processes items one at a time, in the order they were sent,
/// handed over through a short queue behind one mutex.
///
/// Why: on two cores, the second half of a pipeline (call tracking for a
/// summary, JSON for ndjson) can run beside the first. Items may come back
/// emptied for reuse (`spares`), so a steady stream allocates nothing. The
/// body runs on the worker alone; whatever it touches must be left alone by
/// the sender until `finish` has joined the thread.
final class OrderedWorker<Item>: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `queue`, `head`, `spares` and `closed` are
    // read and written only with `mutex` held; `body` runs on the worker
    // thread only, and its captured state is the caller's again only after
    // `finish` returns (pthread_join orders the two).
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let changed: UnsafeMutablePointer<pthread_cond_t>
    private var queue: [Item?] = []
    private var head = 0
    private var spares: [Item]
    private let recycles: Bool
    private var closed = false
    private var thread: pthread_t? = nil
    private let depth: Int
    private let body: (inout Item) -> Void

    /// - Parameters:
    ///   - depth: items waiting before `send` blocks.
    ///   - spares: empty items to hand out by `send`; when given, every
    ///     processed item comes back to that pool (the body should empty it).
    ///   - body: what the worker does with each item.
    init(depth: Int, spares: [Item] = [], body: @escaping (inout Item) -> Void) {
        self.depth = max(1, depth)
        self.spares = spares
        recycles = !spares.isEmpty
        self.body = body
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        changed = .allocate(capacity: 1)
        changed.initialize(to: pthread_cond_t())
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        changed.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Starts the worker; false when no thread could be made (the caller then
    /// does the work itself).
    func start() -> Bool {
        guard let id = startThread({ self.run() }) else { return false }
        thread = id
        return true
    }

    /// Hands `item` over, blocking while `depth` items wait. With spares,
    /// returns one to fill next (waiting for one to come back if need be).
    /// The caller should keep no other reference to `item`'s storage, or the
    /// worker's reuse of it makes a copy.
    @discardableResult
    func send(_ item: Item) -> Item? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        senderWaited = false
        workerWaited = workerWaitedSinceSend
        workerWaitedSinceSend = false
        while queue.count - head >= depth {
            senderWaited = true
            pthread_cond_wait(changed, mutex)
        }
        queue.append(item)
        pthread_cond_broadcast(changed)
        guard recycles else { return nil }
        while spares.isEmpty {
            senderWaited = true
            pthread_cond_wait(changed, mutex)
        }
        return spares.removeLast()
    }

    /// At the last `send`: whether the sender had to wait for the worker
    /// (the worker is the slower side), and whether the worker had waited for
    /// the sender since the send before (the sender is). Read by the sender.
    private(set) var senderWaited = false
    private(set) var workerWaited = false
    private var workerWaitedSinceSend = false

    /// Waits until every item sent has been processed, and ends the thread.
    func finish() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }

    private func run() {
        while var item = next() {
            body(&item)
            guard recycles else { continue }
            pthread_mutex_lock(mutex)
            spares.append(item)
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
    }

    /// The next item in order, or nil once closed and drained.
    private func next() -> Item? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while head == queue.count && !closed {
            workerWaitedSinceSend = true
            pthread_cond_wait(changed, mutex)
        }
        guard head < queue.count else { return nil }
        // Moved out, not copied: the worker then holds the only reference.
        let item = queue[head]
        queue[head] = nil
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
        pthread_cond_broadcast(changed)
        return item
    }
}

/// Starts a thread running `body`; nil when none could be made. (Outside the
/// generic worker: the compiler crashed on a C callback inside it.)
private func startThread(_ body: @escaping () -> Void) -> pthread_t? {
    final class Context {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
    let context = Unmanaged.passRetained(Context(body)).toOpaque()
    var id = pthread_t()
    let result = pthread_create(
        &id, nil,
        { context in
            // SAFETY: `context` is the retained Context passed below; taking the
            // retained value balances that retain when the thread ends.
            Unmanaged<Context>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
    guard result == 0 else {
        Unmanaged<Context>.fromOpaque(context).release()
        return nil
    }
    return id
}
