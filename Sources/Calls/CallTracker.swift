import CPrefetch
import Decode
import SIP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Groups SIP messages by Call-ID and works out, per group, its outcome and timings.
///
/// Call-IDs are compared byte by byte (RFC 3261 §8.1.1.4) and found by a
/// 64-bit hash of their bytes, so the per-packet path makes no `String`: a
/// call's Call-ID is copied once, when the call starts. What is kept of each
/// message is a fixed-size `TrackedMessage`; the owned `MessageRecord` is kept
/// beside it only when `keepsRecords` (a report that shows the messages).
///
/// Time is always the capture's: the tracker never reads a clock, so the same
/// capture gives the same figures on any machine, any day.
public struct CallTracker {
    /// Live calls; free slots (nil in `expiries`) hold `CallBuilder.vacant`
    /// and are reused (`freeSlots`), so a long capture does not grow the table
    /// past the most calls live at once.
    private var slots: [CallBuilder] = []
    /// Each slot's Call-ID, beside `slots`: the per-message lookup compares
    /// against it without touching the builder.
    private var callIDs: [CallIDKey] = []
    /// Each slot's expiry state (nil: free), kept beside `slots` so the
    /// expiry scan reads a flat array and copies no builder.
    private var expiries: [CallBuilder.Expiry?] = []
    private var freeSlots: [Int] = []
    /// The slots an expiry found over, kept for the next one (see `expireSlots`).
    private var dueScratch: [Int] = []
    /// Call-ID hash → slot. Two live Call-IDs with the same 64-bit hash (never
    /// seen in practice; possible) go to `collided`, keyed by their bytes.
    private var bySlot = SlotTable()
    private var collided: [[UInt8]: Int] = [:]
    private var live = 0
    /// Order of first appearance, for reporting calls in capture order.
    private var nextOrder = 0
    /// Messages that could not be grouped because they have no Call-ID: the
    /// first `maximumUngrouped`, then only counted in `withoutCallIDNotKept`.
    public private(set) var withoutCallID: [MessageRecord] = []
    public private(set) var withoutCallIDNotKept = 0
    public static let maximumUngrouped = 10_000

    /// Keep each message's owned `MessageRecord` (for reports that show the
    /// ladder). Off, only the compact `TrackedMessage` is kept: a summary.
    public var keepsRecords = true
    /// Streaming analyses keep only what outcomes and dialogs need of each
    /// message (`SIPMessage.compact`), so live calls cost less memory.
    public var compactMessages = false
    /// Work out each call's dialogs when it is built. A summary that only
    /// counts outcomes and timings does without them.
    public var buildDialogs = true
    /// Call-IDs reported recently, so a late retransmission is not a new call:
    /// by hash (`graveTable`), with the bytes to make sure, the time of their
    /// last message, and what a late copy is compared with to mark it. Freed
    /// entries are reused (`freeGraves`).
    private var graves: [Tombstone] = []
    private var freeGraves: [Int] = []
    /// Call-ID hash → index in `graves`.
    private var graveTable = SlotTable()
    /// Tombstones whose hash another one holds already, by their bytes.
    private var endedCollided: [[UInt8]: Tombstone] = [:]
    /// The same Call-IDs in the order they ended, to let them go in that order.
    private var endedOrder: [(hash: UInt64, time: Int64)] = []
    private var endedHead = 0
    /// How long an expired call's Call-ID is remembered: RFC 3261's 64×T1.
    public var tombstoneTime: Int64 = 32_000_000_000
    /// Messages that arrived for a call already reported and forgotten.
    public private(set) var lateMessages = 0
    /// The first `maximumUngrouped` of them, when records are kept (a
    /// streamed message is not: see `add(_:callID:record:arrival:)`).
    public private(set) var late: [MessageRecord] = []
    /// Applied to every Call-ID hash. Tests set it to 0 to make every Call-ID
    /// collide, so the byte-compared fallback is exercised.
    var hashMask: UInt64 = ~0

    public init() {}

    /// The number of Call-IDs tracked now (expired ones no longer count).
    public var count: Int { live }

    /// Adds one message in capture order. Returns it as recorded, with its
    /// retransmission mark set.
    @discardableResult
    public mutating func add(_ record: MessageRecord) -> MessageRecord {
        var record = record
        add(&record)
        return record
    }

