/// Turns SCTP DATA chunks back into user messages (RFC 9260 §6.9), one SIP message
/// each (RFC 4168 §5).
///
/// A message bigger than the path MTU is sent as fragments in DATA chunks with
/// consecutive TSNs, B set on the first, E on the last, neither in between, all on
/// one stream (§6.9). The reassembler keeps fragments per association direction
/// (source, destination, verification tag) keyed by TSN, so fragments arriving out
/// of order or retransmitted still join; a message is delivered as soon as its run
/// from B to E is complete. Unfragmented messages (B and E set) pass straight
/// through, uncopied.
///
/// A capture sees retransmissions too: a chunk whose TSN was already seen on its
/// direction (within the last `dedupWindow` TSNs) is a transport retransmission, not
/// a new SIP message, and is dropped and counted, as TCP reassembly drops resent
/// segments. Without this a SIP analysis would count SCTP retransmissions as SIP ones.
///
/// Memory is bounded: fragments waiting for their siblings are capped in bytes
/// (`maximumBufferedBytes`, the oldest fragment of the direction holding the most is
/// dropped first), fragments fall out once their TSN is `maximumTSNDistance` behind
/// the newest TSN of their direction (the missing piece is not coming), and messages
/// over `maximumMessage` are dropped. Everything dropped is counted in `statistics`.
public struct SCTPReassembler: Sendable {
    /// A delivered message's metadata, from its first chunk.
    public struct Message: Sendable, Equatable {
        public var streamID: UInt16
        public var streamSequence: UInt16
        public var ppid: UInt32
        public var unordered: Bool
        /// TSN of the first (or only) chunk.
        public var firstTSN: UInt32
        /// Chunks the message came in: 1 when unfragmented.
        public var fragments: Int

        public init(
            streamID: UInt16, streamSequence: UInt16, ppid: UInt32, unordered: Bool, firstTSN: UInt32, fragments: Int
        ) {
            self.streamID = streamID
            self.streamSequence = streamSequence
            self.ppid = ppid
            self.unordered = unordered
            self.firstTSN = firstTSN
            self.fragments = fragments
        }
    }

    public struct Statistics: Sendable, Equatable {
        /// Messages delivered, and how many of them were joined from fragments.
        public var messages = 0
        public var reassembledMessages = 0
        /// Chunks dropped because their TSN was seen before on the same direction.
        public var duplicateChunks = 0
        /// Fragments dropped unjoined (buffer cap, staleness, `flush`), and their bytes.
        public var droppedFragments = 0
        public var droppedBytes = 0
        /// Messages over `maximumMessage`, dropped (their fragments are not counted again above).
        public var oversizedMessages = 0
        /// Chunks whose data range lay outside the bytes given with them.
        public var invalidChunks = 0

        public init() {}
    }

    /// One direction of one association.
    public struct Direction: Hashable, Sendable {
        public var source: Endpoint
        public var destination: Endpoint
        public var verificationTag: UInt32

        public init(source: Endpoint, destination: Endpoint, verificationTag: UInt32 = 0) {
            self.source = source
            self.destination = destination
            self.verificationTag = verificationTag
        }
    }

    /// TSNs remembered per direction to recognise retransmissions.
    public static let dedupWindow = 1024

    public let maximumMessage: Int
    public let maximumBufferedBytes: Int
    public let maximumTSNDistance: UInt32
    /// Directions tracked at once; past this, directions with nothing buffered are forgotten.
    public let maximumDirections: Int
    public private(set) var statistics = Statistics()
    /// Bytes of fragments waiting for their siblings, over all directions.
    public private(set) var bufferedBytes = 0

    private struct Fragment {
        var chunk: SCTPDataChunk
        var bytes: [UInt8]
    }

    private struct DirectionState {
        /// Newest TSN seen (serial number order, §1.6 / RFC 1982).
        var highest: UInt32 = 0
        var started = false
        /// Bit (tsn mod window) set when that TSN was seen; covers `highest - window + 1 ... highest`.
        var seen = [UInt64](repeating: 0, count: SCTPReassembler.dedupWindow / 64)
        var fragments: [UInt32: Fragment] = [:]
        /// Fragment TSNs in arrival order; entries already removed are skipped lazily.
        var order: [UInt32] = []
        var orderHead = 0
        var bytes = 0

