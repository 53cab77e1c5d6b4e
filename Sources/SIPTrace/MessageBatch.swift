import Calls
import SIP

/// Messages on their way from the packet end of the pipeline to the
/// `CallStage`, in capture order, with the moments calls are expired.
///
/// Fixed-size entries plus one byte arena for the Call-IDs and the From, To
/// and bottom Via values whose tags and branch the tracking side reads (the
/// rare unknown method's name rides beside them as a `String`): filling a
/// batch copies a few dozen bytes per message and, once its arrays have grown
/// to size, allocates nothing; the batches go round between the two threads
/// and are reused. When messages are copied (every mode but a summary), each
/// message's owned `MessageRecord`, made on the reading side, rides along too.
public struct MessageBatch: Sendable {
    public struct Entry: Sendable {
        public enum Kind: Sendable {
            /// A message with a Call-ID (the entry's `callID` bytes).
            case message
            /// A message without one: counted, in no call.
            case withoutCallID
            /// Expire the calls that are over at `message.timestamp`, with
            /// the linger and idle timeout `expiry` gives.
            case expire

            var isMessage: Bool {
                if case .message = self { return true }
                return false
            }
        }
        var kind: Kind
        var message: TrackedMessage
        /// Where the Call-ID is in `bytes`.
        var callID: Range<Int32>
        /// Index in `methods` of an unknown method's name; -1 for a known
        /// method or a response.
        var method: Int32
        /// Where the copied From, To and bottom Via values are in `bytes`
        /// (lower bound -1: none), for `MessageFacts.readTags` on the far side.
        var from: Range<Int32> = -1 ..< -1
        var to: Range<Int32> = -1 ..< -1
        var bottomVia: Range<Int32> = -1 ..< -1
        /// The tags and branch are still to be read from those copies; false
        /// when the reading thread read them already (`message.facts` has them).
        var tagsPending = false
        /// Index in `records` of the message's owned copy, or in `arrivals`
        /// of its streamed part (a batch holds one kind or the other); -1
        /// when there is neither (a summary makes none).
        var record: Int32 = -1
        /// `ByteHash.of` the Call-ID, worked out on the reading side (see
        /// `CallTracker.add`), or 0 until `forEach` works it out (`append`'s
        /// `hashHere`).
        var callIDHash: UInt64 = 0

        /// An expiry's linger and idle timeout, kept where a message keeps
        /// its endpoints (a marker has none): an entry is copied in and read
        /// once per message, so it stays as small as a message needs.
        var expiry: (linger: Int64, idleTimeout: Int64) {
            (Int64(bitPattern: message.source), Int64(bitPattern: message.destination))
        }

        /// The tag sources as ranges of the batch's arena.
        var tagSources: MessageFacts.TagSources {
            func range(_ r: Range<Int32>) -> Range<Int>? {
                r.lowerBound < 0 ? nil : Int(r.lowerBound)..<Int(r.upperBound)
            }
            return MessageFacts.TagSources(from: range(from), to: range(to), bottomVia: range(bottomVia))
        }
    }

    private(set) var entries: [Entry] = []
    /// Each entry's Call-ID hash again (0 for one that is not a message, and
    /// until `forEach` works it out for one whose hash the reading side
    /// left), eight to a cache line: what `forEach` reads of the entries
    /// ahead, for the prefetch, without touching their lines yet.
    private var hashes: [UInt64] = []
    /// How many messages' hashes the reading side left (0 in `hashes`).
    private var hashesLeft = 0
    private var bytes: Arena
    private var methods: [String] = []
    /// Taken out (set to nil) as the tracking side replays the batch.
    private var records: [MessageRecord?] = []
    /// In place of records when calls are streamed as ndjson: what each
    /// message's call keeps, and where the bytes that come with it (its JSON,
    /// tags and line, From and To values) are in the arena. An entry's
    /// `record` index points here then.
    private var arrivals: [Carried?] = []
    /// The rare fields of the messages in `arrivals` that have any, held
    /// here while the batch lends them (see `StreamedArrival.details`), and
    /// let go when it is emptied (by the tracking side, once replayed).
    private var heldDetails: [StreamedMessage.Details] = []

