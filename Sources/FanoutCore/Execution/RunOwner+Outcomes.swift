extension RunOwner {
    /// Takes in a batch of messages: records each running call's outcome in its result (the first
    /// one of a call counts; late ones, after a timeout or cancel, are dropped), emits the progress
    /// of calls still running (see `emitProgress`) and notes a cancel.
    /// The outcomes are moved out of `messages`, not copied: a copy retains the output, which was
    /// made on another thread.
    ///
    /// Returns the outcomes in the order they are applied: by time, then queue order.
    func collectOutcomes(
        _ messages: inout [RunMessage], machine: SchedulerStateMachine, state: inout RunState
    ) -> (statuses: [(index: Int, status: CallStatus)], cancelReason: String?) {
        // Sort keys only (the outcomes stay where they are).
        var ordered: [OutcomeKey] = []
        ordered.reserveCapacity(messages.count)
        var cancelReason: String?
        var progress: [Int] = []
        // Read in place; binding an outcome would copy it.
        for position in messages.indices {
            switch messages[position] {
            case .progress:
                progress.append(position)
            case .outcome(let slot, .timeout, let time):
                ordered.append(OutcomeKey(time: max(time, state.lastEventTime), index: slot, rank: CallOutcome.timeoutRank, message: position))
            case .outcome(let slot, _, let time):
                let (index, attempt) = state.call(inSlot: slot)
                if attempt == state.attempt(of: index) { state.handlerReturned[index] = true }
                ordered.append(OutcomeKey(time: max(time, state.lastEventTime), index: slot, rank: CallOutcome.resultRank, message: position))
            case .cancelRun(let reason):
                cancelReason = cancelReason ?? reason
            case .retryDue(let index, let attempt):
                state.dueRetries.append((index, attempt))
            case .taken:
                break
            }
        }
        ordered.sortIfNeeded(by: <)
        if !progress.isEmpty { emitProgress(messages, at: progress, outcomes: ordered, machine: machine, state: &state) }
        var statuses: [(index: Int, status: CallStatus)] = []
        statuses.reserveCapacity(ordered.count)
        for key in ordered {
            // Keys are attempt slots: only the current attempt's first outcome counts.
            let (index, attempt) = state.call(inSlot: key.index)
            guard !state.outcomeTaken[index], attempt == state.attempt(of: index), machine.isRunning(index),
                  let outcome = messages[key.message].takeOutcome()
            else { continue }
            state.outcomeTaken[index] = true
            if outcome.status != .ok, retry(index, after: outcome, at: key.time, state: &state) { continue }
            statuses.append((index, outcome.status))
            outcome.fill(&state.results[index], endedAt: key.time)
        }
        if let cancelReason { state.cancelReason = cancelReason }
        return (statuses, cancelReason)
    }
}

extension RunOwner {
    /// Schedules the next attempt of call `index`, whose attempt failed with `outcome` at `time`,
    /// when its retry policy allows one; returns whether it did.
    private func retry(_ index: Int, after outcome: borrowing CallOutcome, at time: Duration, state: inout RunState) -> Bool {
        guard let policy = handlers[calls[index].name]?.retryPolicy ?? options.retries,
              RetryPolicy.mayRetry(outcome.status, outcome.errorKind),
              let error = outcome.failureMessage
        else { return false }
        let attempt = state.attempt(of: index)
        guard attempt < policy.maxRetries else { return false }
        let delay = policy.delay(beforeRetry: attempt + 1, of: calls[index].id, seed: options.seed)
        let started = state.attemptStarted[index] ?? state.results[index].startedAt ?? time
        state.results[index].retriedAttempts.append(CallAttempt(startedAt: started, finishedAt: time, status: outcome.status, error: error))
        state.roundRetries.append((time, index, CallRetry(
            run: runNumber, call: calls[index].id, name: calls[index].name, at: time,
            attempt: attempt + 1, error: error, delay: delay)))
        state.lastEventTime = max(state.lastEventTime, time)
        // The failed attempt's task and timer go; a blocking handler keeps its thread until it returns.
        state.stopTasks(of: index)
        let inbox = self.inbox
        state.startedTimer(environment.startTimer(after: delay) {
            inbox.post(.retryDue(index: index, attempt: attempt + 1))
        }, for: index)
        return true
    }

    /// Emits the progress messages at `positions` of calls still running, before the round's
    /// finishes: one that came after its call's own outcome in this batch (a timeout, say) is
    /// dropped, and none is stamped later than the batch's first outcome, so events stay in time order.
    private func emitProgress(
        _ messages: [RunMessage], at positions: [Int], outcomes: [OutcomeKey], machine: SchedulerStateMachine,
        state: inout RunState
    ) {
        let latest = outcomes.first?.time ?? .seconds(Int64.max)
        var endedAt: [Int: Duration] = [:]
        for key in outcomes {
            let index = state.call(inSlot: key.index).index
            if endedAt[index] == nil { endedAt[index] = key.time }
        }
        for position in positions {
            guard case .progress(let call, let fraction, let message, let time) = messages[position],
                  let index = state.indexByID[call], machine.isRunning(index), !state.outcomeTaken[index],
                  endedAt[index].map({ time <= $0 }) ?? true
            else { continue }
            let stamp = min(max(time, state.lastEventTime), latest)
            state.emit(.callProgress(run: runNumber, call: call, at: stamp, fraction: fraction, message: message))
            state.lastEventTime = stamp
        }
    }
}

/// Where an outcome stands in its round: by time, then queue order, a result before a timeout at the
/// same instant (a call that finished exactly on its deadline made it); `message` locates it.
private struct OutcomeKey: Comparable {
    var time: Duration
    var index: Int
    var rank: Int
    var message: Int

    static func < (lhs: OutcomeKey, rhs: OutcomeKey) -> Bool {
        (lhs.time, lhs.index, lhs.rank) < (rhs.time, rhs.index, rhs.rank)
    }
}
