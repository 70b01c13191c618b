/// The one task that owns a run: it feeds outcomes to the ``SchedulerStateMachine``, carries out
/// what it returns (launch handlers, start timers, cancel tasks) and emits every event.
///
/// Emitting from one place is what makes the event order canonical: each round emits the
/// finishes that are due, by time and then queue order, then the starts they allow, in queue order.
final class RunOwner: Sendable {
    private let calls: [ToolCall]
    private let handlers: HandlerRegistry
    private let options: ExecutionOptions
    private let environment: RunEnvironment
    private let inbox: CompletionInbox<RunMessage>
    private let events: AsyncStream<[ExecutionEvent]>.Continuation

    init(
        calls: [ToolCall], handlers: HandlerRegistry, options: ExecutionOptions,
        environment: RunEnvironment, inbox: CompletionInbox<RunMessage>,
        events: AsyncStream<[ExecutionEvent]>.Continuation
    ) {
        self.calls = calls
        self.handlers = handlers
        self.options = options
        self.environment = environment
        self.inbox = inbox
        self.events = events
    }

    /// Runs every call to its end and returns the report.
    func run() async -> RunReport {
        var state = RunState(calls: calls)
        state.emit(.runStarted(RunStarted(
            run: options.runNumber, strategy: options.strategy, clock: options.clock,
            limit: options.limit, timeout: options.timeout,
            calls: calls.map(\.id))))

        var machine = SchedulerStateMachine(
            dependencies: state.dependencies, strategy: options.strategy, limit: options.limit)
        perform(machine.begin(), machine: machine, state: &state)
        var messages: [RunMessage] = []
        while !machine.isFinished {
            if state.unlaunched.isEmpty {
                await withTaskCancellationHandler {
                    await inbox.next(into: &messages)
                } onCancel: {
                    inbox.post(.cancelRun(reason: "cancelled"))
                }
            } else {
                // A big round starts a burst at a time, taking in outcomes between bursts: early
                // finishes are reported (and their memory freed) while later calls still start.
                launchUnlaunched(upTo: RunOwner.startBurst, machine: machine, state: &state)
                state.flush(to: events)
                if Task.isCancelled, state.cancelReason == nil { inbox.post(.cancelRun(reason: "cancelled")) }
                inbox.take(into: &messages)
                if messages.isEmpty { continue }
            }
            let (statuses, cancelReason) = collectOutcomes(messages, machine: machine, state: &state)
            perform(machine.apply(statuses, cancelRun: cancelReason != nil), machine: machine, state: &state)
        }

        // Every call has ended, so every placeholder has been replaced: hand the array over, no copy.
        let results = state.results
        state.results = []
        // Blocking handlers cannot be interrupted: report those whose call ended while they still ran.
        let stillBlocked = calls.indices.filter { index in
            results[index].startedAt != nil && !state.handlerReturned[index]
                && handlers[calls[index].name].map { $0.kind != .async } == true
        }.map { calls[$0].id }
        let wall = max(state.lastEventTime, results.map(\.finishedAt).max() ?? .zero)
        let report = RunReport(
            run: options.runNumber, strategy: options.strategy, clock: options.clock,
            status: machine.runStatus, results: results, wall: wall,
            work: state.work,
            criticalPath: RunReport.criticalPath(
                results: results, dependencies: state.dependencies,
                waitsForSlots: options.strategy == .sequential || options.limit != nil),
            stillBlocked: stillBlocked)
        state.emit(.runFinished(RunFinished(
            run: options.runNumber, status: report.status, wall: wall, work: report.work, counts: report.counts)))
        state.flush(to: events)
        events.finish()
        return report
    }

    /// Carries out one round: emits the endings in (time, queue) order, then starts calls in queue
    /// order (on the real clock, a big round's first burst; the run loop starts the rest).
    private func perform(_ round: SchedulerStateMachine.Round, machine: SchedulerStateMachine, state: inout RunState) {
        let now = max(environment.now, state.lastEventTime)
        var endings: [EndingKey] = []
        for ending in round.ended {
            let index = ending.index
            state.stopTasks(of: index)
            var result = CallResult(
                id: calls[index].id, name: calls[index].name, status: ending.status,
                startedAt: state.results[index].startedAt, finishedAt: now)
            switch ending.cause {
            case .outcome:
                let (outcome, time) = state.outcomes[index]!
                state.outcomes[index] = nil
                result.finishedAt = time
                switch outcome {
                case .ok(let output): result.output = output
                case .error(let message): result.error = message
                case .timeout(let limit): result.error = "timed out after \(limit.shortText)"
                }
            case .skipped(let dependency):
                result.error = "dependency \(describe(dependency)) \(failureVerb(state.results[dependency].status))"
            case .cancelled(let cause?):
                result.error = "cancelled: \(describe(cause)) \(failureVerb(state.results[cause].status))"
            case .cancelled(nil):
                result.error = state.cancelReason ?? "cancelled"
            }
            endings.append(EndingKey(time: result.finishedAt, consequence: ending.cause == .outcome ? 0 : 1, index: index))
            state.work += result.duration
            state.results[index] = result
        }
        endings.sortIfNeeded(by: <)
        for ending in endings {
            state.emit(.callFinished(run: options.runNumber, result: state.results[ending.index]))
            state.lastEventTime = max(state.lastEventTime, ending.time)
        }
        state.unlaunched.append(contentsOf: round.started)
        // On the virtual clock a round happens in one instant, so all of it starts at once.
        launchUnlaunched(upTo: environment.isVirtual ? .max : RunOwner.startBurst, machine: machine, state: &state)
        state.flush(to: events)
    }

