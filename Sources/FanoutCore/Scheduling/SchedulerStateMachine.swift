import HeapModule

/// The scheduling rules of a run, as plain state: which calls are waiting, ready, running or ended,
/// the concurrency limit, and what a failure does under each strategy.
///
/// It performs nothing itself: the run's owner feeds it outcomes and carries out what it returns
/// (start these calls, these calls ended). That keeps every rule testable without tasks or time.
struct SchedulerStateMachine {
    enum Phase: Equatable {
        /// Some dependency has not succeeded yet.
        case waiting
        /// Every dependency succeeded; waiting for a free slot.
        case ready
        case running
        case ended(CallStatus)
    }

    /// Why a call ended.
    enum Cause: Equatable {
        /// Its own outcome, as reported by the owner.
        case outcome
        /// A dependency (by index) did not succeed.
        case skipped(dependency: Int)
        /// The run was aborted: by a failing call's index under `taskgroup`, or from outside (`nil`).
        case cancelled(cause: Int?)
    }

    struct Ending: Equatable {
        var index: Int
        var status: CallStatus
        var cause: Cause
    }

    /// What happened in one round: calls that ended (their own outcomes first, in the order given,
    /// then consequences), and calls to start now, in queue order.
    struct Round: Equatable {
        var ended: [Ending] = []
        var started: [Int] = []
    }

    private(set) var phases: [Phase]
    /// For each call, the calls that depend on it; empty when no call depends on another.
    private let dependents: [[Int]]
    private var unmetDependencies: [Int]
    private var ready: ReadyQueue
    private var runningCount = 0
    private var endedCount = 0
    private let limit: Int
    let strategy: Strategy
    /// Set once the run stops starting calls: a `taskgroup` failure or a cancel from outside.
    private(set) var abortCause: Cause?
    /// For each call, its serial group (the calls of one serial handler), or `nil`; empty when no
    /// handler of the run is serial.
    private let serialGroup: [Int?]
    /// Whether a call of each serial group is running.
    private var groupBusy: [Bool]
    /// Each group's ready calls waiting for the group's running call to end, lowest index first:
    /// a call that became ready later may still come earlier in the queue, and goes first.
    private var groupWaiting: [Heap<Int>]

    /// - Parameters:
    ///   - dependencies: for each call, the indexes of the calls it depends on (all lower than its own).
    ///   - limit: at most this many running at once; `nil` for no limit. `sequential` always uses 1.
    ///   - serialGroups: for each call, the group of calls that must not overlap it (a serial
    ///     handler's), or `nil`; empty for none.
    init(dependencies: [[Int]], strategy: Strategy, limit: Int?, serialGroups: [Int?] = []) {
        self.strategy = strategy
        serialGroup = serialGroups
        let groups = (serialGroups.compactMap { $0 }.max() ?? -1) + 1
        groupBusy = Array(repeating: false, count: groups)
        groupWaiting = Array(repeating: [], count: groups)
        self.limit = Self.width(strategy: strategy, limit: limit)
        phases = Array(repeating: .waiting, count: dependencies.count)
        unmetDependencies = dependencies.map { $0.count }
        var dependents = Array(repeating: [Int](), count: dependencies.count)
        for (index, calls) in dependencies.enumerated() {
            for dependency in calls { dependents[dependency].append(index) }
        }
        self.dependents = dependents
        var initiallyReady: [Int] = []
        for index in phases.indices where unmetDependencies[index] == 0 {
            phases[index] = .ready
            initiallyReady.append(index)
        }
        ready = ReadyQueue(initial: initiallyReady)
    }

    /// A run of `count` calls none of which depends on another: all are ready from the start. Keeps
    /// no per-call lists: built for 10,000 calls, they were half a millisecond of fresh memory before
    /// the first start.
    init(independentCalls count: Int, strategy: Strategy, limit: Int?) {
        self.strategy = strategy
        self.limit = Self.width(strategy: strategy, limit: limit)
        phases = Array(repeating: .ready, count: count)
        unmetDependencies = []
        dependents = []
        ready = ReadyQueue(allOf: count)
        serialGroup = []
        groupBusy = []
        groupWaiting = []
    }

