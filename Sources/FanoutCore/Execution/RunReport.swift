/// Everything a finished run produced: a result for every call, in queue order, and its summary.
public struct RunReport: Sendable, Equatable {
    public var run: Int
    public var strategy: Strategy
    public var clock: ClockKind
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

    public init(
        run: Int, strategy: Strategy, clock: ClockKind, status: RunStatus,
        results: [CallResult], wall: Duration, work: Duration? = nil, criticalPath: [String], stillBlocked: [String] = []
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
    }

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

extension RunReport {
    /// The chain of calls that set the wall time: from the call that ended last, back through what
    /// let each one start — its latest-finishing dependency, or else, when calls waited for a slot
    /// (`sequential` or a limit), the call whose end freed it.
    static func criticalPath(results: [CallResult], dependencies: [[Int]], waitsForSlots: Bool) -> [String] {
        // Started calls by end time, then queue order: ties resolve to the first in the queue.
        let byEnd = results.indices
            .filter { results[$0].startedAt != nil }
            .sorted { (results[$0].finishedAt, $0) < (results[$1].finishedAt, $1) }
        guard let lastEnd = byEnd.last.map({ results[$0].finishedAt }) else { return [] }
        var current = byEnd.first { results[$0].finishedAt == lastEnd }!
        var path = [current]
        var onPath: Set<Int> = [current]
        while let start = results[current].startedAt {
            var previous = dependencies[current]
                .filter { results[$0].startedAt != nil }
                .max { (results[$0].finishedAt, -$0) < (results[$1].finishedAt, -$1) }
            if previous == nil, waitsForSlots, start > .zero {
                previous = latestEnd(notAfter: start, in: byEnd, results: results, excluding: onPath)
            }
            guard let previous, !onPath.contains(previous) else { break }
            path.append(previous)
            onPath.insert(previous)
            current = previous
        }
        return path.reversed().map { results[$0].id }
    }

    /// The first call in queue order among those that ended last at or before `time`.
    private static func latestEnd(notAfter time: Duration, in byEnd: [Int], results: [CallResult], excluding: Set<Int>) -> Int? {
        var low = 0, high = byEnd.count
        while low < high {
            let middle = (low + high) / 2
            if results[byEnd[middle]].finishedAt <= time { low = middle + 1 } else { high = middle }
        }
        var position = low - 1
        while position >= 0, excluding.contains(byEnd[position]) { position -= 1 }
        guard position >= 0 else { return nil }
        let end = results[byEnd[position]].finishedAt
        while position > 0, results[byEnd[position - 1]].finishedAt == end, !excluding.contains(byEnd[position - 1]) {
            position -= 1
        }
        return byEnd[position]
    }
}