    /// Adds one owned message in capture order and sets its retransmission
    /// and other-hop marks in place.
    public mutating func add(_ record: inout MessageRecord) {
        guard let callID = record.message.callID, !callID.isEmpty else {
            addWithoutCallID(record)
            return
        }
        var message = TrackedMessage(record)
        var kept: MessageRecord? = record
        var text = callID
        text.withUTF8 { utf8 in
            _ = add(&message, callID: UnsafeRawBufferPointer(utf8), record: &kept)
        }
        if let kept { record = kept }
    }

    /// Keeps a message that has no Call-ID (the first `maximumUngrouped`).
    public mutating func addWithoutCallID(_ record: MessageRecord) {
        if withoutCallID.count < CallTracker.maximumUngrouped {
            withoutCallID.append(record)
        } else {
            withoutCallIDNotKept += 1
        }
    }

    /// The per-packet entry: adds `message` to the call of `callID` (its bytes,
    /// unfolded, not empty) and sets its marks, and those of `record` when one
    /// is given and kept. Returns false when the message is a late copy for a
    /// call already reported (counted in `lateMessages`, not tracked).
    ///
    /// With `handBack` false the caller has no further use for `record`: the
    /// call takes it as it is, leaving nil, instead of keeping a copy (every
    /// copy retains each of its strings).
    ///
    /// `callIDHash`, when given, is `ByteHash.of` the Call-ID, worked out by
    /// the caller: a batch's entries bring theirs, worked out on whichever
    /// thread had the time (see `Pipeline.hashesAway`).
    ///
    /// `near`, `ahead` and `farAhead`, when not 0, are the Call-ID hashes of
    /// messages that come 4, 8 and 16 later (a batch knows them): the table
    /// entry of the far one, the state of the middle one's call, and where
    /// the near one's call will store it (its builder loaded by now) start
    /// loading now, so that they are in cache when their turn comes. With
    /// thousands of calls live, their state is far larger than the cache,
    /// and waiting for it was much of the tracking thread's time (5% off
    /// `--summary` on 1M for the first two).
    @discardableResult
    public mutating func add(
        _ message: inout TrackedMessage, callID: UnsafeRawBufferPointer, record: inout MessageRecord?,
        handBack: Bool = true, callIDHash: UInt64? = nil, near: UInt64 = 0, ahead: UInt64 = 0,
        farAhead: UInt64 = 0
    ) -> Bool {
        var none: StreamedArrival? = nil
        return add(
            &message, callID: callID, record: &record, arrival: &none, handBack: handBack, callIDHash: callIDHash,
            near: near, ahead: ahead, farAhead: farAhead)
    }

    /// The same, for a streamed call's message: `arrival` instead of a record
    /// (see `StreamedMessage`), kept by its call when records are; a late
    /// copy's is dropped (counted in `lateMessages`, not kept in `late`).
    @discardableResult
    package mutating func add(
        _ message: inout TrackedMessage, callID: UnsafeRawBufferPointer, record: inout MessageRecord?,
        arrival: inout StreamedArrival?, handBack: Bool = true, callIDHash: UInt64? = nil, near: UInt64 = 0,
        ahead: UInt64 = 0, farAhead: UInt64 = 0
    ) -> Bool {
        prefetch(near: near, ahead: ahead, farAhead: farAhead)
        let hash = (callIDHash ?? ByteHash.of(callID, 0..<callID.count)) & hashMask
        let slot: Int
        if let found = find(hash, callID) {
            slot = found
        } else {
            if markIfLate(hash, callID, &message) {
                // A late retransmission or ACK of a call already reported: it is
                // counted as a message, marked against the call's messages, and
                // does not start a new call.
                lateMessages += 1
                if keepsRecords, var kept = record {
                    kept.isRetransmission = message.isRetransmission
                    kept.isOtherHop = message.isOtherHop
                    record = kept
                    if late.count < CallTracker.maximumUngrouped { late.append(kept) }
                }
                return false
            }
            slot = insert(
                CallBuilder(hash: hash, order: nextOrder, keepsRecords: keepsRecords, streams: arrival != nil),
                key: CallIDKey(callID))
            nextOrder += 1
        }
        expiries[slot] = slots[slot].add(&message, record: &record, arrival: &arrival, handBack: handBack)
        return true
    }

