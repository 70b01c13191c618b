/// Judges the calls started alone on the launching thread (see ``HandlerStart/alone``): once they
/// have held it as long as an eager batch may, names the handlers whose calls averaged over
/// ``EagerBatch/longCall`` there, so a handler that computes before it awaits holds the thread no
/// longer than that before its calls move to tasks of their own.
struct AloneStarts {
    private var handlers: [String] = []
    private var times: [Duration] = []
    private var spent = Duration.zero

    /// Notes that a call of `handler` held the thread for `time`; returns the handlers to set aside,
    /// if the calls noted so far have held it for a batch's budget (and starts counting afresh).
    mutating func record(_ handler: String, took time: Duration) -> Set<String> {
        handlers.append(handler)
        times.append(time)
        spent += time
        return spent > EagerBatch.budget ? judge() : []
    }

    /// The handlers to set aside among the calls noted since the last judgement.
    mutating func judge() -> Set<String> {
        defer {
            handlers.removeAll(keepingCapacity: true)
            times.removeAll(keepingCapacity: true)
            spent = .zero
        }
        return EagerBatch.slowHandlers(handlers, times: times)
    }
}
