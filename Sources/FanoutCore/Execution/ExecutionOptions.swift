/// Which clock a run measures time with.
public enum ClockKind: String, Sendable, CaseIterable {
    /// The machine's monotonic clock: handlers really wait.
    case real
    /// Simulated time: handlers take exactly their latency of virtual time and no real time.
    case virtual
}

/// Where `sync` and `cpu` handlers run.
public enum OffloadMode: String, Sendable, CaseIterable {
    /// On the offload pool, like `asyncio.to_thread`: they never block the cooperative threads.
    case thread
    /// On the cooperative pool: a blocking handler holds a core, the classic pitfall.
    case inline
}

/// Everything that shapes one run besides its calls and handlers.
public struct ExecutionOptions: Sendable, Equatable {
    /// The default width of the simulated cooperative pool: a 2-core machine, so sessions
    /// print the same on any computer.
    public static let defaultVirtualCores = 2

    /// How calls start and what a failure does (see ``Strategy``); `gather` by default.
    public var strategy: Strategy
    /// At most this many calls running at once, at least 1; `nil` for no limit.
    public var limit: Int?
    /// Per-call timeout, longer than zero; a handler's own timeout wins. `nil` for none.
    public var timeout: Duration?
    /// Where `sync` and `cpu` handlers run; the offload pool by default.
    public var offload: OffloadMode
    /// Real time, or simulated time for exact, repeatable runs; `real` by default.
    public var clock: ClockKind
    /// Width of the simulated cooperative pool (virtual clock only), at least 1; `nil` for
    /// ``defaultVirtualCores``.
    public var cores: Int?
    /// At most this many offload threads for this run's blocking calls, at least 1. On the real clock a
    /// run takes them from its executor's ``OffloadPool``, never more than the pool has, and `nil` lets
    /// it use the whole pool; on the virtual clock this is the simulated pool's width, and `nil` is
    /// asyncio's default, `min(32, cores + 4)`.
    public var threads: Int?
    /// Seed for handlers' random draws (jitter, failure probability).
    public var seed: UInt64
    /// The run's number, reported in every event, at least 1; `nil` for the executor's next number
    /// (its runs count 1, 2, 3…; see ``Executor/start(_:options:)``).
    public var runNumber: Int?
    /// Threads that blocking handlers of earlier runs still hold as this run starts (virtual clock
    /// only): pass on the previous run's ``RunReport/threadsStillHeld``.
    public var threadsHeldAtStart: [HeldThread] = []
    /// How failed calls are tried again, for handlers without a ``ToolHandler/retryPolicy`` of their
    /// own; `nil` for never.
    public var retries: RetryPolicy?

    /// Options for a run; each has the default its property describes.
    public init(
        strategy: Strategy = .gather,
        limit: Int? = nil,
        timeout: Duration? = nil,
        offload: OffloadMode = .thread,
        clock: ClockKind = .real,
        cores: Int? = nil,
        threads: Int? = nil,
        seed: UInt64 = 0,
        runNumber: Int? = nil
    ) {
        self.strategy = strategy
        self.limit = limit
        self.timeout = timeout
        self.offload = offload
        self.clock = clock
        self.cores = cores
        self.threads = threads
        self.seed = seed
        self.runNumber = runNumber
    }

    /// The simulated cooperative pool width in effect under the virtual clock.
    public var virtualCores: Int { cores ?? ExecutionOptions.defaultVirtualCores }

    /// The offload width a run with these options models, or on the real clock with `threads` unset,
    /// the width of a default ``OffloadPool``: `threads` if set, else asyncio's `min(32, cores + 4)`.
    public var effectiveThreads: Int {
        if let threads { return threads }
        switch clock {
        case .virtual: return min(32, virtualCores + 4)
        case .real: return OffloadPool.defaultThreadCount
        }
    }
}