    /// Starts up to `limit` calls of those the state machine started, in queue order.
    private func launchUnlaunched(upTo limit: Int, machine: SchedulerStateMachine, state: inout RunState) {
        let startTime = max(environment.now, state.lastEventTime)
        var launched = 0
        while launched < limit, let index = state.unlaunched.popFirst() {
            // Ended before its turn came (the run was cancelled or aborted): it never starts.
            guard machine.isRunning(index) else { continue }
            state.results[index].startedAt = startTime
            state.emit(.callStarted(run: options.runNumber, call: calls[index].id, name: calls[index].name, at: startTime))
            state.lastEventTime = startTime
            launch(index, state: &state)
            launched += 1
        }
    }

    private static let startBurst = 256

    private func describe(_ index: Int) -> String {
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

    /// Starts the handler of call `index` (and its timer), or reports at once why it cannot run.
    private func launch(_ index: Int, state: inout RunState) {
        let call = calls[index]
        let inbox = self.inbox
        let environment = self.environment
        guard let handler = handler(named: call.name, state: &state) else {
            let hint = Suggestions.didYouMean(call.name, in: handlers.names)
            inbox.post(.outcome(index: index, .error("unknown function '\(call.name)'\(hint)"), at: environment.now))
            return
        }
        if !state.problems.isEmpty, let problem = state.problems[index] {
            inbox.post(.outcome(index: index, .error(problem), at: environment.now))
            return
        }
        let arguments: JSONObject
        switch resolveArguments(of: call, state: state) {
        case .success(let resolved): arguments = resolved
        case .failure(let problem):
            inbox.post(.outcome(index: index, .error(problem.message), at: environment.now))
            return
        }
        let placement: Placement = switch (handler.kind, options.offload) {
        case (.async, _): !state.awaitingHandlers.isEmpty && state.awaitingHandlers.contains(call.name) ? .core : .eager
        case (_, .inline): .core
        case (_, .thread): .thread
        }
        let context = ToolContext(
            callID: call.id, handlerName: handler.name,
            runSeed: options.seed,
            environment: environment, placement: placement)
        let running = state.running
        let task = environment.launch(placement) {
            defer { running.taskReturned(index) }
            // Ended while waiting for a thread (see RunEnvironment.launch): nothing to run or report.
            guard !Task.isCancelled else { return }
            let outcome: CallOutcome
            do {
                outcome = .ok(try await handler.call(arguments: arguments, context: context))
            } catch let error as ToolError {
                outcome = .error(error.message)
            } catch is CancellationError {
                outcome = .error("cancelled")
            } catch {
                outcome = .error("\(type(of: error)): \(error)")
            }
            inbox.post(.outcome(index: index, outcome, at: environment.now))
        }
        // An eager start pays off for handlers that return without awaiting. One that awaited keeps
        // the launching thread busy with its start-up (a timer, a request), so its later calls start
        // as ordinary tasks and that work spreads over the cores.
        if !running.insert(task, for: index), placement == .eager {
            state.awaitingHandlers.insert(call.name)
        }
        if let timeout = handler.timeout ?? options.timeout {
            state.timerTasks[index] = environment.startTimer(after: timeout) {
                inbox.post(.outcome(index: index, .timeout(timeout), at: environment.now))
            }
        }
    }

    /// The handler called `name`, remembering the last one found: a batch of calls mostly calls a
    /// few handlers in runs, and comparing a name with the same string is cheaper than hashing it.
    private func handler(named name: String, state: inout RunState) -> (any ToolHandler)? {
        if let last = state.lastHandler, last.name == name { return last.handler }
        let handler = handlers[name]
        state.lastHandler = (name, handler)
        return handler
    }

    private func resolveArguments(of call: ToolCall, state: RunState) -> Result<JSONObject, ToolError> {
        // Without references (most calls) the names are kept as they are: no hashing them again.
        if !state.hasReferences {
            return .success(call.arguments.mapValues { argument in
                if case .value(let value) = argument { value } else { .null }
            })
        }
        var resolved = JSONObject()
        resolved.reserveCapacity(call.arguments.count)
        for (name, argument) in call.arguments {
            switch argument {
            case .value(let value):
                resolved[name] = value
            case .reference(let reference):
                guard let source = state.indexByID[reference.callID],
                      let output = state.results[source].output
                else {
                    return .failure(ToolError("argument '\(name)': \(reference) has no result to use"))
                }
                switch output.lookup(reference.path, root: "the result of \(describe(source))") {
                case .success(let value):
                    resolved[name] = value
                case .failure(let problem):
                    return .failure(ToolError(
                        "argument '\(name)': \(reference) — \(problem.message)"))
                }
            }
        }
        return .success(resolved)
    }
}


/// Where an ending is emitted in its round: by time, then a call's own outcome before the skips and
/// cancellations it caused, then queue order.
private struct EndingKey: Comparable {
    var time: Duration
    var consequence: Int
    var index: Int

    static func < (lhs: EndingKey, rhs: EndingKey) -> Bool {
        (lhs.time, lhs.consequence, lhs.index) < (rhs.time, rhs.consequence, rhs.index)
    }
}
