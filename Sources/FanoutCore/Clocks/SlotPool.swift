import Collections

/// A fixed number of slots handed out first come, first served: a thread pool's width.
///
/// Under the virtual clock, cores and offload threads are such pools, so a blocked thread
/// delays exactly the work that would wait for it on a real machine. On the real clock, a run that
/// may use fewer offload threads than its pool has takes one of these slots before a thread.
final class SlotPool: Sendable {
    private struct State {
        var available: Int
        var waiters: Deque<CheckedContinuation<Void, Never>> = []
    }

    private let state: Locked<State>

    /// - Parameter held: slots taken from the start, each to be given back with ``release()``. When
    ///   more than `width`, the pool has no free slot until enough are.
    init(width: Int, held: Int = 0) {
        state = Locked(State(available: max(1, width) - held))
    }

    /// Takes a slot, waiting in line when none is free.
    func acquire() async {
        let acquired = state.withLock { state -> Bool in
            guard state.available > 0 else { return false }
            state.available -= 1
            return true
        }
        if acquired { return }
        await withCheckedContinuation { continuation in
            let granted = state.withLock { state -> Bool in
                // A slot may have been released between the check above and now.
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    /// Returns a slot, handing it straight to the first waiter if there is one.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            // Over the width (more slots held at the start than it has): this slot is not one to hand on.
            if state.available < 0 {
                state.available += 1
                return nil
            }
            if let waiter = state.waiters.popFirst() { return waiter }
            state.available += 1
            return nil
        }
        next?.resume()
    }
}