        func isSeen(_ tsn: UInt32) -> Bool {
            let bit = Int(tsn % UInt32(SCTPReassembler.dedupWindow))
            return seen[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }

        mutating func setSeen(_ tsn: UInt32, _ value: Bool) {
            let bit = Int(tsn % UInt32(SCTPReassembler.dedupWindow))
            if value {
                seen[bit >> 6] |= 1 << UInt64(bit & 63)
            } else {
                seen[bit >> 6] &= ~(1 << UInt64(bit & 63))
            }
        }

        /// Records `tsn`; false when it was seen already.
        mutating func markNew(_ tsn: UInt32) -> Bool {
            let window = UInt32(SCTPReassembler.dedupWindow)
            guard started else {
                started = true
                highest = tsn
                setSeen(tsn, true)
                return true
            }
            let ahead = tsn &- highest
            if ahead == 0 { return false }
            if ahead < 1 << 31 {
                // Newer: forget the TSNs that leave the window.
                if ahead >= window {
                    for i in seen.indices { seen[i] = 0 }
                } else {
                    var t = highest &+ 1
                    while t != tsn {
                        setSeen(t, false)
                        t &+= 1
                    }
                }
                highest = tsn
                setSeen(tsn, true)
                return true
            }
            let behind = highest &- tsn
            if behind < window {
                if isSeen(tsn) { return false }
                setSeen(tsn, true)
                return true
            }
            if behind > 1 << 16 {
                // Far behind: not a straggler but a new run of TSNs (an association
                // restarted without a new tag, or a tag the caller did not pass).
                for i in seen.indices { seen[i] = 0 }
                highest = tsn
                setSeen(tsn, true)
            }
            // Older than the window: cannot tell, so deliver.
            return true
        }
    }

    private var directions: [Direction: DirectionState] = [:]
    /// Reused to join fragments, so a steady stream of fragmented messages does not allocate.
    private var assembly: [UInt8] = []

    /// - Parameters:
    ///   - maximumMessage: the largest message joined from fragments (1 MiB).
    ///   - maximumBufferedBytes: fragment bytes held over all directions (8 MiB).
    ///   - maximumTSNDistance: how far behind its direction's newest TSN a fragment
    ///     may fall before it is given up (4096 TSNs).
    ///   - maximumDirections: association directions tracked at once (65 536).
    public init(
        maximumMessage: Int = 1 << 20, maximumBufferedBytes: Int = 8 << 20, maximumTSNDistance: UInt32 = 4096,
        maximumDirections: Int = 1 << 16
    ) {
        self.maximumMessage = max(0, maximumMessage)
        self.maximumBufferedBytes = max(0, maximumBufferedBytes)
        self.maximumTSNDistance = min(maximumTSNDistance, 1 << 30)
        self.maximumDirections = max(1, maximumDirections)
    }

    /// Parses an SCTP packet (`SCTP.parsePacket`) and adds each of its DATA chunks in
    /// order. Returns the parse error, if any; chunks before it are still added.
    @discardableResult
    public mutating func add(
        packet bytes: UnsafeRawBufferPointer, source: IPAddress, destination: IPAddress,
        _ onMessage: (Message, UnsafeRawBufferPointer) -> Void
    ) -> SCTPParseError? {
        switch SCTP.parsePacket(bytes) {
        case .failure(let error):
            return error
        case .success(let packet):
            let direction = Direction(
                source: Endpoint(address: source, port: packet.sourcePort),
                destination: Endpoint(address: destination, port: packet.destinationPort),
                verificationTag: packet.verificationTag)
            for chunk in packet.dataChunks {
                add(chunk, in: bytes, direction: direction, onMessage)
            }
            return packet.error
        }
    }

