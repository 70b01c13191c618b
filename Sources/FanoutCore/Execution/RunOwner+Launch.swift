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
            state.emit(.callStarted(run: runNumber, call: calls[index].id, name: calls[index].name, at: startTime))
            state.lastEventTime = startTime
            guard let call = prepare(index, state: &state) else { continue }
            startTimer(for: call, state: &state)
            switch call.context.placement {
            case .eager where !environment.isVirtual && EagerBatch.isSupported && RunOwner.startsEagerly: eager.append(call)
            case let placement: start(call, on: placement, state: &state)
            }
        }
        runEagerly(eager, state: &state)
    }

    /// Runs async calls on this thread, as many in one task as return without awaiting (see
    /// ``EagerBatch``). Once a call of a handler awaits, that handler's later calls in the run start
    /// as ordinary tasks: their first steps then run on every core, where taking each call to its
    /// first await here made this one thread the bottleneck of a big round.
    private func runEagerly(_ calls: [PreparedCall], state: inout RunState) {
        var position = 0
        while position < calls.count {
            // Calls are used in place (`calls[position]`): a copy of one retains five references.
            if !state.handlersThatAwait.isEmpty, state.handlersThatAwait.contains(calls[position].context.handlerName) {
                start(calls[position], on: .core, state: &state)
                position += 1
                continue
            }
            let started = EagerBatch(
                calls[position...], handlersThatAwait: state.handlersThatAwait,
                inbox: inbox, environment: environment, running: state.running
            ).start()
            if !state.running.insert(started.task, for: started.last.index) {
                // Still running: it awaited.
                state.handlersThatAwait.insert(started.last.context.handlerName)
            }
            position += started.taken
        }
    }

    /// Starts `call` as a task of its own.
    private func start(_ call: PreparedCall, on placement: Placement, state: inout RunState) {
        state.running.insert(environment.launch(call, on: placement, reportingTo: inbox, running: state.running), for: call.index)
    }

    private func startTimer(for call: PreparedCall, state: inout RunState) {
        guard let timeout = call.handler.timeout ?? options.timeout else { return }
        let (inbox, environment, slot) = (self.inbox, self.environment, call.index)
        state.startedTimer(environment.startTimer(after: timeout) {
            inbox.post(.outcome(index: slot, .timeout(timeout), at: environment.now))
        }, for: state.call(inSlot: slot).index)
    }

    /// Starts the next attempt of each call whose wait to retry is over, if it is still running (a
    /// cancel may have ended it meanwhile). The attempt gets its own timer, and its task and outcomes
    /// its own slot (see ``RunState/slot(of:attempt:)``).
    func launchDueRetries(machine: SchedulerStateMachine, state: inout RunState) {
        guard !state.dueRetries.isEmpty else { return }
        let due = state.dueRetries
        state.dueRetries.removeAll()
        let now = max(environment.now, state.lastEventTime)
        for (index, attempt) in due where machine.isRunning(index) && state.attempt(of: index) == attempt - 1 {
            state.setAttempt(attempt, of: index)
            state.outcomeTaken[index] = false
            state.handlerReturned[index] = false
            state.attemptStarted[index] = now
            state.results[index].lastAttemptStartedAt = now
            guard let call = prepare(index, state: &state) else { continue }
            startTimer(for: call, state: &state)
            start(call, on: call.context.placement == .eager ? .core : call.context.placement, state: &state)
        }
    }

    /// The call's handler, arguments and context; `nil` after reporting why it cannot run.
    private func prepare(_ index: Int, state: inout RunState) -> PreparedCall? {
        let name = calls[index].name
        let slot = state.slot(of: index, attempt: state.attempt(of: index))
        guard let handler = handler(named: name, state: &state) else {
            let hint = Suggestions.didYouMean(name, in: handlers.names)
            fail(slot, "unknown function \(name.quotedExcerpt)\(hint)", .unknownTool)
            return nil
        }
        state.checkIDs(through: index)
        if !state.problems.isEmpty, let problem = state.problems[index] {
            fail(slot, problem, .invalidArguments)
            return nil
        }
        if let problem = calls[index].argumentsError {
            fail(slot, problem, .invalidArguments)
            return nil
        }
        switch resolveArguments(of: index, state: state) {
        case .success(var arguments):
            if let schema = state.lastSchema {
                let object = arguments.object
                if let problem = schema.argumentsProblem(object) {
                    fail(slot, problem, .invalidArguments)
                    return nil
                }
                arguments = .resolved(schema.fillingDefaults(of: object))
            }
            let placement: Placement = switch (handler.kind, options.offload) {
            // Inline, the pitfall: every call waits its turn for a cooperative thread, as in asyncio
            // without eager tasks and on the virtual clock. Started eagerly, an async call would set
            // its timer before the blocking calls took the threads, and be held up only at its end.
            case (.async, .inline): .core
            case (.async, .thread): .eager
            case (_, .inline): .core
            case (_, .thread): .thread
            }
            // A retry draws other numbers than the attempt before it (a seeded failure would otherwise recur).
            let attempt = state.attempt(of: index)
            let context = ToolContext(
                callID: calls[index].id, handlerName: handler.name,
                runSeed: attempt == 0 ? options.seed : SeededRandomGenerator.seed(options.seed, key: "attempt \(attempt)"),
                environment: environment, placement: placement)
            return PreparedCall(index: slot, handler: handler, arguments: arguments, context: context)
        case .failure(let problem):
            fail(slot, problem.message, .invalidArguments)
            return nil
        }
    }

    /// Reports that the attempt in `slot` cannot run.
    private func fail(_ slot: Int, _ message: String, _ kind: ErrorKind) {
        inbox.post(.outcome(index: slot, .error(message, kind), at: environment.now))
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
        // Read once per handler, not per call: a handler may build its schema each time it is asked.
        let schema = handler?.parameters
        state.lastSchema = schema?.acceptsAnything == false ? schema : nil
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