    /// Plain data, like the arrival it is made into (see
    /// `StreamedArrival.details`): `heldDetails` owns the details.
    struct Carried {
        var message: StreamedMessage
        var text: Range<Int32>
        var details: Unmanaged<StreamedMessage.Details>?
        var from: Range<Int32>?
        var to: Range<Int32>?
    }
    /// A batch is handed over when it holds `capacity` entries: by default a
    /// few hundred kilobytes, big enough that the hand-over is rare.
    public static let defaultCapacity = 2048
    public let capacity: Int

    public init(capacity: Int = MessageBatch.defaultCapacity) {
        self.capacity = max(1, capacity)
        entries.reserveCapacity(self.capacity)
        hashes.reserveCapacity(self.capacity)
        bytes = Arena(capacity: self.capacity * 256)
    }

    /// A batch is handed over, too, once its arena holds this many bytes: a
    /// capture of huge messages (a reassembled TCP message may reach 4 MiB)
    /// cannot make batches grow without bound, and offsets stay well inside
    /// the `Int32` ranges the entries keep.
    static let maximumBytes = 8 << 20

    public var count: Int { entries.count }
    public var isFull: Bool { entries.count >= capacity || bytes.count >= MessageBatch.maximumBytes }

    /// Empties the batch, keeping its storage. Ends the loan of the details
    /// its arrivals lent (`heldDetails`): only after `forEach` has replayed it.
    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        hashesLeft = 0
        if !isKnownUniquelyReferenced(&bytes) { bytes = Arena(capacity: bytes.capacity) }
        bytes.count = 0
        methods.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        arrivals.removeAll(keepingCapacity: true)
        heldDetails.removeAll(keepingCapacity: true)
    }

    /// Adds a message. With `tagSources`, its facts still lack their tags:
    /// the values there are copied from `packet` to be read on the far side;
    /// nil, the facts are complete. Without `hashHere`, its Call-ID's hash is
    /// left to the far side too (`forEach` works it out first).
    mutating func append(
        _ kind: Entry.Kind, _ message: TrackedMessage, callID: UnsafeRawBufferPointer,
        unknownMethod: String?, packet: UnsafeRawBufferPointer, tagSources: MessageFacts.TagSources?,
        hashHere: Bool = true, record: consuming MessageRecord? = nil, arrival: consuming StreamedArrival? = nil
    ) {
        // The arena is made the batch's own once, for the values below.
        if !isKnownUniquelyReferenced(&bytes) { bytes = bytes.copy() }
        let id = store(callID)
        let hash = hashHere ? ByteHash.of(callID, 0..<callID.count) : 0
        if !hashHere && kind.isMessage { hashesLeft += 1 }
        var method: Int32 = -1
        if let unknownMethod {
            method = Int32(truncatingIfNeeded: methods.count)
            methods.append(unknownMethod)
        }
        var entry = Entry(kind: kind, message: message, callID: id, method: method)
        entry.callIDHash = hash
        if record != nil {
            // Moved in (the parameter is consumed), not copied.
            entry.record = Int32(truncatingIfNeeded: records.count)
            records.append(record)
        }
        if let arrival = arrival.take() {
            entry.record = Int32(truncatingIfNeeded: arrivals.count)
            let text = store(arrival.text)
            let from = arrival.from.map { store($0) }
            let to = arrival.to.map { store($0) }
            var details: Unmanaged<StreamedMessage.Details>? = nil
            if let held = arrival.details {
                heldDetails.append(held)
                // SAFETY: `heldDetails` keeps `held` alive until `removeAll`,
                // which runs only once the batch has been replayed.
                details = Unmanaged.passUnretained(held)
            }
            arrivals.append(Carried(message: arrival.message, text: text, details: details, from: from, to: to))
        }
        if let tagSources {
            entry.tagsPending = true
            if let r = tagSources.from { entry.from = store(UnsafeRawBufferPointer(rebasing: packet[r])) }
            if let r = tagSources.to { entry.to = store(UnsafeRawBufferPointer(rebasing: packet[r])) }
            if let r = tagSources.bottomVia { entry.bottomVia = store(UnsafeRawBufferPointer(rebasing: packet[r])) }
        }
        entries.append(entry)
        hashes.append(kind.isMessage ? entry.callIDHash : 0)
    }

    mutating func appendExpiry(now: Int64, linger: Int64, idleTimeout: Int64) {
        var marker = TrackedMessage(
            facts: MessageFacts(), timestamp: now, source: MessageBatch.nowhere, destination: MessageBatch.nowhere)
        marker.source = UInt64(bitPattern: linger)
        marker.destination = UInt64(bitPattern: idleTimeout)
        hashes.append(0)
        entries.append(Entry(kind: .expire, message: marker, callID: 0..<0, method: -1))
    }

    /// The Call-ID hashes of the messages 4, 8 and 16 entries after one
    /// (0: none), for the tracker to start loading their calls (see
    /// `CallTracker.add`). Worked out as `forEach` hands the entry over, from
    /// `hashes`: written back into the entries as later messages came, they
    /// cost the reading side three more writes to entries left behind.
    struct Lookahead {
        var near: UInt64
        var ahead: UInt64
        var farAhead: UInt64
    }

    private static let nowhere = Endpoint(address: IPAddress(ipv4: 0), port: 0)

    /// Copies `data` into the arena, which must be the batch's own (`append`
    /// makes sure once for all its values).
    private func store(_ data: UnsafeRawBufferPointer) -> Range<Int32> {
        let start = bytes.count
        bytes.append(data)
        return Int32(truncatingIfNeeded: start)..<Int32(truncatingIfNeeded: bytes.count)
    }

    /// Works out the Call-ID hashes the reading side left (see `append`),
    /// in one pass before the replay, so that the lookahead has them all.
    private mutating func workOutHashes() {
        // `append` adds an entry and its hash together, and nothing else
        // changes either.
        precondition(entries.count == hashes.count, "a hash for every entry")
        let arena = bytes
        entries.withUnsafeMutableBufferPointer { list in
            hashes.withUnsafeMutableBufferPointer { hashes in
                arena.withBytes { arena in
                    for index in list.indices where hashes[index] == 0 && list[index].kind.isMessage {
                        let range = list[index].callID
                        let callID = UnsafeRawBufferPointer(
                            rebasing: arena[Int(range.lowerBound)..<Int(range.upperBound)])
                        hashes[index] = ByteHash.of(callID, 0..<callID.count)
                        list[index].callIDHash = hashes[index]
                    }
                }
            }
        }
        hashesLeft = 0
    }

    /// Calls `body` with each entry in place (not copied: an entry is a few
    /// hundred bytes), the hashes ahead of it, the arena its ranges point
    /// into, its Call-ID bytes, an unknown method's name (nil for the rest)
    /// and the message's record, moved out of the batch (nil when it has none),
    /// or its streamed arrival, whose bytes are the arena's (valid during `body`).
    mutating func forEach(
        _ body: (
            inout Entry, Lookahead, UnsafeRawBufferPointer, UnsafeRawBufferPointer, String?, inout MessageRecord?,
            inout StreamedArrival?
        ) -> Void
    ) {
        if hashesLeft > 0 { workOutHashes() }
        let methods = self.methods
        var records = self.records
        self.records = []  // the only reference now: taking a record copies nothing
        var arrivals = self.arrivals
        self.arrivals = []
        bytes.withBytes { arena in
            entries.withUnsafeMutableBufferPointer { list in
                // One optional for the whole batch: a `MessageRecord` is a few
                // hundred bytes, and making a fresh nil for each entry of a
                // summary (which has no records) cost a copy of that size.
                var record: MessageRecord? = nil
                var arrival: StreamedArrival? = nil
                let hashes = self.hashes
                // SAFETY: the ranges were made by `store` on this arena, so
                // they lie within its `count` bytes (slicing checks it too).
                func bytes(_ r: Range<Int32>) -> UnsafeRawBufferPointer {
                    UnsafeRawBufferPointer(rebasing: arena[Int(r.lowerBound)..<Int(r.upperBound)])
                }
                func hash(_ at: Int) -> UInt64 { at < hashes.count ? hashes[at] : 0 }
                for index in list.indices {
                    let lookahead = Lookahead(near: hash(index + 4), ahead: hash(index + 8), farAhead: hash(index + 16))
                    let range = list[index].callID
                    let callID = UnsafeRawBufferPointer(rebasing: arena[Int(range.lowerBound)..<Int(range.upperBound)])
                    let method = list[index].method
                    if list[index].record >= 0 {
                        // One kind per batch: messages are streamed or
                        // recorded for the whole analysis. A second pass
                        // finds both taken (nil), as a record's would.
                        if !arrivals.isEmpty {
                            if let carried = arrivals[Int(list[index].record)].take() {
                                arrival = StreamedArrival(
                                    message: carried.message, text: bytes(carried.text),
                                    // SAFETY: `heldDetails` holds them; the batch is
                                    // not emptied while it is replayed.
                                    details: carried.details?.takeUnretainedValue(),
                                    from: carried.from.map(bytes), to: carried.to.map(bytes))
                            }
                        } else {
                            record = records[Int(list[index].record)].take()
                        }
                    }
                    body(
                        &list[index], lookahead, arena, callID, method >= 0 ? methods[Int(method)] : nil, &record,
                        &arrival)
                    if record != nil { record = nil }
                    if arrival != nil { arrival = nil }
                }
            }
        }
        self.records = records  // all nil now, until `removeAll`
        self.arrivals = arrivals
    }
}

