/// One direction of a TCP connection.
public struct TCPStreamKey: Hashable, Sendable {
    public var source: Endpoint
    public var destination: Endpoint

    public init(source: Endpoint, destination: Endpoint) {
        self.source = source
        self.destination = destination
    }
}

/// Puts each direction of each TCP connection back in order (RFC 9293 sequence
/// space, with wrap-around), so SIP framing sees one byte stream per direction.
///
/// In-order data is handed to the consumer straight from the packet; only what
/// the consumer leaves (the start of a message continuing in a later segment)
/// is copied. Retransmitted data is dropped, overlapping data trimmed, and
/// segments that arrive early are queued. Every buffer is capped: a stream that
/// holds too much, or a gap that never fills, is skipped over and counted, and
/// the consumer is told to find the next message start. Idle streams are flushed
/// on capture time, never the wall clock.
public struct TCPReassembler {
    public struct Limits: Sendable {
        /// Unconsumed bytes one direction may hold (a SIP message larger than
        /// this cannot be framed; 4 MiB is far above any real one).
        public var maximumStreamBytes = 4 << 20
        /// Bytes held over all streams.
        public var maximumTotalBytes = 256 << 20
        /// Early segments queued per stream before the gap is given up.
        public var maximumQueuedSegments = 256
        /// Streams tracked at once; the least recently used is flushed beyond.
        public var maximumStreams = 100_000
        /// Capture-time nanoseconds of silence after which a stream is flushed.
        public var idleTimeout: Int64 = 300_000_000_000

        public init() {}
    }

    public struct Counters: Sendable, Equatable {
        public var segments = 0
        /// Segments whose data had all been seen already.
        public var retransmissions = 0
        /// Segments that arrived before the data preceding them.
        public var outOfOrder = 0
        /// Bytes never seen: gaps skipped when a queue or buffer cap was hit.
        public var bytesMissing = 0
        /// Bytes dropped because a stream's buffer was over its cap.
        public var bytesDropped = 0
        /// Bytes left unconsumed when a stream ended (FIN, RST, idle, end of capture).
        public var bytesUnframed = 0
        public var streamsFlushed = 0

        public init() {}
    }

    /// What the consumer is told along with the data.
    public struct Delivery {
        /// True when the data does not continue what was delivered before (the
        /// capture started mid-stream, or a gap was skipped): look for the next
        /// message start rather than trusting the first byte.
        public var resynchronize: Bool
    }

    private struct Stream {
        var nextSequence: UInt32? = nil
        var pending: [UInt8] = []
        var queue: [(sequence: UInt32, data: [UInt8])] = []
        var lastSeen: Int64 = 0
        var resynchronize = true
    }

    public var limits: Limits
    public private(set) var counters = Counters()
    private var streams: [TCPStreamKey: Stream] = [:]
    private var heldBytes = 0

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    public var streamCount: Int { streams.count }
    public var bufferedBytes: Int { heldBytes }

    /// Whether the stream holds unconsumed bytes now (a message waiting for more).
    public func isHolding(_ key: TCPStreamKey) -> Bool {
        !(streams[key]?.pending.isEmpty ?? true)
    }

    /// Adds one segment. `consume` is called with the stream's contiguous
    /// unconsumed bytes and returns how many of them it used.
    public mutating func add(
        _ key: TCPStreamKey, sequence: UInt32, flags: UInt8, payload: UnsafeRawBufferPointer, timestamp: Int64,
        consume: (UnsafeRawBufferPointer, Delivery) -> Int
    ) {
        counters.segments += 1
        let fin = flags & 0x01 != 0
        let rst = flags & 0x04 != 0
        if streams[key] == nil, streams.count >= limits.maximumStreams { flushLeastRecentlyUsed() }
        var stream = streams.removeValue(forKey: key) ?? Stream()
        stream.lastSeen = timestamp
        process(&stream, sequence: sequence, flags: flags, payload: payload, consume: consume)
        if rst || fin {
            // The direction is over: what is still held can never complete.
            end(&stream)
        } else {
            streams[key] = stream
        }
    }

    private mutating func process(
        _ stream: inout Stream, sequence: UInt32, flags: UInt8, payload: UnsafeRawBufferPointer,
        consume: (UnsafeRawBufferPointer, Delivery) -> Int
    ) {
        let syn = flags & 0x02 != 0
        var sequence = sequence
        if syn {
            // A new connection: whatever was held belongs to an old one.
            end(&stream)
            sequence = sequence &+ 1
            stream.nextSequence = sequence
            stream.resynchronize = false
        }
        if stream.nextSequence == nil {
            // The capture started mid-connection: take this segment as the start.
            stream.nextSequence = sequence
        }
        guard !payload.isEmpty else { return }
        var data = payload
        let offset = Int(Int32(bitPattern: sequence &- stream.nextSequence!))
        if offset < 0 {
            if -offset >= data.count {
                counters.retransmissions += 1
                return
            }
            // Overlap with data already delivered: keep the new part only.
            data = UnsafeRawBufferPointer(rebasing: data[(-offset)...])
        } else if offset > 0 {
            counters.outOfOrder += 1
            enqueue(&stream, sequence: sequence, data: Array(data))
            if stream.queue.count > limits.maximumQueuedSegments { skipGap(&stream, consume) }
            return
        }
        deliver(&stream, data, consume)
        drainQueue(&stream, consume)
    }

