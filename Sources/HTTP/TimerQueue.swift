/// Work an event loop runs at a deadline: a binary min-heap on (deadline, arrival order), so
/// timers with the same deadline run in the order they were set. Used only on its loop's thread.
struct TimerQueue {
    struct Entry {
        /// `CLOCK_MONOTONIC` milliseconds (`SocketWatch.now()`).
        var deadline: Int64
        var order: UInt64
        var work: @Sendable () -> Void

        func precedes(_ other: Entry) -> Bool {
            deadline != other.deadline ? deadline < other.deadline : order < other.order
        }
    }

    private var heap: [Entry] = []
    private var nextOrder: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }

    /// The earliest deadline, nil when no timer is set.
    var nextDeadline: Int64? { heap.first?.deadline }

    mutating func insert(deadline: Int64, work: @escaping @Sendable () -> Void) {
        heap.append(Entry(deadline: deadline, order: nextOrder, work: work))
        nextOrder &+= 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest timer if its deadline is at or before `now`.
    mutating func popDue(now: Int64) -> Entry? {
        guard let first = heap.first, first.deadline <= now else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return first }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { break }
            let right = left + 1
            let child = right < heap.count && heap[right].precedes(heap[left]) ? right : left
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            parent = child
        }
        return first
    }

    /// Forgets every timer without running it (the loop is closing).
    mutating func removeAll() {
        heap.removeAll()
    }
}
