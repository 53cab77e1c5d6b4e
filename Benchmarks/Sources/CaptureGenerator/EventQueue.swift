/// One message of one call, due at `time`.
struct Event {
    /// Microseconds since the Unix epoch.
    var time: Int64
    /// Tie-break, so events at the same microsecond keep their scheduling order.
    var sequence: UInt64
    /// The call's slot in `Generator.plans`.
    var slot: Int32
    var kind: MessageKind
    /// TCP only: a second message carried in the same segment.
    var second: MessageKind? = nil

    func precedes(_ other: Event) -> Bool {
        time != other.time ? time < other.time : sequence < other.sequence
    }
}

/// A binary min-heap of pending events: only calls in progress are in it, so
/// memory follows the calls alive at once, never the number of packets.
struct EventQueue {
    private var heap: [Event] = []

    var count: Int { heap.count }
    var first: Event? { heap.first }

    init() { heap.reserveCapacity(1 << 16) }

    mutating func push(_ event: Event) {
        heap.append(event)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Event? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                guard left < heap.count else { break }
                var best = left
                if left + 1 < heap.count, heap[left + 1].precedes(heap[left]) { best = left + 1 }
                guard heap[best].precedes(heap[parent]) else { break }
                heap.swapAt(best, parent)
                parent = best
            }
        }
        return top
    }
}
