import Foundation

/// Where a call's handler runs: on a cooperative thread (a core) or on an offload thread.
@usableFromInline
enum Placement: Sendable {
    /// A cooperative thread, starting at once on the launching thread and running there until the
    /// handler first suspends, like asyncio's eager tasks, unless the handler was seen awaiting
    /// earlier in the run (see `RunOwner.runEagerly`).
    case eager
    case core
    case thread
}

/// The time and threads a run lives in: the real machine, or a simulated one on the virtual clock.
///
/// Handlers never see this type; ``ToolContext`` forwards its clock operations here, so the same
/// handler code runs on both.
@usableFromInline
final class RunEnvironment: Sendable {
    /// The simulated machine: a virtual clock, its one-thread executor, and pools modelling the widths
    /// of Swift's cooperative pool (cores), of the offload pool (threads), and the processors that
    /// CPU-bound work on offload threads competes for.
    struct Simulation: Sendable {
        let clock: VirtualClock
        let executor: SimulationExecutor
        let cores: SlotPool
        let threads: SlotPool
        /// CPU time for offloaded `cpu` work, shared as the OS time-slices threads. Separate from
        /// `cores`, so an async call's brief turns on a cooperative thread are not held up by
        /// computing offload threads.
        let processors: ProcessorSharing
        /// Blocking waits in progress, for the threads a run hands on to the next (see ``HeldThread``).
        let blocking = BlockingLedger()
    }

    enum Mode: Sendable {
        /// `threads`: the run's share of `offload`, when it may use fewer threads than the pool has.
        case real(start: ContinuousClock.Instant, offload: OffloadPool, threads: SlotPool?)
        case virtual(Simulation)
    }

    let mode: Mode
    /// The real mode's start, read on every outcome without switching over `mode` (which copies
    /// and retains its payload); `nil` on the virtual clock.
    private let realStart: ContinuousClock.Instant?
    /// Where handlers' progress goes: the run's inbox, which its owner drains with the outcomes.
    private let inbox: CompletionInbox<RunMessage>

    init(mode: Mode, inbox: CompletionInbox<RunMessage>) {
        self.mode = mode
        self.inbox = inbox
        if case .real(let start, _, _) = mode { realStart = start } else { realStart = nil }
    }

    /// Hands a handler's progress to the run's owner, stamped with the time (see ``ToolContext/progress(_:_:)``).
    func reportProgress(of call: String, fraction: Double?, message: String?) {
        inbox.post(.progress(call: call, fraction: fraction, message: message, at: now))
    }

    var isVirtual: Bool { realStart == nil }

    /// Time since the run started.
    var now: Duration {
        if let realStart { return realStart.duration(to: .now) }
        guard case .virtual(let simulation) = mode else { return .zero }
        return simulation.clock.now.offset
    }

    /// Starts the task of `call` (see ``PreparedCall/runAsTask(reportingTo:clock:running:)``) on the
    /// right executor for `placement`, holding the modelled slot for the whole call under the virtual
    /// clock. A call that ended (timeout, cancel) before its task got a thread never starts its
    /// handler, like a cancelled `asyncio.to_thread` job: only a handler already running keeps its
    /// thread.
    @discardableResult
    func launch(
        _ call: PreparedCall, on placement: Placement, reportingTo inbox: CompletionInbox<RunMessage>, running: RunningTasks
    ) -> CallTask {
        switch mode {
        case .real(_, let offload, let threads):
            // Closure literals: handed a closure value, `Task` wraps it in reabstraction thunks, six
            // frames on the task's own allocator (see `PreparedCall.run()`).
            switch placement {
            // Eager starts are `EagerBatch`'s business; here they are ordinary tasks.
            case .eager, .core:
                return CallTask { await call.runAsTask(reportingTo: inbox, clock: self, running: running) }
            case .thread:
                guard let threads else {
                    return CallTask(executorPreference: offload) { await call.runAsTask(reportingTo: inbox, clock: self, running: running) }
                }
                // The run's slot first, then the pool's thread: waiting for a slot holds no thread.
                return CallTask {
                    await threads.acquire()
                    await withTaskExecutorPreference(offload) {
                        await call.runAsTask(reportingTo: inbox, clock: self, running: running)
                    }
                    threads.release()
                }
            }
        case .virtual(let simulation):
            let pool = placement == .thread ? simulation.threads : simulation.cores
            return CallTask(executorPreference: simulation.executor) {
                await pool.acquire()
                await call.runAsTask(reportingTo: inbox, clock: self, running: running)
                pool.release()
            }
        }
    }

