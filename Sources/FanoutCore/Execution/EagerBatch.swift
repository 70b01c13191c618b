import Foundation
import Synchronization

/// Async calls started on the launching thread, run one after another in a single task for as long
/// as each returns without awaiting: a call that never awaits needs no task of its own, so a batch
/// of such calls costs one task instead of one each (asyncio's eager tasks, taken one step further).
///
/// The task stops taking calls at the first that awaits (it carries on with that one alone, and the
/// launcher starts the rest elsewhere), at one that ran long without awaiting (so the launcher can
/// spread that handler's later calls over the cores), and at a handler the launcher has set aside.
final class EagerBatch: Sendable {
    private let calls: ArraySlice<PreparedCall>
    /// Handlers whose calls must not run here (they awaited or ran long before).
    private let setAside: Set<String>
    private let inbox: CompletionInbox<RunMessage>
    private let environment: RunEnvironment
    private let running: RunningTasks
    /// The launching thread while it waits in `start()`; 0 once it has returned. A call is taken only
    /// by code running on that thread at that time, that is, before the task first suspended.
    private let launchingThread = Atomic<UInt>(0)
    private let taken = Atomic<Int>(0)
    private let ranLong = Atomic<Bool>(false)

    /// A call that ran this long without awaiting stops the batch.
    static let longRun = Duration.milliseconds(1)

    init(
        _ calls: ArraySlice<PreparedCall>, setAside: Set<String>,
        inbox: CompletionInbox<RunMessage>, environment: RunEnvironment, running: RunningTasks
    ) {
        self.calls = calls
        self.setAside = setAside
        self.inbox = inbox
        self.environment = environment
        self.running = running
    }

    /// What one start came to.
    struct Start {
        /// The task; it is still running `last` if that call awaited.
        let task: Task<Void, Never>
        /// How many calls the task took, from the first.
        let taken: Int
        /// The last call taken.
        let last: PreparedCall
        let lastRanLong: Bool
    }

    /// Runs calls on this thread until one awaits, runs long or is set aside; the first is always taken.
    func start() -> Start {
        launchingThread.store(UInt(pthread_self()), ordering: .releasing)
        let task = Task.immediate { await self.runWhileInline() }
        launchingThread.store(0, ordering: .releasing)
        let taken = taken.load(ordering: .acquiring)
        return Start(
            task: task, taken: taken, last: calls[calls.startIndex + taken - 1],
            lastRanLong: ranLong.load(ordering: .acquiring))
    }

    private func runWhileInline() async {
        var position = calls.startIndex
        var last = calls[position].index
        repeat {
            let call = calls[position]
            if position > calls.startIndex, !setAside.isEmpty, setAside.contains(call.context.handlerName) { break }
            taken.store(position - calls.startIndex + 1, ordering: .releasing)
            last = call.index
            let began = environment.now
            let outcome = await call.run()
            let ended = environment.now
            inbox.post(.outcome(index: call.index, outcome, at: ended))
            if ended - began > EagerBatch.longRun {
                ranLong.store(true, ordering: .releasing)
                break
            }
            position += 1
        } while position < calls.endIndex && isInline
        running.taskReturned(last)
    }

    /// Whether this code runs inside `start()` on the launching thread, that is, has not suspended.
    /// After a suspension the task resumes on another thread, or on this one once `start()` returned.
    private var isInline: Bool {
        launchingThread.load(ordering: .acquiring) == UInt(pthread_self())
    }
}
