import DequeModule

/// The owner's bookkeeping for one run, indexed by queue position.
struct RunState {
    let calls: [ToolCall]
    /// For each call, the calls it depends on; empty when no call refers to another (see
    /// `dependencies(of:)`).
    var dependencies: [[Int]]
    /// Whether some call refers to another's result.
    let hasReferences: Bool
    /// The first call with each id, among the calls checked so far (see `checkIDs(through:)`).
    var indexByID: [String: Int] = [:]
    /// Calls by alias (see ``ToolCall/alias``), filled in with the dependencies: only references
    /// look them up.
    private var indexByAlias: [String: Int] = [:]
    /// How many calls, from the first, have had their id checked.
    private var idsChecked = 0
    /// Why a call cannot run at all: a reference to no earlier call, or a duplicate id.
    var problems: [Int: String] = [:]
    /// Each call's result; a placeholder until the call ends (the state machine knows which have).
    var results: ResultTable
    /// Whether the call's handler has returned (or thrown), as opposed to being abandoned at a timeout or cancel.
    var handlerReturned: [Bool]
    /// Takes in each ending as it is emitted, in end order.
    var criticalPath: CriticalPath
    /// Calls the state machine has started that have not been launched yet (a big round on the real
    /// clock starts a burst at a time).
    var unlaunched: Deque<Int> = []
    /// Whether an outcome of the call was taken in (the first one counts).
    var outcomeTaken: [Bool]
    let running: RunningTasks
    /// Each call's timeout timer; empty until the first timer starts (most runs have no timeout).
    var timerTasks: [Task<Void, Never>?] = []
    /// The handler the last launch looked up, and the name it was looked up by (see
    /// `RunOwner.handler(named:state:)`).
    var lastHandler: (any ToolHandler)?
    var lastHandlerName: String?
    /// The last handler's parameters, when they constrain anything; `nil` when any arguments will do.
    var lastSchema: JSONSchema?
    /// Async handlers seen awaiting: their later calls in this run start as ordinary tasks, not on
    /// the launching thread (see `RunOwner.runEagerly`).
    var handlersThatAwait: Set<String> = []
    var lastEventTime = Duration.zero
    /// The sum of the durations of the calls that have ended.
    var work = Duration.zero
    var cancelReason: String?
    /// Events of the current round, delivered together: one hand-over per round instead of per event.
    var pendingEvents: [ExecutionEvent] = []

    mutating func emit(_ event: ExecutionEvent) {
        pendingEvents.append(event)
    }

    mutating func flush(to events: AsyncStream<[ExecutionEvent]>.Continuation) {
        guard !pendingEvents.isEmpty else { return }
        events.yield(pendingEvents)
        pendingEvents.removeAll(keepingCapacity: true)
    }

    /// - Parameter waitsForSlots: whether a call may wait for another's slot (`sequential`, a limit).
    init(calls: [ToolCall], waitsForSlots: Bool) {
        self.calls = calls
        criticalPath = CriticalPath(waitsForSlots: waitsForSlots)
        results = ResultTable(calls: calls)
        handlerReturned = Array(repeating: false, count: calls.count)
        outcomeTaken = Array(repeating: false, count: calls.count)
        running = RunningTasks()
        // Only the table's index is written up front: its slots are touched as ids are checked.
        indexByID.reserveCapacity(calls.count)
        hasReferences = calls.contains { call in
            call.arguments.values.contains { if case .reference = $0 { true } else { false } }
        }
        guard hasReferences else {
            // Without references no call waits for another, and ids are checked as calls are reached:
            // hashing 10,000 ids up front delayed the first start by milliseconds.
            dependencies = []
            return
        }
        dependencies = []
        dependencies.reserveCapacity(calls.count)
        // By index, not by element: copying each call (four references) cost more than the rest.
        for index in calls.indices {
            var callDependencies: [Int] = []
            for case .reference(let reference) in calls[index].arguments.values {
                if let dependency = self.index(referredToAs: reference.callID) {
                    if !callDependencies.contains(dependency) { callDependencies.append(dependency) }
                } else {
                    problems[index] = problems[index]
                        ?? "\(reference.text.excerpt) refers to no earlier call in this run: a reference may only point at an earlier call"
                }
            }
            dependencies.append(callDependencies)
            checkIDs(through: index)
            if let alias = calls[index].alias, indexByAlias[alias] == nil { indexByAlias[alias] = index }
        }
    }

    /// The earlier call a reference names, by id or else by alias.
    func index(referredToAs name: String) -> Int? {
        indexByID[name] ?? indexByAlias[name]
    }

    /// Checks the ids of the calls up to `index` (in queue order, so the first call with an id keeps
    /// it): a later call with the same id gets a problem. Call before looking at `problems[index]`.
    mutating func checkIDs(through index: Int) {
        while idsChecked <= index {
            // One hash per call: insert, and put the first index back in the rare case of a duplicate.
            let id = calls[idsChecked].id
            if let first = indexByID.updateValue(idsChecked, forKey: id) {
                indexByID[id] = first
                problems[idsChecked] = "duplicate call id \(id.quotedExcerpt): every call in a run needs its own id"
            }
            idsChecked += 1
        }
    }

    /// The calls call `index` depends on.
    func dependencies(of index: Int) -> [Int] {
        dependencies.isEmpty ? [] : dependencies[index]
    }

    // MARK: Retries

    /// The attempt of each call running now (0 for the first); empty until a call retries.
    private var currentAttempts: [Int] = []
    /// When each call's current attempt started; filled in as calls retry.
    var attemptStarted: [Int: Duration] = [:]
    /// The retries of the round's outcomes, emitted with its endings.
    var roundRetries: [(at: Duration, index: Int, event: CallRetry)] = []
    /// Retries whose wait is over, to launch once the round is done.
    var dueRetries: [(index: Int, attempt: Int)] = []

    /// The attempt of call `index` running now: 0 for the first.
    func attempt(of index: Int) -> Int {
        currentAttempts.isEmpty ? 0 : currentAttempts[index]
    }

    mutating func setAttempt(_ attempt: Int, of index: Int) {
        if currentAttempts.isEmpty { currentAttempts = Array(repeating: 0, count: calls.count) }
        currentAttempts[index] = attempt
    }

    /// Where attempt `attempt` of call `index` reports and keeps its task: `index + attempt × calls`,
    /// so a late outcome of an abandoned attempt is told apart from the current one's.
    func slot(of index: Int, attempt: Int) -> Int {
        index + attempt * calls.count
    }

    /// The call and attempt of a slot (see ``slot(of:attempt:)``).
    func call(inSlot slot: Int) -> (index: Int, attempt: Int) {
        slot < calls.count ? (slot, 0) : (slot % calls.count, slot / calls.count)
    }

    mutating func startedTimer(_ timer: Task<Void, Never>, for index: Int) {
        if timerTasks.isEmpty { timerTasks = Array(repeating: nil, count: calls.count) }
        timerTasks[index] = timer
    }

    mutating func stopTasks(of index: Int) {
        running.cancel(slot(of: index, attempt: attempt(of: index)))
        guard !timerTasks.isEmpty else { return }
        timerTasks[index]?.cancel()
        timerTasks[index] = nil
    }
}
