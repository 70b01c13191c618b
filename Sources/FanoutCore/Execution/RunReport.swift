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
    ///
    /// Where calls end at the same instant (exact on the virtual clock), the longer chain wins, then
    /// the first in the queue. On the real clock every hand-over along a chain costs a little time,
    /// so the longer chain is the one a real run sees ending last: `plan`, which simulates the run,
    /// then names the path `run` reports. Calls cancelled when a taskgroup stopped did not set the
    /// wall time, the failure that stopped it did: the path ends at the last call that ended on its own.
    ///
    /// `endOrder` lists the calls in the order their endings were emitted, which is by end time.
    static func criticalPath(results: [CallResult], endOrder: [Int], dependencies: [[Int]], waitsForSlots: Bool) -> [String] {
        // Started calls in an order that puts every call after anything that could have let it start
        // (which ended at or before its start): by end, then start, then queue position. The endings
        // were emitted by end time, so only calls that ended at the same instant need sorting.
        var keys: [(end: Duration, start: Duration, index: Int)] = []
        keys.reserveCapacity(endOrder.count)
        for index in endOrder {
            if let start = results[index].startedAt { keys.append((results[index].finishedAt, start, index)) }
        }
        keys.sortEqualRuns(of: { $0.end }, by: <)
        // The longest chain ending at each call (0 until computed), and the call before it on that chain.
        var length = [Int](repeating: 0, count: results.count)
        var previousOnChain = [Int?](repeating: nil, count: results.count)
        func better(_ first: Int, than second: Int) -> Bool {
            length[first] != length[second] ? length[first] > length[second] : first < second
        }
        // Each instant at which calls ended, with the best chain ending then, for slot hand-overs.
        var instants: [(time: Duration, best: Int)] = []
        instants.reserveCapacity(keys.count)
        for (end, start, index) in keys {
            var previous: Int?
            for dependency in dependencies[index] where length[dependency] > 0 {
                guard let chosen = previous else {
                    previous = dependency
                    continue
                }
                let (end, chosenEnd) = (results[dependency].finishedAt, results[chosen].finishedAt)
                if end > chosenEnd || (end == chosenEnd && better(dependency, than: chosen)) { previous = dependency }
            }
            if previous == nil, waitsForSlots, start > .zero {
                previous = lastInstant(notAfter: start, in: instants)?.best
            }
            previousOnChain[index] = previous
            length[index] = 1 + (previous.map { length[$0] } ?? 0)
            if let last = instants.last, last.time == end {
                if better(index, than: last.best) { instants[instants.count - 1].best = index }
            } else {
                instants.append((end, index))
            }
        }
        let order = keys.lazy.map { $0.index }
        let lastOnItsOwn = order.last { results[$0].status != .cancelled }
        guard let lastEnd = (lastOnItsOwn ?? order.last).map({ results[$0].finishedAt }) else { return [] }
        var current = order.reversed()
            .drop { results[$0].finishedAt > lastEnd }
            .prefix { results[$0].finishedAt == lastEnd }
            .filter { lastOnItsOwn == nil || results[$0].status != .cancelled }
            .min(by: better)!
        var path = [current]
        while let previous = previousOnChain[current] {
            path.append(previous)
            current = previous
        }
        return path.reversed().map { results[$0].id }
    }

    /// The last of `instants` (in time order) at or before `time`.
    private static func lastInstant(notAfter time: Duration, in instants: [(time: Duration, best: Int)]) -> (time: Duration, best: Int)? {
        var low = 0, high = instants.count
        while low < high {
            let middle = (low + high) / 2
            if instants[middle].time <= time { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? instants[low - 1] : nil
    }
}
