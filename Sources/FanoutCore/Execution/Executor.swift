/// Runs batches of tool calls: concurrently where they are independent, in order where one needs
/// another's result, under a chosen strategy, limit and timeout.
///
/// ```swift
/// let executor = Executor(handlers: HandlerRegistry([GetWeather()]))
/// let report = await executor.run([ToolCall(id: "call_1", name: "get_weather", values: ["location": "Tokyo"])])
/// ```
public struct Executor: Sendable {
    /// The handlers calls are dispatched to, by name.
    public var handlers: HandlerRegistry
    /// The threads blocking handlers run on under the real clock. Share one pool between executors
    /// so threads still blocked by an earlier run are counted.
    public let offloadPool: OffloadPool

    public init(handlers: HandlerRegistry, offloadPool: OffloadPool = OffloadPool()) {
        self.handlers = handlers
        self.offloadPool = offloadPool
    }

    /// Starts running `calls` and returns at once; follow ``ExecutionRun/events`` and await
    /// ``ExecutionRun/report``.
    ///
    /// Nothing here throws: an unknown handler, a bad reference or a duplicate id becomes that call's
    /// `error` result, and the rest of the run goes on as the strategy says. Options out of range
    /// (``ExecutionOptions/problem``) are a programming error, and stop the program.
    public func start(_ calls: [ToolCall], options: ExecutionOptions = ExecutionOptions()) -> ExecutionRun {
        if let problem = options.problem { preconditionFailure("ExecutionOptions: \(problem)") }
        let (events, continuation) = AsyncStream.makeStream(of: [ExecutionEvent].self, bufferingPolicy: .unbounded)
        switch options.clock {
        case .real:
            offloadPool.maximumThreads = options.effectiveThreads
            // Before draining, let the calls that are ready to finish do so: one wake-up then takes a
            // batch of outcomes instead of one.
            let inbox = CompletionInbox<RunMessage>(settle: { await Task.yield() })
            let task = Task { [handlers, offloadPool] in
                // Time starts when the owner does, not when the task was asked for.
                let environment = RunEnvironment(mode: .real(start: .now, offload: offloadPool), inbox: inbox)
                let owner = RunOwner(
                    calls: calls, handlers: handlers, options: options,
                    environment: environment, inbox: inbox, events: continuation)
                return await owner.run()
            }
            return ExecutionRun(eventBatches: events, task: task, inbox: inbox)
        case .virtual:
            let clock = VirtualClock()
            let executor = SimulationExecutor(clock: clock)
            let inbox = CompletionInbox<RunMessage>(settle: { await executor.whenIdle() })
            executor.onStall {
                inbox.post(.cancelRun(reason: "the virtual clock stalled (a handler waited on something outside the simulation; use the context's sleep, not Task.sleep)"))
            }
            let held = options.threadsHeldAtStart
            func heldCount(_ pool: HeldThread.Pool) -> Int { held.count { $0.pool == pool } }
            let simulation = RunEnvironment.Simulation(
                clock: clock, executor: executor,
                cores: SimulatedPool(width: options.virtualCores, held: heldCount(.cooperative)),
                threads: SimulatedPool(width: options.effectiveThreads, held: heldCount(.offload)),
                processors: ProcessorSharing(processors: options.virtualCores, clock: clock, executor: executor))
            let owner = RunOwner(
                calls: calls, handlers: handlers, options: options,
                environment: RunEnvironment(mode: .virtual(simulation), inbox: inbox), inbox: inbox, events: continuation)
            let task = Task(executorPreference: executor) {
                let report = await owner.run()
                executor.finish()
                return report
            }
            // Their waits must be in place before time first moves: enqueued before the executor
            // starts, they are, as it runs every job before it lets the clock advance.
            for thread in held { simulation.release(thread) }
            executor.start()
            return ExecutionRun(eventBatches: events, task: task, inbox: inbox)
        }
    }

    /// Runs `calls` to the end and returns the report. Cancelling the calling task cancels the run.
    public func run(_ calls: [ToolCall], options: ExecutionOptions = ExecutionOptions()) async -> RunReport {
        await start(calls, options: options).report
    }
}
