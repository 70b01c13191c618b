import Foundation

/// The one task that owns a run: it feeds outcomes to the ``SchedulerStateMachine``, carries out
/// what it returns (launch handlers, start timers, cancel tasks) and emits every event.
///
/// Emitting from one place is what makes the event order canonical: each round emits the
/// finishes that are due, by time and then queue order, then the starts they allow, in queue order.
final class RunOwner: Sendable {
    let calls: [ToolCall]
    let handlers: HandlerRegistry
    let options: ExecutionOptions
    /// The number every event of the run carries.
    let runNumber: Int
    let environment: RunEnvironment
    let inbox: CompletionInbox<RunMessage>
    private let events: AsyncStream<[ExecutionEvent]>.Continuation

    init(
        calls: [ToolCall], handlers: HandlerRegistry, options: ExecutionOptions, runNumber: Int,
        environment: RunEnvironment, inbox: CompletionInbox<RunMessage>,
        events: AsyncStream<[ExecutionEvent]>.Continuation
    ) {
        self.calls = calls
        self.handlers = handlers
        self.options = options
        self.runNumber = runNumber
        self.environment = environment
        self.inbox = inbox
        self.events = events
    }

    /// Runs every call to its end and returns the report.
    func run() async -> RunReport {
        let serialGroups = self.serialGroups()
        var state = RunState(
            calls: calls, waitsForSlots: options.strategy == .sequential || options.limit != nil || !serialGroups.isEmpty)
        state.emit(.runStarted(RunStarted(
            run: runNumber, strategy: options.strategy, clock: options.clock,
            limit: options.limit, timeout: options.timeout,
            calls: calls.map { $0.id })))

        var machine = state.hasReferences || !serialGroups.isEmpty
            ? SchedulerStateMachine(
                dependencies: state.hasReferences ? state.dependencies : Array(repeating: [], count: calls.count),
                strategy: options.strategy, limit: options.limit, serialGroups: serialGroups)
            : SchedulerStateMachine(independentCalls: calls.count, strategy: options.strategy, limit: options.limit)
        perform(machine.begin(), machine: machine, state: &state)
        var messages: [RunMessage] = []
        while !machine.isFinished {
            if state.unlaunched.isEmpty {
                await withTaskCancellationHandler {
                    await inbox.next(into: &messages)
                } onCancel: {
                    inbox.post(.cancelRun(reason: RunOwner.runCancelled))
                }
            } else {
                // A big round starts a burst at a time (`perform` starts the first and one after
                // each batch of outcomes), so early finishes are reported, and their memory freed,
                // while later calls still start. Outcomes come first: a burst started before them
                // would stamp them with its own, later start time.
                inbox.take(into: &messages)
                if messages.isEmpty {
                    launchUnlaunched(upTo: RunOwner.startBurst, machine: machine, state: &state)
                    state.flush(to: events)
                    // Let other work waiting for this thread (a progress view, say) have a turn.
                    await Task.yield()
                    continue
                }
            }
            let (statuses, cancelReason) = collectOutcomes(&messages, machine: machine, state: &state)
            perform(machine.apply(statuses, cancelRun: cancelReason != nil), machine: machine, state: &state)
            launchDueRetries(machine: machine, state: &state)
        }

        // Every call has ended, so every placeholder has been filled in.
        let results = state.results.takeAll()
        // Blocking handlers cannot be interrupted: report those whose call ended while they still ran.
        let stillBlocked = calls.indices.filter { index in
            results[index].startedAt != nil && !state.handlerReturned[index]
                && handlers[calls[index].name].map { $0.kind != .async } == true
        }.map { calls[$0].id }
        let wall = max(state.lastEventTime, results.lazy.map { $0.finishedAt }.max() ?? .zero)
        let report = RunReport(
            run: runNumber, strategy: options.strategy, clock: options.clock,
            status: machine.runStatus, results: results, wall: wall,
            work: state.work,
            criticalPath: state.criticalPath.path(results: results),
            stillBlocked: stillBlocked,
            threadsStillHeld: environment.threadsStillHeld(at: wall, heldAtStart: options.threadsHeldAtStart))
        state.emit(.runFinished(RunFinished(
            run: runNumber, status: report.status, wall: wall, work: report.work, counts: report.counts)))
        state.flush(to: events)
        events.finish()
        return report
    }