    /// Adds one DATA chunk whose `data` range points into `bytes`; calls `onMessage`
    /// for each message it completes (at most one), with bytes valid only during the call.
    public mutating func add(
        _ chunk: SCTPDataChunk, in bytes: UnsafeRawBufferPointer, direction: Direction,
        _ onMessage: (Message, UnsafeRawBufferPointer) -> Void
    ) {
        guard chunk.data.lowerBound >= 0, chunk.data.upperBound <= bytes.count else {
            statistics.invalidChunks += 1
            return
        }
        if directions[direction] == nil && directions.count >= maximumDirections { forgetIdleDirections() }
        var isNew = false
        var hasPending = false
        withState(direction) { state in
            isNew = state.markNew(chunk.tsn)
            hasPending = !state.fragments.isEmpty
        }
        guard isNew else {
            statistics.duplicateChunks += 1
            return
        }
        if hasPending { dropStale(direction) }
        let data = UnsafeRawBufferPointer(rebasing: bytes[chunk.data])
        if chunk.isComplete {
            statistics.messages += 1
            onMessage(message(chunk, fragments: 1), data)
            return
        }
        guard data.count <= maximumMessage else {
            statistics.oversizedMessages += 1
            return
        }
        withState(direction) { state in
            state.fragments[chunk.tsn] = Fragment(chunk: chunk, bytes: Array(data))
            state.order.append(chunk.tsn)
            state.bytes += data.count
        }
        bufferedBytes += data.count
        complete(around: chunk.tsn, direction: direction, onMessage)
        enforceBufferCap()
    }

    /// Drops every fragment still waiting (end of capture, or a caller's timeout),
    /// counting them; returns how many were dropped.
    @discardableResult
    public mutating func flush() -> Int {
        var dropped = 0
        var droppedBytes = 0
        for key in directions.keys {
            withState(key) { state in
                dropped += state.fragments.count
                droppedBytes += state.bytes
                state.fragments.removeAll()
                state.order.removeAll()
                state.orderHead = 0
                state.bytes = 0
            }
        }
        statistics.droppedFragments += dropped
        statistics.droppedBytes += droppedBytes
        bufferedBytes = 0
        return dropped
    }

    // MARK: - Joining

    private func message(_ chunk: SCTPDataChunk, fragments: Int) -> Message {
        Message(
            streamID: chunk.streamID, streamSequence: chunk.streamSequence, ppid: chunk.ppid,
            unordered: chunk.unordered, firstTSN: chunk.tsn, fragments: fragments)
    }

    /// Whether `next` can follow `previous` in one message: same stream, same
    /// ordering, and for ordered messages the same stream sequence number (§6.9).
    private static func belongTogether(_ previous: SCTPDataChunk, _ next: SCTPDataChunk) -> Bool {
        previous.streamID == next.streamID && previous.unordered == next.unordered
            && (previous.unordered || previous.streamSequence == next.streamSequence)
            && !previous.ending && !next.beginning
    }

    /// The run B … E of consecutive TSNs through fragment `tsn`, if it is complete:
    /// its first chunk, its number of chunks and its size.
    private static func completeRun(
        in state: DirectionState, around tsn: UInt32
    )
        -> (first: SCTPDataChunk, count: Int, total: Int)?
    {
        guard let middle = state.fragments[tsn] else { return nil }
        var first = middle.chunk
        var total = middle.bytes.count
        var count = 1
        while !first.beginning {
            guard let previous = state.fragments[first.tsn &- 1], belongTogether(previous.chunk, first) else {
                return nil
            }
            first = previous.chunk
            total += previous.bytes.count
            count += 1
        }
        var last = middle.chunk
        while !last.ending {
            guard let next = state.fragments[last.tsn &+ 1], belongTogether(last, next.chunk) else { return nil }
            last = next.chunk
            total += next.bytes.count
            count += 1
        }
        return (first, count, total)
    }

