import Synchronization

/// The handler tasks of a run that may still need cancelling, by call index.
///
/// A task removes itself when it returns, so a finished task's memory is freed at once rather than
/// when the owner gets round to its outcome (a first round that starts 100,000 calls would otherwise
/// keep every finished task alive until it ends).
final class RunningTasks: Sendable {
    private struct State {
        var tasks: [Int: Task<Void, Never>] = [:]
        /// Tasks that returned before the owner stored them.
        var returnedEarly: Set<Int> = []
    }

    private let state = Mutex(State())

    /// Keeps `task` for call `index`, unless it has already returned.
    func insert(_ task: Task<Void, Never>, for index: Int) {
        state.withLock { state in
            if state.returnedEarly.remove(index) == nil { state.tasks[index] = task }
        }
    }

    /// Called by the task of call `index` as it returns.
    func taskReturned(_ index: Int) {
        state.withLock { state in
            if state.tasks.removeValue(forKey: index) == nil { state.returnedEarly.insert(index) }
        }
    }

    /// Cancels the task of call `index`, if it is still running, and forgets it.
    func cancel(_ index: Int) {
        state.withLock { state in
            state.returnedEarly.remove(index)
            return state.tasks.removeValue(forKey: index)
        }?.cancel()
    }
}