    /// Starts loading the table entry of `farAhead`, the call state (the
    /// builder and its Call-ID, every cache line they span) of `ahead`, and
    /// where `near`'s call will store it (see `add`).
    @inline(__always)
    private func prefetch(near: UInt64, ahead: UInt64, farAhead: UInt64) {
        if near != 0, let slot = bySlot.find(near & hashMask) {
            // SAFETY: a prefetch only hints (it reads nothing, cannot fault), so
            // a stale or wrong address costs a wasted load and nothing else.
            // The hints are read as fields: calling a method on `slots[slot]`
            // copied the whole builder.
            if let storage = UnsafeRawPointer(bitPattern: slots[slot].storageHint) { siptrace_prefetch(storage) }
            if let next = UnsafeRawPointer(bitPattern: slots[slot].nextMessageHint) { siptrace_prefetch(next) }
        }
        if farAhead != 0 { bySlot.prefetch(farAhead & hashMask) }
        guard ahead != 0, let slot = bySlot.find(ahead & hashMask) else { return }
        prefetchBuilder(slot)
        // SAFETY: `slot` comes from the table, so it indexes `callIDs`; a
        // prefetch only hints (it reads nothing, cannot fault).
        callIDs.withUnsafeBytes { raw in
            siptrace_prefetch_bytes(
                raw.baseAddress! + slot * MemoryLayout<CallIDKey>.stride, MemoryLayout<CallIDKey>.size)
        }
    }

    /// Starts loading the builder in `slot` (every cache line it spans).
    @inline(__always)
    private func prefetchBuilder(_ slot: Int) {
        // SAFETY: `slot` indexes `slots`; a prefetch only hints (it reads nothing, cannot fault).
        slots.withUnsafeBytes { raw in
            siptrace_prefetch_bytes(
                raw.baseAddress! + slot * MemoryLayout<CallBuilder>.stride, MemoryLayout<CallBuilder>.size)
        }
    }