    /// Starts a runtime timer (no core or thread slot) that calls `action` after `delay` unless cancelled.
    func startTimer(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> Task<Void, Never> {
        switch mode {
        case .real:
            // From now, the call's start: in a big round the timer's task may get a thread much later.
            let deadline = SleepTimer.shared.deadline(after: delay)
            return Task {
                guard (try? await SleepTimer.shared.sleep(until: deadline)) != nil else { return }
                action()
            }
        case .virtual(let simulation):
            return Task(executorPreference: simulation.executor) {
                let deadline = simulation.clock.now.advanced(by: delay)
                guard (try? await simulation.clock.sleep(until: deadline)) != nil else { return }
                action()
            }
        }
    }

    /// Waits without holding a thread: the handler's core is free meanwhile.
    ///
    /// Reached from handlers through the inlinable ``ToolContext/sleep(for:)``, and with the real
    /// clock's sleep inlined here, a sleep is one frame on the task's allocator; the virtual clock's
    /// path is kept apart, so that frame is the real path's size (see `PreparedCall.run()`).
    @usableFromInline
    func sleep(for duration: Duration, placement: Placement) async throws {
        if !isVirtual {
            try await SleepTimer.shared.sleep(for: duration)
        } else {
            try await sleepVirtually(for: duration, placement: placement)
        }
    }

    /// The virtual clock's sleep. Reads the simulation itself: passed in, it would have to be kept in
    /// the caller's frame for the whole sleep, and that frame is the real clock's too.
    @inline(never)
    private func sleepVirtually(for duration: Duration, placement: Placement) async throws {
        guard case .virtual(let simulation) = mode else { preconditionFailure("a virtual sleep on the real clock") }
        let deadline = simulation.clock.now.advanced(by: duration)
        guard placement != .thread else {
            try await simulation.clock.sleep(until: deadline)
            return
        }
        // An awaiting task gives its cooperative thread back and needs one again to continue.
        simulation.cores.release()
        do {
            try await simulation.clock.sleep(until: deadline)
        } catch {
            await simulation.cores.acquire()
            throw error
        }
        await simulation.cores.acquire()
    }

    /// On the virtual clock, the threads still held at `end`: those held from the start and not yet
    /// given back, then those this run's blocking handlers hold (see ``HeldThread``).
    func threadsStillHeld(at end: Duration, heldAtStart: [HeldThread]) -> [HeldThread] {
        guard case .virtual(let simulation) = mode else { return [] }
        // A processor's work left from the start is among the pieces `processors` still has.
        let carried = heldAtStart.compactMap { thread -> HeldThread? in
            thread.pool != .processor && thread.remaining > end
                ? HeldThread(call: thread.call, pool: thread.pool, remaining: thread.remaining - end) : nil
        }
        return carried + simulation.blocking.held(at: end) + simulation.processors.held(at: end)
    }

    /// Blocks the current thread for `duration`, like `time.sleep`; cancellation cannot interrupt it.
    func blockThread(for duration: Duration, placement: Placement, call: String) async {
        switch mode {
        case .real:
            CPUTime.block(for: duration)
        case .virtual(let simulation):
            await simulation.block(call, holding: [placement == .thread ? .offload : .cooperative], for: duration)
        }
    }

    /// Keeps a core busy for `duration` of CPU time; cancellation cannot interrupt it.
    func burnCPU(for duration: Duration, placement: Placement, call: String) async {
        switch mode {
        case .real:
            CPUTime.spin(for: duration)
        case .virtual(let simulation):
            guard placement == .thread else {
                await simulation.block(call, holding: [.cooperative], for: duration)
                return
            }
            // Work on offload threads still needs processors: cpu work cannot outrun the cores.
            await simulation.processors.compute(duration, for: call)
        }
    }
}

/// Blocking and busy-waiting on real threads; busy-waiting is measured in the thread's own CPU time,
/// so work competes for cores as real work does.
enum CPUTime {
    /// Blocks the calling thread; kept out of async code, where `Thread.sleep` is unavailable.
    static func block(for duration: Duration) {
        Thread.sleep(forTimeInterval: duration.seconds)
    }

    static func spin(for duration: Duration) {
        let start = threadCPUTime()
        var sink = 0.0
        while threadCPUTime() - start < duration {
            for step in 0..<2_000 { sink += Double(step).squareRoot() }
        }
        blackHole(sink)
    }

    private static func threadCPUTime() -> Duration {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
    }

    @inline(never)
    private static func blackHole(_ value: Double) {
        if value.isNaN { print("") }
    }
}

extension RunEnvironment.Simulation {
    /// Passes `duration` of virtual time that cancellation cannot cut short, with `call` holding
    /// `pools` meanwhile.
    func block(_ call: String, holding pools: [HeldThread.Pool], for duration: Duration) async {
        let deadline = clock.now.advanced(by: duration)
        let key = blocking.begin(call: call, pools: pools, until: deadline)
        await clock.sleepUninterruptibly(until: deadline)
        blocking.end(key)
    }

    /// Gives back a thread held from the start of the run (see ``HeldThread``) when its time is up;
    /// a processor's share is work left, done beside this run's own.
    func release(_ thread: HeldThread) {
        let pool: SlotPool
        switch thread.pool {
        case .offload: pool = threads
        case .cooperative: pool = cores
        case .processor:
            Task(executorPreference: executor) { [processors] in
                await processors.compute(thread.remaining, for: thread.call, holdingItsThread: false)
            }
            return
        }
        Task(executorPreference: executor) { [clock] in
            await clock.sleepUninterruptibly(until: VirtualClock.Instant(offset: thread.remaining))
            pool.release()
        }
    }
}