/// The byte arena of a `MessageBatch`: grown by doubling, copied before a
/// write when two batches share it (value semantics, as the array it
/// replaced had). Storing a value is one capacity check and one copy:
/// `Array.append(contentsOf:)` went through the generic sequence copy, which
/// cost more than the copy itself, three or four times per message.
private final class Arena: @unchecked Sendable {
    // SAFETY: `base` holds `capacity` bytes, the first `count` written. A
    // batch writes only when it holds the sole reference (`store` and
    // `removeAll` check), so a shared arena is only ever read, on any thread.
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(byteCount: self.capacity, alignment: 8)
        // Bound to bytes, as everything stored here is: readers take the
        // values as `UInt8` (`CallBuilder` copies a message's JSON that way).
        base.bindMemory(to: UInt8.self, capacity: self.capacity)
    }

    deinit { base.deallocate() }

    func append(_ data: UnsafeRawBufferPointer) {
        guard let source = data.baseAddress, !data.isEmpty else { return }
        if count + data.count > capacity {
            var newCapacity = capacity * 2
            while newCapacity < count + data.count { newCapacity *= 2 }
            let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
            newBase.bindMemory(to: UInt8.self, capacity: newCapacity)
            newBase.copyMemory(from: base, byteCount: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }
        // SAFETY: count + data.count <= capacity, made so just above.
        (base + count).copyMemory(from: source, byteCount: data.count)
        count += data.count
    }

    func copy() -> Arena {
        let other = Arena(capacity: capacity)
        other.base.copyMemory(from: base, byteCount: count)
        other.count = count
        return other
    }

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(UnsafeRawBufferPointer(start: base, count: count))
    }
}