    /// Flushes streams silent for longer than the idle timeout.
    public mutating func expire(now: Int64) {
        for (key, stream) in streams where now - stream.lastSeen > limits.idleTimeout {
            var s = stream
            end(&s)
            streams.removeValue(forKey: key)
        }
    }

    /// Ends every stream: the capture is over.
    public mutating func finish() {
        for (key, stream) in streams {
            var s = stream
            end(&s)
            streams.removeValue(forKey: key)
        }
    }

    private mutating func deliver(
        _ stream: inout Stream, _ data: UnsafeRawBufferPointer, _ consume: (UnsafeRawBufferPointer, Delivery) -> Int
    ) {
        stream.nextSequence = stream.nextSequence! &+ UInt32(truncatingIfNeeded: data.count)
        let delivery = Delivery(resynchronize: stream.resynchronize)
        if stream.pending.isEmpty {
            // The fast path: hand the packet's bytes over uncopied.
            let used = min(max(consume(data, delivery), 0), data.count)
            stream.resynchronize = false
            if used < data.count { hold(&stream, UnsafeRawBufferPointer(rebasing: data[used...])) }
            return
        }
        hold(&stream, data)
        let used = stream.pending.withUnsafeBytes { min(max(consume($0, delivery), 0), $0.count) }
        stream.resynchronize = false
        if used > 0 {
            stream.pending.removeFirst(used)
            heldBytes -= used
        }
    }

    private mutating func hold(_ stream: inout Stream, _ data: UnsafeRawBufferPointer) {
        if stream.pending.count + data.count > limits.maximumStreamBytes
            || heldBytes + data.count > limits.maximumTotalBytes
        {
            // Over the cap: this is no SIP message we can frame. Drop what is held
            // and start again at the next message start.
            counters.bytesDropped += stream.pending.count + data.count
            heldBytes -= stream.pending.count
            stream.pending.removeAll()
            stream.resynchronize = true
            return
        }
        stream.pending.append(contentsOf: data)
        heldBytes += data.count
    }

    private mutating func enqueue(_ stream: inout Stream, sequence: UInt32, data: [UInt8]) {
        if stream.queue.contains(where: { $0.sequence == sequence && $0.data.count >= data.count }) {
            counters.retransmissions += 1
            return
        }
        stream.queue.append((sequence, data))
        let base = stream.nextSequence!
        stream.queue.sort { Int32(bitPattern: $0.sequence &- base) < Int32(bitPattern: $1.sequence &- base) }
    }

    /// Delivers queued segments that now follow on.
    private mutating func drainQueue(_ stream: inout Stream, _ consume: (UnsafeRawBufferPointer, Delivery) -> Int) {
        while let first = stream.queue.first {
            let offset = Int(Int32(bitPattern: first.sequence &- stream.nextSequence!))
            if offset > 0 { return }
            stream.queue.removeFirst()
            if -offset >= first.data.count {
                counters.retransmissions += 1
                continue
            }
            first.data.withUnsafeBytes { raw in
                deliver(&stream, UnsafeRawBufferPointer(rebasing: raw[(-offset)...]), consume)
            }
        }
    }

    /// Gives up on a gap that never filled: drops the partial message before it
    /// and carries on from the first queued segment, asking for a resync.
    private mutating func skipGap(_ stream: inout Stream, _ consume: (UnsafeRawBufferPointer, Delivery) -> Int) {
        guard let first = stream.queue.first else { return }
        counters.bytesMissing += Int(Int32(bitPattern: first.sequence &- stream.nextSequence!))
        counters.bytesUnframed += stream.pending.count
        heldBytes -= stream.pending.count
        stream.pending.removeAll()
        stream.nextSequence = first.sequence
        stream.resynchronize = true
        drainQueue(&stream, consume)
    }

    private mutating func end(_ stream: inout Stream) {
        if !stream.pending.isEmpty || !stream.queue.isEmpty {
            counters.streamsFlushed += 1
        }
        counters.bytesUnframed += stream.pending.count + stream.queue.reduce(0) { $0 + $1.data.count }
        heldBytes -= stream.pending.count
        stream.pending.removeAll()
        stream.queue.removeAll()
        stream.resynchronize = true
    }

    private mutating func flushLeastRecentlyUsed() {
        guard let oldest = streams.min(by: { $0.value.lastSeen < $1.value.lastSeen }) else { return }
        var s = oldest.value
        end(&s)
        streams.removeValue(forKey: oldest.key)
    }
}
