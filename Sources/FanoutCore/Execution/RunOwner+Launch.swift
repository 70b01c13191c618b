extension RunOwner {
    /// Starts up to `limit` of the calls the state machine started, in queue order: emits each start,
    /// prepares the call (or reports at once why it cannot run), and starts its handler and timer.
    func launchUnlaunched(upTo limit: Int, machine: SchedulerStateMachine, state: inout RunState) {
        let startTime = max(environment.now, state.lastEventTime)
        var eager: [PreparedCall] = []
        var launched = 0
        while launched < limit, let index = state.unlaunched.popFirst() {
            // Ended before its turn came (the run was cancelled or aborted): it never starts.
            guard machine.isRunning(index) else { continue }
            launched += 1
            state.results[index].startedAt = startTime
            state.emit(.callStarted(run: options.runNumber, call: calls[index].id, name: calls[index].name, at: startTime))
            state.lastEventTime = startTime
            guard let call = prepare(index, state: &state) else { continue }
            startTimer(for: call, state: &state)
            switch call.context.placement {
            case .eager where !environment.isVirtual && EagerBatch.isSupported: eager.append(call)
            case let placement: start(call, on: placement, state: &state)
            }
        }
        runEagerly(eager, state: &state)
    }

    /// Runs async calls on this thread, in batches (see ``EagerBatch``), until their handlers show
    /// what they do (see ``HandlerStart``). A handler that awaits keeps starting here, a call at a
    /// time: it costs no enqueue and no thread wake-up, and reaches its first await (a timer, a
    /// request) at once. One whose calls mostly run over ``EagerBatch/longCall`` before returning or
    /// awaiting is set aside (see ``StartJudge``): its later calls start as ordinary tasks, which
    /// spreads that work over the cores.
    ///
    /// In a launch of ``RunOwner/spreadingLaunch`` calls or more, calls of a handler that awaits start
    /// as ordinary tasks too: the run's owner starts every call, and taking each to its first await
    /// here made this one thread the bottleneck of a big round, while the other cores waited for work.
    private func runEagerly(_ calls: [PreparedCall], state: inout RunState) {
        var position = 0
        // The last handler's starts, looked up once for a run of its calls rather than hashed per call.
        var known: (name: String, starts: HandlerStart?)?
        while position < calls.count {
            // Calls are used in place (`calls[position]`): a copy of one retains five references.
            let name = calls[position].context.handlerName
            if known?.name != name {
                known = (name, state.handlerStarts.isEmpty ? nil : state.handlerStarts[name])
            }
            switch RunOwner.start(known?.starts, inLaunchOf: calls.count) {
            case .asTask?:
                start(calls[position], on: .core, state: &state)
                position += 1
            case .alone?:
                let began = environment.now
                startAlone(calls[position], state: &state)
                if setAside(state.startJudge.record(name, took: environment.now - began), state: &state) { known = nil }
                position += 1
            case nil:
                let batch = EagerBatch(
                    calls[position...], startElsewhere: state.handlerStarts,
                    inbox: inbox, environment: environment, running: state.running)
                let started = batch.start()
                if !state.running.insert(started.task, for: started.last.index) {
                    // Still running: it awaited.
                    state.handlerStarts[started.last.context.handlerName] = .alone
                }
                let inline = calls[position...].prefix(started.inlineTimes.count).lazy.map { $0.context.handlerName }
                setAside(state.startJudge.record(inline, took: started.inlineTimes), state: &state)
                known = nil
                position += started.taken
            }
        }
    }

    /// How a call starts in a launch of `size` calls, given what its handler showed so far: a full
    /// burst's calls of handlers that await start as ordinary tasks (see ``RunOwner/spreadingLaunch``).
    static func start(_ starts: HandlerStart?, inLaunchOf size: Int) -> HandlerStart? {
        starts == .alone && size >= spreadingLaunch ? .asTask : starts
    }

    /// Returns whether any handler was set aside.
    @discardableResult
    private func setAside(_ handlers: Set<String>, state: inout RunState) -> Bool {
        for handler in handlers { state.handlerStarts[handler] = .asTask }
        return !handlers.isEmpty
    }

    /// Starts `call` on this thread, as a task of its own that runs here until it first suspends.
    private func startAlone(_ call: PreparedCall, state: inout RunState) {
        guard #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) else {
            preconditionFailure("eager starts need Task.immediate; check EagerBatch.isSupported")
        }
        let (inbox, environment, running) = (self.inbox, self.environment, state.running)
        // A closure literal: see `RunEnvironment.launch`.
        let task = CallTask.immediate { await call.runAsTask(reportingTo: inbox, clock: environment, running: running) }
        state.running.insert(task, for: call.index)
    }

    /// Starts `call` as a task of its own.
    private func start(_ call: PreparedCall, on placement: Placement, state: inout RunState) {
        state.running.insert(environment.launch(call, on: placement, reportingTo: inbox, running: state.running), for: call.index)
    }

    private func startTimer(for call: PreparedCall, state: inout RunState) {
        guard let timeout = call.handler.timeout ?? options.timeout else { return }
        let (inbox, environment, index) = (self.inbox, self.environment, call.index)
        state.startedTimer(environment.startTimer(after: timeout) {
            inbox.post(.outcome(index: index, .timeout(timeout), at: environment.now))
        }, for: index)
    }

    /// The call's handler, arguments and context; `nil` after reporting why it cannot run.
    private func prepare(_ index: Int, state: inout RunState) -> PreparedCall? {
        let name = calls[index].name
        guard let handler = handler(named: name, state: &state) else {
            let hint = Suggestions.didYouMean(name, in: handlers.names)
            fail(index, "unknown function \(name.quotedExcerpt)\(hint)")
            return nil
        }
        state.checkIDs(through: index)
        if !state.problems.isEmpty, let problem = state.problems[index] {
            fail(index, problem)
            return nil
        }
        switch resolveArguments(of: index, state: state) {
        case .success(let arguments):
            let placement: Placement = switch (handler.kind, options.offload) {
            // Inline, the pitfall: every call waits its turn for a cooperative thread, as in asyncio
            // without eager tasks and on the virtual clock. Started eagerly, an async call would set
            // its timer before the blocking calls took the threads, and be held up only at its end.
            case (.async, .inline): .core
            case (.async, .thread): .eager
            case (_, .inline): .core
            case (_, .thread): .thread
            }
            let context = ToolContext(
                callID: calls[index].id, handlerName: handler.name, runSeed: options.seed,
                environment: environment, placement: placement)
            return PreparedCall(index: index, handler: handler, arguments: arguments, context: context)
        case .failure(let problem):
            fail(index, problem.message)
            return nil
        }
    }

    private func fail(_ index: Int, _ message: String) {
        inbox.post(.outcome(index: index, .error(message), at: environment.now))
    }

    /// The handler called `name`, remembering the last one found: a batch of calls mostly calls a
    /// few handlers in runs, and comparing a name with the same string is cheaper than hashing it.
    private func handler(named name: String, state: inout RunState) -> (any ToolHandler)? {
        // Fields apart, not a tuple: copying an optional tuple with an existential in it goes through
        // the runtime's generic copy.
        if state.lastHandlerName == name { return state.lastHandler }
        let handler = handlers[name]
        state.lastHandlerName = name
        state.lastHandler = handler
        return handler
    }

    /// By index: a `ToolCall` passed by value is copied, four references retained and released.
    private func resolveArguments(of index: Int, state: RunState) -> Result<PreparedCall.Arguments, ToolError> {
        // Without references (most calls) there is nothing to look up: the call's task turns the
        // values into the handler's object, on its own thread.
        if !state.hasReferences { return .success(.values(calls[index].arguments)) }
        var resolved = JSONObject()
        resolved.reserveCapacity(calls[index].arguments.count)
        for (name, argument) in calls[index].arguments {
            switch argument {
            case .value(let value):
                resolved[name] = value
            case .reference(let reference):
                guard let source = state.index(referredToAs: reference.callID),
                      let output = state.results[source].output
                else {
                    return .failure(ToolError("argument \(name.quotedExcerpt): \(reference.text.excerpt) has no result to use"))
                }
                switch output.lookup(reference.path, root: "the result of \(describe(source))") {
                case .success(let value):
                    resolved[name] = value
                case .failure(let problem):
                    return .failure(ToolError("argument \(name.quotedExcerpt): \(reference.text.excerpt) — \(problem.message)"))
                }
            }
        }
        return .success(.resolved(resolved))
    }
}