    /// How many calls may run at once.
    private static func width(strategy: Strategy, limit: Int?) -> Int {
        strategy == .sequential ? 1 : max(1, limit ?? Int.max)
    }

    var isFinished: Bool { endedCount == phases.count }

    var runStatus: RunStatus {
        switch abortCause {
        case .cancelled(cause: nil): return .cancelled
        case .cancelled: return .failed
        default: return .ok
        }
    }

    func isRunning(_ index: Int) -> Bool { phases[index] == .running }

    /// The first round: the calls to start before any outcome is known.
    mutating func begin() -> Round {
        var round = Round()
        startReadyCalls(into: &round)
        return round
    }

    /// Applies outcomes of running calls (others are ignored: a late result after a timeout,
    /// say), then a cancel from outside if asked, and returns the consequences.
    ///
    /// Every outcome of the round counts before any consequence: under `taskgroup`, a call that
    /// finished in the same round as the first failure keeps its result.
    mutating func apply(_ outcomes: [(index: Int, status: CallStatus)], cancelRun: Bool = false) -> Round {
        var round = Round()
        var firstFailure: Int?
        for (index, status) in outcomes where phases[index] == .running {
            end(index, status, .outcome, into: &round)
            runningCount -= 1
            releaseSerialGroup(of: index)
            if status.isSuccess {
                releaseDependents(of: index)
            } else if strategy == .taskgroup {
                firstFailure = firstFailure ?? index
            } else {
                skipDependents(of: index, into: &round)
            }
        }
        if let firstFailure { abort(.cancelled(cause: firstFailure), into: &round) }
        if cancelRun, !isFinished { abort(.cancelled(cause: nil), into: &round) }
        startReadyCalls(into: &round)
        return round
    }

    private mutating func end(_ index: Int, _ status: CallStatus, _ cause: Cause, into round: inout Round) {
        phases[index] = .ended(status)
        endedCount += 1
        round.ended.append(Ending(index: index, status: status, cause: cause))
    }

    private mutating func releaseDependents(of index: Int) {
        guard !dependents.isEmpty else { return }
        for dependent in dependents[index] where phases[dependent] == .waiting {
            unmetDependencies[dependent] -= 1
            if unmetDependencies[dependent] == 0 {
                phases[dependent] = .ready
                ready.insert(dependent)
            }
        }
    }

    private mutating func skipDependents(of index: Int, into round: inout Round) {
        guard !dependents.isEmpty else { return }
        var failed = [index]
        while let failure = failed.popLast() {
            for dependent in dependents[failure] where phases[dependent] == .waiting {
                end(dependent, .skipped, .skipped(dependency: failure), into: &round)
                failed.append(dependent)
            }
        }
    }

    private mutating func abort(_ cause: Cause, into round: inout Round) {
        guard abortCause == nil else { return }
        abortCause = cause
        for index in phases.indices {
            switch phases[index] {
            case .running:
                runningCount -= 1
                end(index, .cancelled, cause, into: &round)
            case .waiting, .ready:
                end(index, .cancelled, cause, into: &round)
            case .ended:
                break
            }
        }
        ready.removeAll()
        for group in groupWaiting.indices { groupWaiting[group] = Heap() }
    }

    /// Lets the next waiting call of `index`'s serial group become ready.
    private mutating func releaseSerialGroup(of index: Int) {
        guard !serialGroup.isEmpty, let group = serialGroup[index] else { return }
        groupBusy[group] = false
        if let next = groupWaiting[group].popMin() { ready.insert(next) }
    }

    private mutating func startReadyCalls(into round: inout Round) {
        guard abortCause == nil else { return }
        while runningCount < limit, let index = ready.popMin() {
            if !serialGroup.isEmpty, let group = serialGroup[index] {
                // Its group is busy: it waits its turn without taking a slot.
                guard !groupBusy[group] else {
                    groupWaiting[group].insert(index)
                    continue
                }
                groupBusy[group] = true
            }
            phases[index] = .running
            runningCount += 1
            round.started.append(index)
        }
    }
}