    /// If the fragment `tsn` completes its message, joins and delivers it.
    private mutating func complete(
        around tsn: UInt32, direction: Direction, _ onMessage: (Message, UnsafeRawBufferPointer) -> Void
    ) {
        guard let run = directions[direction].flatMap({ Self.completeRun(in: $0, around: tsn) }) else { return }
        let oversized = run.total > maximumMessage
        // Joined in a buffer kept across messages; moved out while the state is borrowed.
        var joined: [UInt8] = []
        swap(&joined, &assembly)
        joined.removeAll(keepingCapacity: true)
        if !oversized { joined.reserveCapacity(run.total) }
        withState(direction) { state in
            var t = run.first.tsn
            for _ in 0..<run.count {
                if let fragment = state.fragments.removeValue(forKey: t) {
                    state.bytes -= fragment.bytes.count
                    if !oversized { joined.append(contentsOf: fragment.bytes) }
                }
                t &+= 1
            }
            Self.compact(&state)
        }
        bufferedBytes -= run.total
        if oversized {
            statistics.oversizedMessages += 1
        } else {
            statistics.messages += 1
            statistics.reassembledMessages += 1
            joined.withUnsafeBytes { onMessage(message(run.first, fragments: run.count), $0) }
        }
        // Keep a typical message's worth of capacity, release an unusually large one.
        joined.removeAll(keepingCapacity: joined.capacity <= 1 << 16)
        swap(&joined, &assembly)
    }

    // MARK: - Limits

    /// Runs `body` on the state of `direction`, creating it if needed, in place.
    private mutating func withState(_ direction: Direction, _ body: (inout DirectionState) -> Void) {
        body(&directions[direction, default: DirectionState()])
    }

    /// Drops the fragments of `direction` that fell `maximumTSNDistance` behind its newest TSN.
    private mutating func dropStale(_ direction: Direction) {
        var dropped = 0
        var droppedBytes = 0
        let distance = maximumTSNDistance
        withState(direction) { state in
            while state.orderHead < state.order.count {
                let tsn = state.order[state.orderHead]
                if let fragment = state.fragments[tsn] {
                    let behind = state.highest &- tsn
                    guard behind > distance && behind < 1 << 31 else { break }
                    state.fragments[tsn] = nil
                    state.bytes -= fragment.bytes.count
                    dropped += 1
                    droppedBytes += fragment.bytes.count
                }
                state.orderHead += 1
            }
            Self.compact(&state)
        }
        statistics.droppedFragments += dropped
        statistics.droppedBytes += droppedBytes
        bufferedBytes -= droppedBytes
    }

    /// While over `maximumBufferedBytes`, drops the oldest fragment of the direction
    /// holding the most bytes (ties broken by key, so the choice is reproducible).
    private mutating func enforceBufferCap() {
        while bufferedBytes > maximumBufferedBytes {
            var victim: Direction?
            var most = 0
            for (key, state) in directions where state.bytes > 0 {
                if state.bytes > most || (state.bytes == most && victim.map { Self.precedes(key, $0) } == true) {
                    victim = key
                    most = state.bytes
                }
            }
            guard let victim else {
                bufferedBytes = 0
                return
            }
            var droppedBytes = 0
            withState(victim) { state in
                while state.orderHead < state.order.count {
                    let tsn = state.order[state.orderHead]
                    state.orderHead += 1
                    if let fragment = state.fragments.removeValue(forKey: tsn) {
                        state.bytes -= fragment.bytes.count
                        droppedBytes = fragment.bytes.count
                        break
                    }
                }
                Self.compact(&state)
            }
            statistics.droppedFragments += 1
            statistics.droppedBytes += droppedBytes
            bufferedBytes -= droppedBytes
        }
    }

    /// Past `maximumDirections`: forgets directions with nothing buffered (their
    /// retransmission memory goes too), or failing that, everything.
    private mutating func forgetIdleDirections() {
        directions = directions.filter { !$0.value.fragments.isEmpty }
        if directions.count >= maximumDirections {
            flush()
            directions.removeAll()
        }
    }

    private static func precedes(_ a: Direction, _ b: Direction) -> Bool {
        (a.source, a.destination, a.verificationTag) < (b.source, b.destination, b.verificationTag)
    }

    /// Trims the consumed front of the arrival-order list once it is most of the list.
    private static func compact(_ state: inout DirectionState) {
        if state.fragments.isEmpty {
            state.order.removeAll(keepingCapacity: true)
            state.orderHead = 0
        } else if state.orderHead > 64 && state.orderHead * 2 > state.order.count {
            state.order.removeFirst(state.orderHead)
            state.orderHead = 0
        }
    }
}
