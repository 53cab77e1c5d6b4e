/// Rebuilds fragmented IPv4 and IPv6 datagrams (RFC 791 §3.2, RFC 8200 §4.5).
///
/// Fragments may arrive out of order, twice, or overlapping. The first data to
/// arrive for a byte wins; overlaps and duplicates are counted. Memory is capped
/// (pending datagrams, buffered bytes, datagram size) and a datagram that is not
/// whole within `timeout` of capture time is dropped and counted: nothing held
/// here can grow without bound, whatever the capture does.
public struct IPReassembler {
    public struct Limits: Sendable {
        /// Datagrams being rebuilt at once.
        public var maximumPending = 4096
        /// Bytes buffered over all pending datagrams.
        public var maximumBufferedBytes = 32 << 20
        /// Capture-time nanoseconds a datagram may take to complete (Linux uses 30 s).
        public var timeout: Int64 = 30_000_000_000

        public init() {}
    }

    /// What happened to fragments, for the report.
    public struct Counters: Sendable, Equatable {
        public var fragments = 0
        public var datagramsCompleted = 0
        /// Datagrams dropped unfinished: timed out, evicted by a cap, or ended by the capture.
        public var datagramsIncomplete = 0
        public var duplicateFragments = 0
        public var overlappingFragments = 0
        /// Fragments that would make a datagram larger than 65,535 bytes of payload.
        public var oversizedFragments = 0

        public init() {}
    }

    /// A datagram whose fragments are all in.
    public struct Datagram: Sendable {
        public var key: FragmentKey
        public var nextProtocol: UInt8
        /// The datagram's payload: what follows its IP header.
        public var payload: [UInt8]
    }

    private struct Pending {
        var buffer: [UInt8] = []
        /// Received byte ranges, sorted and merged.
        var ranges: [Range<Int>] = []
        var totalLength: Int? = nil
        var nextProtocol: UInt8 = 0
        var firstSeen: Int64
    }

    public var limits: Limits
    public private(set) var counters = Counters()
    private var pending: [FragmentKey: Pending] = [:]
    private var bufferedBytes = 0

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Datagrams waiting for fragments now.
    public var pendingCount: Int { pending.count }
    public var pendingBytes: Int { bufferedBytes }

    /// Adds one fragment; returns the datagram when this fragment completes it.
    public mutating func add(_ fragment: IPFragment, bytes: UnsafeRawBufferPointer, timestamp: Int64) -> Datagram? {
        counters.fragments += 1
        let data = UnsafeRawBufferPointer(rebasing: bytes[fragment.data])
        let start = fragment.offset
        let end = start + data.count
        guard end <= 65_535 else {
            counters.oversizedFragments += 1
            return nil
        }
        if pending[fragment.key] == nil {
            if pending.count >= limits.maximumPending { evictOldest() }
            pending[fragment.key] = Pending(firstSeen: timestamp)
        }
        var entry = pending.removeValue(forKey: fragment.key)!
        if !fragment.moreFragments {
            if let known = entry.totalLength, known != end {
                // Two different "last" fragments: the datagram cannot be trusted.
                counters.overlappingFragments += 1
            }
            entry.totalLength = entry.totalLength ?? end
        }
        if fragment.offset == 0 { entry.nextProtocol = fragment.nextProtocol }
        if end > entry.buffer.count {
            let growth = end - entry.buffer.count
            guard bufferedBytes + growth <= limits.maximumBufferedBytes else {
                counters.datagramsIncomplete += 1
                bufferedBytes -= entry.buffer.count
                return nil
            }
            entry.buffer.append(contentsOf: repeatElement(0, count: growth))
            bufferedBytes += growth
        }
        // Copy only the bytes no earlier fragment supplied.
        let fresh = subtract(start..<end, entry.ranges)
        if fresh.isEmpty && !data.isEmpty {
            counters.duplicateFragments += 1
        } else if fresh.count != 1 || fresh.first != start..<end {
            if !data.isEmpty { counters.overlappingFragments += 1 }
        }
        for range in fresh {
            for i in range { entry.buffer[i] = data[i - start] }
        }
        entry.ranges = merge(entry.ranges + [start..<end])
        if let total = entry.totalLength, entry.ranges.count == 1, entry.ranges[0] == 0..<total,
            entry.buffer.count >= total
        {
            bufferedBytes -= entry.buffer.count
            counters.datagramsCompleted += 1
            return Datagram(
                key: fragment.key, nextProtocol: entry.nextProtocol, payload: Array(entry.buffer[0..<total]))
        }
        pending[fragment.key] = entry
        return nil
    }

    /// Drops datagrams older than the timeout; call with the capture's time.
    public mutating func expire(now: Int64) {
        for (key, entry) in pending where now - entry.firstSeen > limits.timeout {
            drop(key, entry)
        }
    }

    /// Drops everything pending: the capture has ended.
    public mutating func finish() {
        for (key, entry) in pending { drop(key, entry) }
    }

    private mutating func drop(_ key: FragmentKey, _ entry: Pending) {
        pending.removeValue(forKey: key)
        bufferedBytes -= entry.buffer.count
        counters.datagramsIncomplete += 1
    }

    private mutating func evictOldest() {
        guard let oldest = pending.min(by: { $0.value.firstSeen < $1.value.firstSeen }) else { return }
        drop(oldest.key, oldest.value)
    }

    /// The parts of `range` not covered by `covered` (sorted, merged).
    private func subtract(_ range: Range<Int>, _ covered: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var cursor = range.lowerBound
        for c in covered where c.upperBound > cursor && c.lowerBound < range.upperBound {
            if c.lowerBound > cursor { out.append(cursor..<c.lowerBound) }
            cursor = max(cursor, c.upperBound)
        }
        if cursor < range.upperBound { out.append(cursor..<range.upperBound) }
        return out
    }

    private func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        let sorted = ranges.filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound }
        var out: [Range<Int>] = []
        for r in sorted {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }
}