    /// Starts loading what ending the call in `slot` reads besides its
    /// builder (which should be loading already): its messages, up to the
    /// first sixteen, the tombstone table's entry for its hash and, for a
    /// streamed call, what its line is written from.
    @inline(__always)
    private func prefetchMessages(_ slot: Int) {
        graveTable.prefetch(slots[slot].hash)
        slots[slot].tracked.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            // SAFETY: a prefetch only hints; the bytes are inside the messages' storage.
            siptrace_prefetch_bytes(base, min(raw.count, 16 * MemoryLayout<TrackedMessage>.stride))
        }
        // A streamed call's kept messages and text, which its line is
        // written from (the text up to 8 KiB: a usual call's whole). A
        // summary keeps neither, and does not look.
        guard keepsRecords else { return }
        slots[slot].streamed.messages.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            // SAFETY: as above.
            siptrace_prefetch_bytes(base, min(raw.count, 16 * MemoryLayout<StreamedMessage>.stride))
        }
        slots[slot].streamed.text.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            // SAFETY: as above.
            siptrace_prefetch_bytes(base, min(raw.count, 8 << 10))
        }
    }

    /// Whether `callID` belongs to a call reported less than `tombstoneTime`
    /// before `message`; if so, marks `message` against that call's messages.
    /// The tombstone is read where it lies (every new call asks, and handing
    /// one out copied its two hundred bytes and retained what it holds).
    private func markIfLate(_ hash: UInt64, _ callID: UnsafeRawBufferPointer, _ message: inout TrackedMessage) -> Bool {
        if let grave = graveTable.find(hash), graves[grave].callID.matches(callID) {
            guard message.timestamp - graves[grave].time < tombstoneTime else { return false }
            graves[grave].mark(&message)
            return true
        }
        guard !endedCollided.isEmpty, let ended = endedCollided[Array(callID)],
            message.timestamp - ended.time < tombstoneTime
        else { return false }
        ended.mark(&message)
        return true
    }

    /// Remembers an ended call (see `Tombstone`); `key` is its Call-ID as
    /// the live table kept it.
    private mutating func bury(_ builder: borrowing CallBuilder, key: CallIDKey) {
        let tombstone = Tombstone(builder, key: key)
        if let grave = graveTable.find(builder.hash) {
            let same = key.withUnsafeBytes { graves[grave].callID.matches($0) }
            if same {
                graves[grave] = tombstone
            } else {
                endedCollided[key.bytes] = tombstone
            }
        } else {
            let grave: Int
            if let free = freeGraves.popLast() {
                grave = free
                graves[grave] = tombstone
            } else {
                grave = graves.count
                graves.append(tombstone)
            }
            graveTable.insert(builder.hash, grave)
        }
        endedOrder.append((builder.hash, tombstone.time))
    }

    private func find(_ hash: UInt64, _ callID: UnsafeRawBufferPointer) -> Int? {
        if let slot = bySlot.find(hash), callIDs[slot].matches(callID) { return slot }
        // Kept apart for sharing a hash with a call in the table, a call stays
        // apart when that call ends and leaves the table: it is looked for
        // here whether or not the table has the hash.
        return collided.isEmpty ? nil : collided[Array(callID)]
    }

    /// Byte equality of a kept Call-ID and one in a packet (memcmp).
    static func same(_ kept: [UInt8], _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard kept.count == bytes.count else { return false }
        guard let base = bytes.baseAddress, !kept.isEmpty else { return true }
        return kept.withUnsafeBytes { memcmp($0.baseAddress!, base, kept.count) == 0 }
    }

    /// Puts a new call's builder in a free slot (or a new one) and returns
    /// the slot. The builder is moved in, its last use: copying it retained
    /// each of its arrays, and the copy's end released them again.
    private mutating func insert(_ builder: consuming CallBuilder, key: CallIDKey) -> Int {
        let hash = builder.hash
        let expiry = builder.expiry
        let collides = bySlot.find(hash) != nil
        let collidedID = collides ? key.bytes : []
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            callIDs[slot] = key
            expiries[slot] = expiry
            slots[slot] = builder
        } else {
            slot = slots.count
            callIDs.append(key)
            expiries.append(expiry)
            slots.append(builder)
        }
        if collides {
            collided[collidedID] = slot
        } else {
            bySlot.insert(hash, slot)
        }
        live += 1
        return slot
    }

    private mutating func remove(_ slot: Int) -> CallBuilder {
        // Moved out of its slot, not copied.
        var builder = CallBuilder.vacant
        swap(&builder, &slots[slot])
        // `callIDs[slot]` keeps the old key until the slot is taken again:
        // nothing finds a free slot (the table entry goes below), and
        // clearing it cost a copy and a release per call.
        expiries[slot] = nil
        freeSlots.append(slot)
        if bySlot.find(builder.hash) == slot {
            bySlot.remove(builder.hash)
        } else {
            collided.removeValue(forKey: callIDs[slot].bytes)
        }
        live -= 1
        return builder
    }

    /// The live slots in order of first appearance.
    private var liveSlots: [Int] {
        slots.indices.filter { expiries[$0] != nil }.sorted { slots[$0].order < slots[$1].order }
    }

    /// Every Call-ID's story, in order of first appearance.
    public func finish() -> [Call] {
        liveSlots.map { slots[$0].build(callID: callIDs[$0], dialogs: buildDialogs) }
    }

    /// Like `finish`, and forgets the calls: the end of a stream.
    public mutating func drain() -> [Call] {
        let calls = finish()
        forgetAll()
        return calls
    }

    /// Every call still tracked, as it ends (see `EndedCall`), in order, and
    /// forgets them: the end of a stream.
    public mutating func drainEnded() -> [EndedCall] {
        let ended = liveSlots.map { slots[$0].end(callID: callIDs[$0], dialogs: buildDialogs) }
        forgetAll()
        return ended
    }

    /// Like `drainEnded` for a summary (no records kept): counts the figures
    /// of every call still tracked into `summary` as its slot comes (see
    /// `expireFigures`), and forgets the calls. This runs on one thread at the
    /// end of a capture, when thousands of calls may still be live.
    public mutating func drainFigures(into summary: inout TrafficSummary) {
        for slot in slots.indices where expiries[slot] != nil { summary.count(slots[slot].figures()) }
        forgetAll()
    }

    private mutating func forgetAll() {
        slots.removeAll()
        callIDs.removeAll()
        expiries.removeAll()
        freeSlots.removeAll()
        bySlot.removeAll()
        collided.removeAll()
        live = 0
    }

    /// Removes and returns the calls that are over, so a long capture or a live
    /// session keeps only live dialogs in memory.
    ///
    /// A call is over when it has ended (final non-2xx, BYE answered, non-INVITE
    /// final) and nothing arrived for `linger` nanoseconds; after a 401/407
    /// challenge, for `tombstoneTime` (64×T1), since the request usually comes
    /// again with credentials; or when nothing arrived for `idleTimeout`
    /// whatever its state. Messages after that, within `tombstoneTime`, are
    /// late: counted and marked, in no call. `now` is capture time.
    public mutating func expire(now: Int64, linger: Int64, idleTimeout: Int64) -> [Call] {
        let dialogs = buildDialogs
        return expireEach(now: now, linger: linger, idleTimeout: idleTimeout) { $0.build(callID: $1, dialogs: dialogs) }
    }

    /// Like `expire`, giving each call as `EndedCall`: its figures, and the
    /// `Call` when records are kept. The figures are worked out once.
    public mutating func expireEnded(now: Int64, linger: Int64, idleTimeout: Int64) -> [EndedCall] {
        let dialogs = buildDialogs
        return expireEach(now: now, linger: linger, idleTimeout: idleTimeout) { $0.end(callID: $1, dialogs: dialogs) }
    }

    /// Like `expireEnded` for a summary (no records kept): counts the figures
    /// of each call that ends into `summary`, and makes nothing else. The
    /// calls are counted in the order their slots come, not sorted: every
    /// total the summary keeps is the same in any order (a distribution's
    /// percentiles are ranks of its samples), and collecting and sorting the
    /// figures cost more than working them out.
    public mutating func expireFigures(
        now: Int64, linger: Int64, idleTimeout: Int64, into summary: inout TrafficSummary
    ) {
        expireSlots(now: now, linger: linger, idleTimeout: idleTimeout) { ended, _ in summary.count(ended.figures()) }
    }

    /// Removes the calls that are over and buries them, handing each to
    /// `body` as it leaves (borrowed: a builder is never copied) with its
    /// Call-ID, and returns what `body` made, in order of first appearance.
    private mutating func expireEach<T>(
        now: Int64, linger: Int64, idleTimeout: Int64, _ body: (borrowing CallBuilder, CallIDKey) -> T
    ) -> [T] {
        var made: [T?] = []
        var orders: [Int] = []
        var sorted = true
        // Room for all of them at once: grown by doubling, the list of ended
        // calls (a few hundred bytes each) was copied over and over.
        expireSlots(
            now: now, linger: linger, idleTimeout: idleTimeout,
            reserve: { count in
                made.reserveCapacity(count)
                orders.reserveCapacity(count)
            }
        ) { ended, key in
            if let last = orders.last, last > ended.order { sorted = false }
            made.append(body(ended, key))
            orders.append(ended.order)
        }
        // Sorted by index, on the orders alone: what `body` made can be large
        // (a whole `Call`), and sorting the values moved them over and over.
        // Each value is then moved out, not copied (a copy of a call retained
        // every string and array it holds, and destroying `made` released them).
        var byOrder = Array(orders.indices)
        if !sorted { byOrder.sort { orders[$0] < orders[$1] } }
        var inOrder: [T] = []
        inOrder.reserveCapacity(made.count)
        for i in byOrder { inOrder.append(made[i].take()!) }
        return inOrder
    }

    /// Removes the calls that are over, buries them and hands each to `body`
    /// as it leaves, with its Call-ID, in slot order (telling `reserve` first
    /// how many there are); then lets go of the tombstones that are old enough.
    private mutating func expireSlots(
        now: Int64, linger: Int64, idleTimeout: Int64, reserve: (Int) -> Void = { _ in },
        _ body: (borrowing CallBuilder, CallIDKey) -> Void
    ) {
        // The calls that are over, found first, so that each one's state can
        // start loading while the one before is worked on: a call ends seconds
        // after its last message, and by then its builder, its messages and
        // its place among the tombstones have left the cache.
        var due = dueScratch
        dueScratch = []
        due.removeAll(keepingCapacity: true)
        for slot in expiries.indices {
            guard let state = expiries[slot] else { continue }
            let quiet = now - state.lastTimestamp
            // A challenged exchange waits 64×T1 for the request sent again with credentials.
            let wait = state.challenged ? max(linger, tombstoneTime) : linger
            guard (state.hasEnded && quiet >= wait) || quiet >= idleTimeout else { continue }
            due.append(slot)
        }
        reserve(due.count)
        for n in due.indices {
            if n + 2 < due.count { prefetchBuilder(due[n + 2]) }
            if n + 1 < due.count { prefetchMessages(due[n + 1]) }
            let slot = due[n]
            let key = callIDs[slot]
            let ended = remove(slot)
            bury(ended, key: key)
            body(ended, key)
        }
        dueScratch = due
        // Tombstones leave in the order they came (oldest first).
        while endedHead < endedOrder.count, now - endedOrder[endedHead].time >= tombstoneTime {
            let (hash, time) = endedOrder[endedHead]
            if let grave = graveTable.find(hash), graves[grave].time == time {
                graveTable.remove(hash)
                graves[grave] = Tombstone.vacant
                freeGraves.append(grave)
            }
            endedHead += 1
        }
        if !endedCollided.isEmpty {
            endedCollided = endedCollided.filter { now - $0.value.time < tombstoneTime }
        }
        if endedHead > 4096 && endedHead * 2 > endedOrder.count {
            endedOrder.removeFirst(endedHead)
            endedHead = 0
        }
    }
}

