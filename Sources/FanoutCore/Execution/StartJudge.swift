/// Judges the calls started on the launching thread (eager batches, and calls started alone) and
/// names the handlers whose later calls should start as ordinary tasks instead: those whose recent
/// starts there were mostly spent computing.
///
/// Each handler's last ``recentCalls`` starts count. A handler is set aside once at least
/// ``slowCallsForVerdict`` of them ran over ``EagerBatch/longCall`` and those slow starts took longer,
/// together, than the quick ones. A handler that computes before it awaits, on every call or on one
/// call in three, is set aside within a few calls. A start that merely happened to be slow (its thread
/// preempted, a page fault, a contended lock) does not decide: judged by the average over a launch's
/// few calls, one such start set an awaiting handler aside for the rest of a run.
struct StartJudge {
    /// How many of a handler's latest starts are judged.
    static let recentCalls = 16
    /// How many of those must have run long for a verdict.
    static let slowCallsForVerdict = 3

    /// A handler's latest starts, in a ring, with their sums kept up to date.
    private struct Recent {
        private var times: [Duration] = []
        private var next = 0
        private var slowCalls = 0
        private var slowTime = Duration.zero
        private var quickTime = Duration.zero

        /// Adds a start, dropping the oldest beyond ``StartJudge/recentCalls``; returns whether the
        /// handler is now better off on tasks.
        mutating func add(_ time: Duration) -> Bool {
            if times.count < StartJudge.recentCalls {
                times.append(time)
            } else {
                count(times[next], sign: -1)
                times[next] = time
            }
            next = (next + 1) % StartJudge.recentCalls
            count(time, sign: 1)
            return slowCalls >= StartJudge.slowCallsForVerdict && slowTime > quickTime
        }

        private mutating func count(_ time: Duration, sign: Int) {
            if time > EagerBatch.longCall {
                slowCalls += sign
                slowTime += time * sign
            } else {
                quickTime += time * sign
            }
        }
    }

    private var recent: [String: Recent] = [:]

    /// Notes that a call of `handler` held the launching thread for `time`; returns the handler if
    /// it is to be set aside.
    mutating func record(_ handler: String, took time: Duration) -> Set<String> {
        record(CollectionOfOne(handler), took: [time])
    }

    /// Notes the calls of an eager batch, given each call's handler and time in order; returns the
    /// handlers to set aside.
    mutating func record(_ handlers: some Sequence<String>, took times: [Duration]) -> Set<String> {
        var verdicts: Set<String> = []
        // Calls of one handler come in runs: its starts are taken out of the table once per run.
        var current: (handler: String, recent: Recent)?
        for (handler, time) in zip(handlers, times) {
            if current?.handler != handler {
                if let (name, starts) = current { recent[name] = starts }
                current = (handler, recent.removeValue(forKey: handler) ?? Recent())
            }
            if current!.recent.add(time) { verdicts.insert(handler) }
        }
        if let (name, starts) = current { recent[name] = starts }
        // A handler set aside starts no more calls here.
        for handler in verdicts { recent[handler] = nil }
        return verdicts
    }
}
