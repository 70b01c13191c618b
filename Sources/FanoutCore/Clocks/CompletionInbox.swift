
/// Where a run's tasks report back to the run's owner: call outcomes, timeouts, cancellation.
///
/// Any thread may post; one owner task drains everything posted so far in one go. Under the
/// virtual clock the owner also waits for the instant's round to settle before draining, so it sees
/// every outcome of an instant together and can order them canonically.
final class CompletionInbox<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Locked(State())
    private let settle: (@Sendable () async -> Void)?

    /// - Parameter settle: awaited after something arrives and before draining; `nil` to drain at once.
    init(settle: (@Sendable () async -> Void)? = nil) {
        self.settle = settle
    }

    func post(_ item: Item) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.items.append(item)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Waits until at least one item is there, then moves everything posted so far into `items`
    /// (emptied first). The two arrays trade places, so a steady run reuses both and allocates nothing.
    func next(into items: inout [Item]) async {
        items.removeAll(keepingCapacity: true)
        while true {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    if !state.items.isEmpty { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
            if let settle { await settle() }
            state.withLock { state in swap(&state.items, &items) }
            if !items.isEmpty { return }
        }
    }

    /// Moves whatever has been posted so far into `items` (emptied first), without waiting.
    func take(into items: inout [Item]) {
        items.removeAll(keepingCapacity: true)
        state.withLock { state in swap(&state.items, &items) }
    }
}
