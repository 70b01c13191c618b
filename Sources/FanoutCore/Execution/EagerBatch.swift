import Foundation
import Synchronization

/// Async calls started on the launching thread, run one after another in a single task for as long
/// as each returns without awaiting: a call that never awaits needs no task of its own, so a batch
/// of such calls costs one task instead of one each (asyncio's eager tasks, taken one step further).
///
/// The task stops taking calls at the first that awaits (it carries on with that one alone, and the
/// launcher starts the rest elsewhere), once the batch has held the launching thread for ``budget``,
/// and at a handler the launcher starts another way (see ``HandlerStart``).
final class EagerBatch: Sendable {
    /// How long a batch may keep the launching thread before handing back.
    static let budget = Duration.milliseconds(1)
    /// A handler whose calls mostly take longer than this inline is better off on a task of its own
    /// per call, where calls run on both cores (see `StartJudge`).
    static let longCall = Duration.microseconds(50)

    /// Whether this platform can start a task on the current thread (`Task.immediate`).
    static var isSupported: Bool {
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) { return true }
        return false
    }

    private let calls: ArraySlice<PreparedCall>
    /// Handlers whose calls must not run here (they awaited or ran long before).
    private let startElsewhere: [String: HandlerStart]
    private let inbox: CompletionInbox<RunMessage>
    private let environment: RunEnvironment
    private let running: RunningTasks
    /// The launching thread while it waits in `start()`; 0 once it has returned. A call is taken only
    /// by code running on that thread at that time, that is, before the task first suspended.
    private let launchingThread = Atomic<UInt>(0)
    private let taken = Atomic<Int>(0)
    /// How long each call that returned without awaiting took, in order (see `runWhileInline`).
    private let inlineTimes = Mutex<[Duration]>([])

    init(
        _ calls: ArraySlice<PreparedCall>, startElsewhere: [String: HandlerStart],
        inbox: CompletionInbox<RunMessage>, environment: RunEnvironment, running: RunningTasks
    ) {
        self.calls = calls
        self.startElsewhere = startElsewhere
        self.inbox = inbox
        self.environment = environment
        self.running = running
    }

    /// What one start came to.
    struct Start {
        /// The task; it is still running `last` if that call awaited.
        let task: CallTask
        /// How many calls the task took, from the first.
        let taken: Int
        /// The last call taken.
        let last: PreparedCall
        /// How long each call that returned here took, from the first, in order (see `StartJudge`).
        let inlineTimes: [Duration]
    }

    /// Runs calls on this thread until one awaits, the budget is spent, or a handler starts elsewhere;
    /// the first call is always taken.
    func start() -> Start {
        guard #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) else {
            preconditionFailure("EagerBatch needs Task.immediate; check EagerBatch.isSupported")
        }
        launchingThread.store(Self.currentThread, ordering: .releasing)
        let task = CallTask.immediate { await self.runWhileInline() }
        launchingThread.store(0, ordering: .releasing)
        let taken = taken.load(ordering: .acquiring)
        return Start(
            task: task, taken: taken, last: calls[calls.startIndex + taken - 1],
            inlineTimes: inlineTimes.withLock { $0 })
    }

    private func runWhileInline() async {
        var position = calls.startIndex
        var last = calls[position].index
        var times: [Duration] = []
        let batchStart = environment.now
        repeat {
            let call = calls[position]
            if position > calls.startIndex, !startElsewhere.isEmpty, startElsewhere[call.context.handlerName] != nil { break }
            taken.store(position - calls.startIndex + 1, ordering: .releasing)
            last = call.index
            let began = environment.now
            let ended = await call.run(reportingTo: inbox, clock: environment)
            guard isInline else { break }
            times.append(ended - began)
            position += 1
            if ended - batchStart > Self.budget { break }
        } while position < calls.endIndex
        // Published once, not per call. After a suspension this comes too late for `start()`, which
        // then sees no times: the batch's inline calls go unjudged, which only delays setting aside.
        inlineTimes.withLock { $0 = times }
        running.taskReturned(last)
    }

    /// Whether this code runs inside `start()` on the launching thread, that is, has not suspended.
    /// After a suspension the task resumes on another thread, or on this one once `start()` returned.
    private var isInline: Bool {
        launchingThread.load(ordering: .acquiring) == Self.currentThread
    }

    private static var currentThread: UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }
}
