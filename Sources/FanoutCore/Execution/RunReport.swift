/// Everything a finished run produced: a result for every call, in queue order, and its summary.
public struct RunReport: Sendable, Equatable {
    /// The run's number in its executor or session.
    public var run: Int
    /// The strategy it ran under.
    public var strategy: Strategy
    /// The clock it measured time with.
    public var clock: ClockKind
    /// Whether it did all its work, stopped at a failure (`taskgroup`) or was cancelled.
    public var status: RunStatus
    /// One result per call, in queue order, whatever the completion order was.
    public var results: [CallResult]
    /// From the run's start to its end.
    public var wall: Duration
    /// The sum of every call's duration: what running them one after another would take,
    /// when no call had to wait for a thread or core.
    public internal(set) var work: Duration
    /// The ids of the chain of calls that set the wall time, first to last.
    public var criticalPath: [String]
    /// Calls whose blocking (`sync` or `cpu`) handler was still running when the run ended: a timed-out
    /// or cancelled call ends at once, but its thread stays busy until the handler returns, and the
    /// late result is discarded.
    public var stillBlocked: [String]
    /// On the virtual clock, the threads blocking handlers still hold at the end of the run, for how
    /// much longer: pass them to the next virtual run (``ExecutionOptions/threadsHeldAtStart``).
    /// Empty on the real clock, where threads stay busy by themselves.
    public var threadsStillHeld: [HeldThread]

    /// A report of a finished run; `work` defaults to the sum of the results' durations.
    public init(
        run: Int, strategy: Strategy, clock: ClockKind, status: RunStatus,
        results: [CallResult], wall: Duration, work: Duration? = nil, criticalPath: [String], stillBlocked: [String] = [],
        threadsStillHeld: [HeldThread] = []
    ) {
        self.run = run
        self.strategy = strategy
        self.clock = clock
        self.status = status
        self.results = results
        self.wall = wall
        self.work = work ?? results.reduce(.zero) { $0 + $1.duration }
        self.criticalPath = criticalPath
        self.stillBlocked = stillBlocked
        self.threadsStillHeld = threadsStillHeld
    }

    /// How many calls ended with each status.
    public var counts: StatusCounts { StatusCounts(results) }

    /// Parallelism: work divided by wall (1 when nothing took time). Equal to the speedup over
    /// sequential when no call waited for a thread or core; the shell compares with a simulated
    /// sequential run instead, which also holds when calls did wait.
    public var parallelism: Double {
        let wallSeconds = wall.seconds
        return wallSeconds > 0 ? work.seconds / wallSeconds : 1
    }

    /// The result of the call with `id`.
    public func result(for id: String) -> CallResult? {
        results.first { $0.id == id }
    }
}
