import Calls
import SIP

/// Messages on their way from the packet end of the pipeline to the
/// `CallStage`, in capture order, with the moments calls are expired.
///
/// Fixed-size entries plus one byte arena for the Call-IDs (the rare unknown
/// method's name rides beside them as a `String`): filling a batch copies a few dozen bytes per message
/// and, once its arrays have grown to size, allocates nothing; the batches go
/// round between the two threads and are reused.
public struct MessageBatch: Sendable {
    public struct Entry: Sendable {
        public enum Kind: Sendable {
            /// A message with a Call-ID (the entry's `callID` bytes).
            case message
            /// A message without one: counted, in no call.
            case withoutCallID
            /// Expire the calls that are over at `message.timestamp`.
            case expire(linger: Int64, idleTimeout: Int64)
        }
        var kind: Kind
        var message: TrackedMessage
        /// Where the Call-ID is in `bytes`.
        var callID: Range<Int32>
        /// Index in `methods` of an unknown method's name; -1 for a known
        /// method or a response.
        var method: Int32
    }

    private(set) var entries: [Entry] = []
    private var bytes: [UInt8] = []
    private var methods: [String] = []

    /// A batch is handed over when it holds `capacity` entries: by default a
    /// few hundred kilobytes, big enough that the hand-over is rare.
    public static let defaultCapacity = 2048
    public let capacity: Int

    public init(capacity: Int = MessageBatch.defaultCapacity) {
        self.capacity = max(1, capacity)
        entries.reserveCapacity(self.capacity)
        bytes.reserveCapacity(self.capacity * 64)
    }

    public var count: Int { entries.count }
    public var isFull: Bool { entries.count >= capacity }

    /// Empties the batch, keeping its storage.
    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        methods.removeAll(keepingCapacity: true)
    }

    mutating func append(
        _ kind: Entry.Kind, _ message: TrackedMessage, callID: UnsafeRawBufferPointer,
        unknownMethod: String?
    ) {
        let id = store(callID)
        var method: Int32 = -1
        if let unknownMethod {
            method = Int32(truncatingIfNeeded: methods.count)
            methods.append(unknownMethod)
        }
        entries.append(Entry(kind: kind, message: message, callID: id, method: method))
    }

    mutating func appendExpiry(now: Int64, linger: Int64, idleTimeout: Int64) {
        let marker = TrackedMessage(
            facts: MessageFacts(), timestamp: now, source: MessageBatch.nowhere, destination: MessageBatch.nowhere)
        entries.append(
            Entry(kind: .expire(linger: linger, idleTimeout: idleTimeout), message: marker, callID: 0..<0, method: -1))
    }

    private static let nowhere = Endpoint(address: IPAddress(ipv4: 0), port: 0)

    private mutating func store(_ data: UnsafeRawBufferPointer) -> Range<Int32> {
        let start = Int32(truncatingIfNeeded: bytes.count)
        bytes.append(contentsOf: data)
        return start..<Int32(truncatingIfNeeded: bytes.count)
    }

    /// Calls `body` with each entry, its Call-ID bytes, and an unknown
    /// method's name (nil for the rest).
    func forEach(_ body: (Entry, UnsafeRawBufferPointer, String?) -> Void) {
        bytes.withUnsafeBytes { arena in
            for entry in entries {
                let callID = UnsafeRawBufferPointer(
                    rebasing: arena[Int(entry.callID.lowerBound)..<Int(entry.callID.upperBound)])
                body(entry, callID, entry.method >= 0 ? methods[Int(entry.method)] : nil)
            }
        }
    }
}