/// What is remembered of a call after it is reported, for 64×T1: enough to
/// know a late message belongs to it and whether it repeats one of its
/// messages (a retransmission, or a copy from another hop).
///
/// A plain value for a call of up to eight distinct messages (nearly all):
/// burying a call then allocates nothing, and the tracker keeps tombstones in
/// a reused array.
struct Tombstone {
    let callID: CallIDKey
    let time: Int64
    /// How many distinct messages: the first `inlineCapacity` are in `firstSeen`
    /// (retransmission key, endpoints hash, one after the other), the rest in `moreSeen`.
    private let count: Int
    private var firstSeen:
        (
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
        ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    private var moreSeen: [(key: UInt64, endpoints: UInt64)] = []
    static let inlineCapacity = 8

    init(_ builder: borrowing CallBuilder, key: CallIDKey) {
        callID = key
        time = builder.lastTimestamp
        var n = 0
        for message in builder.tracked where message.isOriginal {
            let pair = (message.key, Tombstone.endpoints(message.source, message.destination))
            if n < Tombstone.inlineCapacity {
                withUnsafeMutableBytes(of: &firstSeen) { words in
                    // SAFETY: n < 8, so words 2n and 2n + 1 are inside the 16 of `firstSeen`.
                    words.storeBytes(of: pair.0, toByteOffset: 16 * n, as: UInt64.self)
                    words.storeBytes(of: pair.1, toByteOffset: 16 * n + 8, as: UInt64.self)
                }
            } else {
                moreSeen.append(pair)
            }
            n += 1
        }
        count = n
    }

    /// A free entry of the tracker's table.
    private init() {
        callID = CallIDKey([])
        time = 0
        count = 0
    }

    static let vacant = Tombstone()

    /// The `index`th distinct message: its retransmission key and endpoints hash.
    private func seen(_ index: Int) -> (key: UInt64, endpoints: UInt64) {
        if index >= Tombstone.inlineCapacity { return moreSeen[index - Tombstone.inlineCapacity] }
        return withUnsafeBytes(of: firstSeen) { words in
            // SAFETY: index < 8, so words 2 index and 2 index + 1 are inside the 16.
            (
                words.load(fromByteOffset: 16 * index, as: UInt64.self),
                words.load(fromByteOffset: 16 * index + 8, as: UInt64.self)
            )
        }
    }

    /// The two endpoints (`EndpointKey`s) as one number (64-bit hash; only
    /// compared for equality).
    static func endpoints(_ source: UInt64, _ destination: UInt64) -> UInt64 {
        var h = ByteHash()
        h.combine(source)
        h.combine(destination)
        return h.finalize()
    }

    func mark(_ message: inout TrackedMessage) {
        _ = message.retransmissionKey()
        for index in 0..<count {
            let first = seen(index)
            guard first.key == message.key else { continue }
            if first.endpoints == Tombstone.endpoints(message.source, message.destination) {
                message.isRetransmission = true
            } else {
                message.isOtherHop = true
            }
            return
        }
    }
}
