/// One thing that happened in a run. Every view — live block, log, table, JSON lines,
/// transcripts — is rendered from a stream of these.
public enum ExecutionEvent: Sendable, Equatable {
    /// Always first.
    case runStarted(RunStarted)
    /// A call began; always before its finish.
    case callStarted(run: Int, call: String, name: String, at: Duration)
    /// An attempt of a call failed, and the call will run again after `delay` (see ``RetryPolicy``).
    case callRetry(CallRetry)
    /// A running call's handler said how far it is (``ToolContext/progress(_:_:)``): between the
    /// call's start and its finish. `fraction` runs from 0 to 1, `nil` when the handler cannot say.
    case callProgress(run: Int, call: String, at: Duration, fraction: Double?, message: String?)
    /// A call ended, exactly once per call, whatever happened.
    case callFinished(run: Int, result: CallResult)
    /// Always last.
    case runFinished(RunFinished)

    /// The run the event belongs to.
    public var run: Int {
        switch self {
        case .runStarted(let started): return started.run
        case .callStarted(let run, _, _, _): return run
        case .callRetry(let retry): return retry.run
        case .callProgress(let run, _, _, _, _): return run
        case .callFinished(let run, _): return run
        case .runFinished(let finished): return finished.run
        }
    }
}

/// What a run is about to do.
public struct RunStarted: Sendable, Equatable {
    /// The run's number in its executor or session.
    public var run: Int
    /// How the run starts calls and treats failures.
    public var strategy: Strategy
    /// The clock the run measures time with.
    public var clock: ClockKind
    /// At most this many calls at once; `nil` for no limit.
    public var limit: Int?
    /// The run's per-call timeout; `nil` for none.
    public var timeout: Duration?
    /// The call ids, in queue order.
    public var calls: [String]

    /// What run `run` is about to do.
    public init(run: Int, strategy: Strategy, clock: ClockKind, limit: Int?, timeout: Duration?, calls: [String]) {
        self.run = run
        self.strategy = strategy
        self.clock = clock
        self.limit = limit
        self.timeout = timeout
        self.calls = calls
    }
}

/// A failed attempt that will be retried.
public struct CallRetry: Sendable, Equatable {
    /// The run's number in its executor or session.
    public var run: Int
    /// The call's id.
    public var call: String
    /// The handler it called.
    public var name: String
    /// When the attempt failed, from the run's start.
    public var at: Duration
    /// The attempt that failed: 1 for the first.
    public var attempt: Int
    /// How it failed.
    public var error: String
    /// The wait before the next attempt.
    public var delay: Duration

    /// Attempt `attempt` of `call` failed at `at` with `error`; the next starts `delay` later.
    public init(run: Int, call: String, name: String, at: Duration, attempt: Int, error: String, delay: Duration) {
        self.run = run
        self.call = call
        self.name = name
        self.at = at
        self.attempt = attempt
        self.error = error
        self.delay = delay
    }
}

/// How a run ended.
public struct RunFinished: Sendable, Equatable {
    /// The run's number in its executor or session.
    public var run: Int
    /// Whether the run did all its work, stopped at a failure or was cancelled.
    public var status: RunStatus
    /// From the run's start to its last call's end.
    public var wall: Duration
    /// The sum of every call's duration: what a sequential run would have taken.
    public var work: Duration
    /// How many calls ended with each status.
    public var counts: StatusCounts

    /// How run `run` ended.
    public init(run: Int, status: RunStatus, wall: Duration, work: Duration, counts: StatusCounts) {
        self.run = run
        self.status = status
        self.wall = wall
        self.work = work
        self.counts = counts
    }
}
