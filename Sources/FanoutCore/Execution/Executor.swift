import Synchronization

/// Runs batches of tool calls: concurrently where they are independent, in order where one needs
/// another's result, under a chosen strategy, limit and timeout.
///
/// ```swift
/// let executor = Executor(handlers: HandlerRegistry([GetWeather()]))
/// let report = try await executor.run([ToolCall(id: "call_1", name: "get_weather", values: ["location": "Tokyo"])])
/// ```
///
/// An executor numbers its runs 1, 2, 3… in the order they start (a run's options may set its number
/// instead); copies of an executor share the count.
public struct Executor: Sendable {
    /// The handlers calls are dispatched to, by name.
    public var handlers: HandlerRegistry
    /// The threads blocking handlers run on under the real clock. Share one pool between executors
    /// so threads still blocked by an earlier run are counted. A run never changes its width: it
    /// takes at most ``ExecutionOptions/threads`` of them.
    public let offloadPool: OffloadPool
    /// Asked before each call of a handler that ``ToolHandler/needsApproval``, while the run's other
    /// calls go on; `nil` denies every such call.
    public var approval: ApprovalHook?
    private let runCount = RunCount()

    /// An executor for `handlers`, whose blocking calls run on `offloadPool` under the real clock.
    public init(handlers: HandlerRegistry, offloadPool: OffloadPool = OffloadPool(), approval: ApprovalHook? = nil) {
        self.handlers = handlers
        self.offloadPool = offloadPool
        self.approval = approval
    }

    /// Starts running `calls` and returns at once; follow ``ExecutionRun/events`` and await
    /// ``ExecutionRun/report``.
    ///
    /// Only options out of range throw (see ``ExecutionOptions/validate()``), before anything starts.
    /// An unknown handler, a bad reference or a duplicate id becomes that call's `error` result, and
    /// the rest of the run goes on as the strategy says.
    public func start(
        _ calls: [ToolCall], options: ExecutionOptions = ExecutionOptions()
    ) throws(ExecutionOptions.Problem) -> ExecutionRun {
        try options.validate()
        let runNumber = options.runNumber ?? runCount.next()
        let handlers = self.handlers.gated(by: approval)
        let (events, continuation) = AsyncStream.makeStream(of: [ExecutionEvent].self, bufferingPolicy: .unbounded)
        switch options.clock {
        case .real:
            // A share of the pool only when the run asks for fewer threads than the pool has.
            let threads = options.threads.flatMap { $0 < offloadPool.maximumThreads ? SlotPool(width: $0) : nil }
            // Before draining, let the calls that are ready to finish do so: one wake-up then takes a
            // batch of outcomes instead of one.
            let inbox = CompletionInbox<RunMessage>(settle: { await Task.yield() })
            let task = Task { [offloadPool] in
                // Time starts when the owner does, not when the task was asked for.
                let environment = RunEnvironment(mode: .real(start: .now, offload: offloadPool, threads: threads), inbox: inbox)
                let owner = RunOwner(
                    calls: calls, handlers: handlers, options: options, runNumber: runNumber,
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
                cores: SlotPool(width: options.virtualCores, held: heldCount(.cooperative)),
                threads: SlotPool(width: options.effectiveThreads, held: heldCount(.offload)),
                processors: ProcessorSharing(processors: options.virtualCores, clock: clock, executor: executor))
            let owner = RunOwner(
                calls: calls, handlers: handlers, options: options, runNumber: runNumber,
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

    /// Runs `calls` to the end and returns the report. Cancelling the calling task cancels the run;
    /// options out of range throw, as ``start(_:options:)`` says.
    public func run(
        _ calls: [ToolCall], options: ExecutionOptions = ExecutionOptions()
    ) async throws(ExecutionOptions.Problem) -> RunReport {
        try await start(calls, options: options).report
    }
}

/// The numbers an executor gives its runs, shared by its copies.
private final class RunCount: Sendable {
    private let started = Atomic(0)

    func next() -> Int {
        started.wrappingAdd(1, ordering: .relaxed).newValue
    }
}
