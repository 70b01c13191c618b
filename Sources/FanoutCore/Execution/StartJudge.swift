/// Judges the calls started on the launching thread (eager batches, and calls started alone): once
/// they have held it for an eager batch's budget, names the handlers whose calls mostly ran over
/// ``EagerBatch/longCall`` there, so that their later calls start as ordinary tasks.
///
/// A run keeps one judge from launch to launch. A verdict needs a majority of a handler's calls,
/// and at least ``callsForVerdict`` of them: a start that merely happened to be slow (its thread
/// preempted, a page fault, a contended lock) must not decide. Judged only by an average over a
/// launch's few calls, one such start set an awaiting handler aside for the rest of a run.
///
/// Counting calls, not time, lets a handler that computes on one call in three stay: its slow
/// calls are a minority. Weighing the latest starts by time caught it, but set quick handlers
/// aside too, in one run of eight of the benchmark's limit and dag scenarios: slow starts come in
/// clusters (a busy moment of the machine). A big round's bursts start as tasks anyway (see
/// `RunOwner.spreadingLaunch`), so such a handler holds the launching thread only in small launches.
struct StartJudge {
    /// How many calls of one handler a verdict needs; fewer wait for the next judgement.
    static let callsForVerdict = 3

    private struct Tally {
        var calls = 0
        var slow = 0

        mutating func add(calls: Int, slow: Int) {
            self.calls += calls
            self.slow += slow
        }
    }

    private var tallies: [String: Tally] = [:]
    private var spent = Duration.zero

    /// Notes that a call of `handler` held the launching thread for `time`; returns the handlers to
    /// set aside, if the calls noted since the last judgement have held it for a batch's budget.
    mutating func record(_ handler: String, took time: Duration) -> Set<String> {
        add(handler, calls: 1, slow: time > EagerBatch.longCall ? 1 : 0)
        spent += time
        return spent > EagerBatch.budget ? judge() : []
    }

    /// Notes the calls of an eager batch, given each call's handler and time in order; returns the
    /// handlers to set aside, as ``record(_:took:)`` does.
    mutating func record(_ handlers: some Sequence<String>, took times: [Duration]) -> Set<String> {
        // Calls of one handler come in runs: one table update per run, not per call.
        var run: (handler: String, calls: Int, slow: Int)?
        for (handler, time) in zip(handlers, times) {
            let slow = time > EagerBatch.longCall ? 1 : 0
            if let current = run, current.handler == handler {
                run = (handler, current.calls + 1, current.slow + slow)
            } else {
                if let current = run { add(current.handler, calls: current.calls, slow: current.slow) }
                run = (handler, 1, slow)
            }
            spent += time
        }
        if let current = run { add(current.handler, calls: current.calls, slow: current.slow) }
        return spent > EagerBatch.budget ? judge() : []
    }

    private mutating func add(_ handler: String, calls: Int, slow: Int) {
        tallies[handler, default: Tally()].add(calls: calls, slow: slow)
    }

    /// The handlers to set aside among those with enough calls noted since the last judgement; their
    /// tallies start afresh, the others' carry over.
    mutating func judge() -> Set<String> {
        spent = .zero
        let judged = tallies.filter { $0.value.calls >= Self.callsForVerdict }
        for handler in judged.keys { tallies[handler] = nil }
        return Set(judged.filter { $0.value.slow * 2 > $0.value.calls }.keys)
    }
}
