/// Finds the chain of calls that set a run's wall time, as the run goes: from the call that ended
/// last, back through what let each one start — its latest-finishing dependency or, when calls
/// waited for a slot (`sequential` or a limit) and that came later, the call whose end freed it.
///
/// Where calls end at the same instant (exact on the virtual clock), the longer chain wins, then
/// the first in the queue. On the real clock every hand-over along a chain costs a little time,
/// so the longer chain is the one a real run sees ending last: `plan`, which simulates the run,
/// then names the path `run` reports. Calls cancelled when a taskgroup stopped did not set the
/// wall time, the failure that stopped it did: the path ends at the last call that ended on its own.
///
/// The owner reports each ending as it emits it (see ``callEnded(_:after:startedAt:endedAt:)``), in end
/// order, so the work is done while the run waits for its calls: computed after the last call, it
/// took 1.5–2.5 ms of a 10,000-call run's wall time.
struct CriticalPath {
    private let waitsForSlots: Bool
    /// The longest chain ending at each call (0 until it ended), and the call before it on that
    /// chain (`none`); grown as calls end.
    private var length: [Int] = []
    private var previousOnChain: [Int] = []
    private var endTimes: [Duration] = []
    private static let none = -1
    /// Each instant at which calls ended, with the best chain ending then, for slot hand-overs.
    private var instants: [(time: Duration, best: Int)] = []
    /// The calls taken in, in the order they were: by end, then start, then queue position.
    private var order: [Int] = []
    /// Calls that ended at the latest end time so far, not taken in yet: one could still be joined by
    /// another ending at the same instant that started earlier, which goes first.
    private var tied: [(start: Duration, index: Int, dependencies: [Int])] = []
    private var tiedEnd = Duration.zero

    /// - Parameter waitsForSlots: whether a call may have waited for another's slot (`sequential`, a limit).
    init(waitsForSlots: Bool) {
        self.waitsForSlots = waitsForSlots
    }

    /// Notes that call `index`, which depended on the calls at `dependencies`, ended at `end`. Calls
    /// must be reported in order of their end times (the owner clamps each to the last event's time).
    /// A call that never started took no part in any chain.
    mutating func callEnded(_ index: Int, after dependencies: [Int], startedAt start: Duration?, endedAt end: Duration) {
        guard let start else { return }
        if !tied.isEmpty, end != tiedEnd { takeInTied() }
        tied.append((start, index, dependencies))
        tiedEnd = end
    }

    /// The ids of the chain, first to last; `results` holds every call's result.
    mutating func path(results: [CallResult]) -> [String] {
        takeInTied()
        let lastOnItsOwn = order.last { results[$0].status != .cancelled }
        guard let lastEnd = (lastOnItsOwn ?? order.last).map({ results[$0].finishedAt }) else { return [] }
        var current = order.reversed()
            .drop { results[$0].finishedAt > lastEnd }
            .prefix { results[$0].finishedAt == lastEnd }
            .filter { lastOnItsOwn == nil || results[$0].status != .cancelled }
            .min(by: better)!
        var path = [current]
        while previousOnChain[current] != Self.none {
            current = previousOnChain[current]
            path.append(current)
        }
        return path.reversed().map { results[$0].id }
    }

    /// Takes in the calls that ended at `tiedEnd`, by start, then queue position.
    private mutating func takeInTied() {
        tied.sortIfNeeded { ($0.start, $0.index) < ($1.start, $1.index) }
        for (start, index, dependencies) in tied { takeIn(index, after: dependencies, start: start, end: tiedEnd) }
        tied.removeAll(keepingCapacity: true)
    }

    private mutating func takeIn(_ index: Int, after dependencies: [Int], start: Duration, end: Duration) {
        if length.count <= index {
            let missing = index + 1 - length.count
            length.append(contentsOf: repeatElement(0, count: missing))
            previousOnChain.append(contentsOf: repeatElement(Self.none, count: missing))
            endTimes.append(contentsOf: repeatElement(.zero, count: missing))
        }
        var previous = Self.none
        for dependency in dependencies where dependency < length.count && length[dependency] > 0 {
            guard previous != Self.none else {
                previous = dependency
                continue
            }
            let (end, chosenEnd) = (endTimes[dependency], endTimes[previous])
            if end > chosenEnd || (end == chosenEnd && better(dependency, than: previous)) { previous = dependency }
        }
        // A call that also waited for a slot was held by whichever came later: its last dependency
        // ending, or the end that freed the slot.
        if waitsForSlots, start > .zero, let slot = lastInstant(notAfter: start),
           previous == Self.none || slot.time > endTimes[previous] {
            previous = slot.best
        }
        previousOnChain[index] = previous
        length[index] = 1 + (previous == Self.none ? 0 : length[previous])
        endTimes[index] = end
        order.append(index)
        if let last = instants.last, last.time == end {
            if better(index, than: last.best) { instants[instants.count - 1].best = index }
        } else {
            instants.append((end, index))
        }
    }

    private func better(_ first: Int, than second: Int) -> Bool {
        length[first] != length[second] ? length[first] > length[second] : first < second
    }

    /// The last of `instants` (in time order) at or before `time`.
    private func lastInstant(notAfter time: Duration) -> (time: Duration, best: Int)? {
        var low = 0, high = instants.count
        while low < high {
            let middle = (low + high) / 2
            if instants[middle].time <= time { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? instants[low - 1] : nil
    }
}
