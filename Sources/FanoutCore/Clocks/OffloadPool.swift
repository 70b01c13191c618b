import Collections
import Dispatch
import Foundation

/// A pool of long-lived threads for blocking work: the Swift analogue of `asyncio.to_thread`'s executor.
///
/// Swift's cooperative pool has one thread per core, and on Linux `DispatchQueue.global()` shares it,
/// so a handler that blocks there stalls every other task. Tasks that prefer this executor run on
/// threads of their own instead. The pool grows to the number of blocking jobs in flight, up to
/// ``maximumThreads``; idle threads retire after a few seconds.
public final class OffloadPool: TaskExecutor, Sendable {
    private struct State {
        var jobs: Deque<UnownedJob> = []
        var threads = 0
        var idleThreads = 0
    }

    private let state: Locked<State>
    private let wakeUp = DispatchSemaphore(value: 0)
    private static let idleRetirement: DispatchTimeInterval = .seconds(5)

    /// asyncio's default: `min(32, cores + 4)`.
    public static var defaultThreadCount: Int {
        min(32, ProcessInfo.processInfo.activeProcessorCount + 4)
    }

    /// The most threads the pool runs at once. Runs never change it: a run that asks for fewer
    /// (``ExecutionOptions/threads``) waits for one of its own share before it takes one of these.
    public let maximumThreads: Int

    /// Creates a pool that will run at most `maximumThreads` jobs at once (at least 1).
    public init(maximumThreads: Int = OffloadPool.defaultThreadCount) {
        self.maximumThreads = max(1, maximumThreads)
        state = Locked(State())
    }

    /// Threads running a job now. Between runs these are blocking handlers of calls that already
    /// ended (timed out or cancelled): each keeps its thread until it returns, and a new run's
    /// blocking calls wait for a thread while every one is taken.
    public var busyThreads: Int {
        state.withLock { $0.threads - $0.idleThreads }
    }

    /// Runs `job` on an idle thread, on a new one while fewer than ``maximumThreads`` run, or else on
    /// the first thread that frees up, in the order jobs came.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        enum Wake { case idleThread, newThread, none }
        let wake = state.withLock { state -> Wake in
            state.jobs.append(job)
            if state.idleThreads > 0 {
                state.idleThreads -= 1
                return .idleThread
            }
            if state.threads < maximumThreads {
                state.threads += 1
                return .newThread
            }
            return .none
        }
        switch wake {
        case .idleThread: wakeUp.signal()
        case .newThread: startThread()
        case .none: break
        }
    }

    /// What debuggers, `top -H` and `/proc/PID/task/*/comm` show for the pool's threads (Linux
    /// keeps at most 15 bytes).
    static let threadName = "fanout-offload"

    /// Gives the kernel the thread's name (`top -H`, debuggers). Foundation passes a name on only once
    /// the starting thread has recorded the new thread's id, which it may not have yet: the thread
    /// would keep the name of the thread that started it.
    private static func nameCurrentThreadForTheKernel() {
        #if os(Linux)
        // Glibc's Swift module has no `pthread_setname_np`, and `prctl` is variadic; the kernel takes
        // a thread's name written to its `comm` file.
        guard let file = fopen("/proc/thread-self/comm", "w") else { return }
        fputs(threadName, file)
        fclose(file)
        #endif
    }

    private func startThread() {
        Thread { [self] in work() }.start()
    }

    private func work() {
        Thread.current.name = OffloadPool.threadName
        OffloadPool.nameCurrentThreadForTheKernel()
        while true {
            let job = state.withLock { state -> UnownedJob? in
                if let job = state.jobs.popFirst() { return job }
                state.idleThreads += 1
                return nil
            }
            if let job {
                job.runSynchronously(on: asUnownedTaskExecutor())
                continue
            }
            if wakeUp.wait(timeout: .now() + OffloadPool.idleRetirement) == .timedOut {
                let retire = state.withLock { state -> Bool in
                    // Still counted idle means nobody handed this thread a job: retire it.
                    guard state.idleThreads > 0 else { return false }
                    state.idleThreads -= 1
                    state.threads -= 1
                    return true
                }
                if retire { return }
                // A job was handed over between the timeout and the lock; its signal is on its way.
                wakeUp.wait()
            }
        }
    }
}