    /// Carries out one round: emits the endings in (time, queue) order, then starts calls in queue
    /// order (on the real clock, a big round's first burst; the run loop starts the rest).
    private func perform(_ round: SchedulerStateMachine.Round, machine: SchedulerStateMachine, state: inout RunState) {
        let now = max(environment.now, state.lastEventTime)
        var endings: [EndingKey] = []
        endings.reserveCapacity(round.ended.count)
        for ending in round.ended {
            endings.append(record(ending, at: now, state: &state))
        }
        endings.sortIfNeeded(by: <)
        state.roundRetries.sort { ($0.at, $0.index) < ($1.at, $1.index) }
        var retries = state.roundRetries[...]
        state.roundRetries.removeAll()
        for ending in endings {
            // A failed attempt that will be retried counts as an outcome of its instant, in queue order.
            while let retry = retries.first, (retry.at, 0, retry.index) < (ending.time, ending.consequence, ending.index) {
                state.emit(.callRetry(retry.event))
                retries = retries.dropFirst()
            }
            state.emit(.callFinished(run: runNumber, result: state.results[ending.index]))
            state.criticalPath.callEnded(
                ending.index, after: state.dependencies(of: ending.index), startedAt: ending.start, endedAt: ending.time)
            state.lastEventTime = max(state.lastEventTime, ending.time)
        }
        for retry in retries { state.emit(.callRetry(retry.event)) }
        state.unlaunched.append(contentsOf: round.started)
        // On the virtual clock a round happens in one instant, so all of it starts at once.
        launchUnlaunched(upTo: environment.isVirtual ? .max : RunOwner.startBurst, machine: machine, state: &state)
        state.flush(to: events)
    }

    static let startBurst = 256

    /// For each call, a group number shared by the calls of its serial handler, or `nil`; empty when
    /// no handler is serial (most runs, which then look up no call's handler here).
    private func serialGroups() -> [Int?] {
        let serial = handlers.all.filter(\.isSerial).map(\.name)
        guard !serial.isEmpty else { return [] }
        return calls.map { call in serial.firstIndex(of: call.name) }
    }

    /// Whether async calls start on the launching thread (see `runEagerly`); `FANOUT_EAGER=off` in
    /// the environment starts them as ordinary tasks instead, to measure what eager starts are worth.
    static let startsEagerly = ProcessInfo.processInfo.environment["FANOUT_EAGER"] != "off"

    /// Why calls of a run cancelled from outside (`cancel()`, the awaiting task, Ctrl-C) ended.
    static let runCancelled = "the run was cancelled"

    /// Fills in the result of a call that ended (its placeholder already holds the id and name).
    private func record(_ ending: SchedulerStateMachine.Ending, at now: Duration, state: inout RunState) -> EndingKey {
        let index = ending.index
        state.stopTasks(of: index)
        let error: String? = switch ending.cause {
        // Its time and output or error were filled in as the outcome came in.
        case .outcome: nil
        case .skipped(let dependency):
            "dependency \(describe(dependency)) \(failureVerb(state.results[dependency].status))"
        // The status says `cancelled`; the error says why.
        case .cancelled(let cause?):
            "\(describe(cause)) \(failureVerb(state.results[cause].status))"
        case .cancelled(nil):
            state.cancelReason ?? RunOwner.runCancelled
        }
        // One access in place: reading a field through the table's subscript copies the whole result.
        func fill(_ result: inout CallResult) -> (startedAt: Duration?, finishedAt: Duration, duration: Duration) {
            result.status = ending.status
            if let error {
                result.finishedAt = now
                result.error = error
            }
            return (result.startedAt, result.finishedAt, result.duration)
        }
        let (startedAt, finishedAt, duration) = fill(&state.results[index])
        state.work += duration
        return EndingKey(time: finishedAt, consequence: ending.cause == .outcome ? 0 : 1, index: index, start: startedAt)
    }

    func describe(_ index: Int) -> String {
        "\(calls[index].id) (\(calls[index].name))"
    }

    private func failureVerb(_ status: CallStatus) -> String {
        switch status {
        case .timeout: return "timed out"
        case .skipped: return "was skipped"
        case .cancelled: return "was cancelled"
        default: return "failed"
        }
    }
}

/// Where an ending is emitted in its round: by time, then a call's own outcome before the skips and
/// cancellations it caused, then queue order.
private struct EndingKey: Comparable {
    var time: Duration
    var consequence: Int
    var index: Int
    /// Carried along for the critical path; not part of the order.
    var start: Duration?

    static func < (lhs: EndingKey, rhs: EndingKey) -> Bool {
        (lhs.time, lhs.consequence, lhs.index) < (rhs.time, rhs.consequence, rhs.index)
    }

    static func == (lhs: EndingKey, rhs: EndingKey) -> Bool {
        (lhs.time, lhs.consequence, lhs.index) == (rhs.time, rhs.consequence, rhs.index)
    }
}
