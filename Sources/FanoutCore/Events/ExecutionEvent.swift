/// One thing that happened in a run. Every view — live block, log, table, JSON lines,
/// transcripts — is rendered from a stream of these.
public enum ExecutionEvent: Sendable, Equatable {
    /// Always first.
    case runStarted(RunStarted)
    /// A call began; always before its finish.
    case callStarted(run: Int, call: String, name: String, at: Duration)
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
        case .callProgress(let run, _, _, _, _): return run
        case .callFinished(let run, _): return run
        case .runFinished(let finished): return finished.run
        }
    }
}

/// What a run is about to do.
public struct RunStarted: Sendable, Equatable {
    public var run: Int
    public var strategy: Strategy
    public var clock: ClockKind
    public var limit: Int?
    public var timeout: Duration?
    /// The call ids, in queue order.
    public var calls: [String]

    public init(run: Int, strategy: Strategy, clock: ClockKind, limit: Int?, timeout: Duration?, calls: [String]) {
        self.run = run
        self.strategy = strategy
        self.clock = clock
        self.limit = limit
        self.timeout = timeout
        self.calls = calls
    }
}

/// How a run ended.
public struct RunFinished: Sendable, Equatable {
    public var run: Int
    public var status: RunStatus
    /// From the run's start to its last call's end.
    public var wall: Duration
    /// The sum of every call's duration: what a sequential run would have taken.
    public var work: Duration
    public var counts: StatusCounts

    public init(run: Int, status: RunStatus, wall: Duration, work: Duration, counts: StatusCounts) {
        self.run = run
        self.status = status
        self.wall = wall
        self.work = work
        self.counts = counts
    }
}
