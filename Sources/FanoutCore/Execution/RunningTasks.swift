
/// The task of one call. Typed as throwing though it never throws: `Task`'s non-throwing
/// initialisers wrap the operation in a thunk, two more frames on the task's own allocator.
typealias CallTask = Task<Void, any Error>

/// The handler tasks of a run that may still need cancelling, by call index.
///
/// A task removes itself when it returns, so a finished task's memory is freed at once rather than
/// when the owner gets round to its outcome (a first round that starts 100,000 calls would otherwise
/// keep every finished task alive until it ends). Slots are indexed by call, so the per-call path
/// never hashes.
final class RunningTasks: Sendable {
    private enum Slot {
        case empty
        case running(CallTask)
        /// The task returned before the owner stored it (an eager task that never suspended).
        case returnedEarly
    }

    /// Grown as calls are reached: made for every call up front, the slots were fresh memory to fault
    /// in before a big run's first start.
    private let slots = Locked<[Slot]>([])

    /// Keeps `task` for call `index`, unless it has already returned; returns whether it had.
    @discardableResult
    func insert(_ task: CallTask, for index: Int) -> Bool {
        slots.withLock { slots in
            Self.reach(index, in: &slots)
            if case .returnedEarly = slots[index] {
                slots[index] = .empty
                return true
            }
            slots[index] = .running(task)
            return false
        }
    }

    /// Called by the task of call `index` as it returns.
    func taskReturned(_ index: Int) {
        // The task is released after the lock, so its deinit never runs while holding it.
        let task: CallTask? = slots.withLock { slots in
            Self.reach(index, in: &slots)
            guard case .running(let task) = slots[index] else {
                slots[index] = .returnedEarly
                return nil
            }
            slots[index] = .empty
            return task
        }
        _ = task
    }

    /// Cancels the task of call `index`, if it is still running, and forgets it.
    func cancel(_ index: Int) {
        slots.withLock { slots -> CallTask? in
            // A call never reached has no task.
            guard index < slots.count else { return nil }
            defer { slots[index] = .empty }
            if case .running(let task) = slots[index] { return task }
            return nil
        }?.cancel()
    }

    private static func reach(_ index: Int, in slots: inout [Slot]) {
        if index >= slots.count { slots.append(contentsOf: repeatElement(.empty, count: index + 1 - slots.count)) }
    }
}
