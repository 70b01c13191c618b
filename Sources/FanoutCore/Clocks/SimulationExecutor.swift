import Collections
import Dispatch
import Foundation

/// A one-thread task executor that drives a ``VirtualClock``: when no job is left to run,
/// every simulated task is suspended, and that is the moment to let virtual time move.
///
/// Jobs run in the order they were enqueued, on one thread, so a simulation is deterministic.
/// When idle it first wakes the tasks that asked to run at the end of the instant
/// (``whenIdle(_:)``), and only then advances the clock to the next deadline.
final class SimulationExecutor: TaskExecutor, Sendable {
    private struct State {
        var jobs: Deque<UnownedJob> = []
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        var threadIsWaiting = false
        var finishing = false
    }

    let clock: VirtualClock
    private let state = Locked(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    /// Called when nothing can make progress: no job, no sleeper, nobody outside has enqueued work for a while.
    private let stallHandler = Locked<(@Sendable () -> Void)?>(nil)
    private static let stallGrace: DispatchTimeInterval = .seconds(2)

    init(clock: VirtualClock) {
        self.clock = clock
    }

    /// What to do when the simulation stalls (a handler waits on something outside it).
    func onStall(_ handler: @escaping @Sendable () -> Void) {
        stallHandler.withLock { $0 = handler }
    }

    /// Starts the executor's thread. It runs until ``finish()`` was called and nothing is left to run.
    func start() {
        let thread = Thread { [self] in runLoop() }
        thread.name = "fanout-virtual-clock"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let wake = state.withLock { state -> Bool in
            state.jobs.append(job)
            defer { state.threadIsWaiting = false }
            return state.threadIsWaiting
        }
        if wake { wakeUp.signal() }
    }

    /// Suspends the caller until the executor has run every job it has: the end of the current round.
    func whenIdle() async {
        await withCheckedContinuation { continuation in
            let wake = state.withLock { state -> Bool in
                state.idleWaiters.append(continuation)
                defer { state.threadIsWaiting = false }
                return state.threadIsWaiting
            }
            if wake { wakeUp.signal() }
        }
    }

    /// Lets the thread end once nothing is left to run or to wait for.
    func finish() {
        // The handler refers to the run's inbox, which refers back to this executor: break the cycle.
        stallHandler.withLock { $0 = nil }
        let wake = state.withLock { state -> Bool in
            state.finishing = true
            defer { state.threadIsWaiting = false }
            return state.threadIsWaiting
        }
        if wake { wakeUp.signal() }
    }

    private enum Step {
        case run(UnownedJob)
        case resume([CheckedContinuation<Void, Never>])
        case idle(finishing: Bool)
    }

    private func runLoop() {
        while true {
            let step = state.withLock { state -> Step in
                if let job = state.jobs.popFirst() { return .run(job) }
                if !state.idleWaiters.isEmpty {
                    defer { state.idleWaiters.removeAll() }
                    return .resume(state.idleWaiters)
                }
                return .idle(finishing: state.finishing)
            }
            switch step {
            case .run(let job):
                job.runSynchronously(on: asUnownedTaskExecutor())
            case .resume(let waiters):
                for waiter in waiters { waiter.resume() }
            case .idle(let finishing):
                if clock.advanceToNextDeadline() { continue }
                if finishing { return }
                waitForOutsideWork()
            }
        }
    }

    /// Nothing is runnable and nobody sleeps: only work from outside (a cancel, a real I/O handler) can
    /// help now. Wait for it; if none comes within the grace period, report a stall.
    private func waitForOutsideWork() {
        let shouldWait = state.withLock { state -> Bool in
            guard state.jobs.isEmpty, state.idleWaiters.isEmpty, !state.finishing else { return false }
            state.threadIsWaiting = true
            return true
        }
        guard shouldWait else { return }
        if wakeUp.wait(timeout: .now() + SimulationExecutor.stallGrace) == .timedOut {
            let stillWaiting = state.withLock { state -> Bool in
                defer { state.threadIsWaiting = false }
                return state.threadIsWaiting
            }
            if stillWaiting {
                stallHandler.withLock { $0 }?()
            } else {
                // Someone signalled between the timeout and the lock: consume that signal.
                wakeUp.wait()
            }
        }
    }
}
