import Collections

/// The calls ready to start, lowest index (queue position) first.
///
/// The calls ready from the start come in index order, so they are taken from an array; only calls
/// released later, as their dependencies succeed, go through a heap. A run of 100,000 independent
/// calls then starts them without a single heap operation, and without a list of them either.
struct ReadyQueue {
    /// The calls ready from the start, in ascending order; `nil` when they are `0..<initialCount`.
    private var initial: [Int]?
    private var initialCount: Int
    private var next = 0
    private var released = Heap<Int>()

    /// - Parameter initial: the calls ready from the start, in ascending order.
    init(initial: [Int] = []) {
        self.initial = initial
        initialCount = initial.count
    }

    /// A queue whose calls `0..<count` are all ready from the start.
    init(allOf count: Int) {
        initial = nil
        initialCount = count
    }

    /// Adds a call that became ready.
    mutating func insert(_ index: Int) {
        released.insert(index)
    }

    /// Removes and returns the lowest ready index, if any.
    mutating func popMin() -> Int? {
        let first = next < initialCount ? initial.map { $0[next] } ?? next : nil
        if let first, released.min.map({ first < $0 }) ?? true {
            next += 1
            return first
        }
        return released.popMin()
    }

    mutating func removeAll() {
        initial = []
        initialCount = 0
        next = 0
        released = Heap()
    }
}
