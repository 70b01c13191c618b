import Collections

/// The calls ready to start, lowest index (queue position) first.
///
/// The calls ready from the start come in index order, so they are taken from an array; only calls
/// released later, as their dependencies succeed, go through a heap. A run of 100,000 independent
/// calls then starts them without a single heap operation.
struct ReadyQueue {
    private var initial: [Int]
    private var next = 0
    private var released = Heap<Int>()

    /// - Parameter initial: the calls ready from the start, in ascending order.
    init(initial: [Int] = []) {
        self.initial = initial
    }

    /// Adds a call that became ready.
    mutating func insert(_ index: Int) {
        released.insert(index)
    }

    /// Removes and returns the lowest ready index, if any.
    mutating func popMin() -> Int? {
        let first = next < initial.count ? initial[next] : nil
        if let first, released.min.map({ first < $0 }) ?? true {
            next += 1
            return first
        }
        return released.popMin()
    }

    mutating func removeAll() {
        initial = []
        next = 0
        released = Heap()
    }
}
