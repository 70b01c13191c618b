import Foundation
import Synchronization

/// Async calls started on the launching thread, run one after another in a single task for as long
/// as each returns without awaiting: a call that never awaits needs no task of its own, so a batch
/// of such calls costs one task instead of one each (asyncio's eager tasks, taken one step further).
///
/// The task stops taking calls at the first that awaits (it carries on with that one alone, and the
/// launcher starts the rest elsewhere) and at a call of a handler already seen awaiting.
final class EagerBatch: Sendable {
    /// Whether this platform can start a task on the current thread (`Task.immediate`).
    static var isSupported: Bool {
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) { return true }
        return false
    }

    private let calls: ArraySlice<PreparedCall>
    /// Handlers seen awaiting: their calls start as ordinary tasks (see `RunOwner.runEagerly`).
    private let handlersThatAwait: Set<String>
    private let inbox: CompletionInbox<RunMessage>
    private let environment: RunEnvironment
    private let running: RunningTasks
    /// The launching thread while it waits in `start()`; 0 once it has returned. A call is taken only
    /// by code running on that thread at that time, that is, before the task first suspended.
    private let launchingThread = Atomic<UInt>(0)
    private let taken = Atomic<Int>(0)

    init(
        _ calls: ArraySlice<PreparedCall>, handlersThatAwait: Set<String>,
        inbox: CompletionInbox<RunMessage>, environment: RunEnvironment, running: RunningTasks
    ) {
        self.calls = calls
        self.handlersThatAwait = handlersThatAwait
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
    }

    /// Runs calls on this thread until one awaits or a handler seen awaiting comes; the first call is
    /// always taken.
    func start() -> Start {
        guard #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) else {
            preconditionFailure("EagerBatch needs Task.immediate; check EagerBatch.isSupported")
        }
        launchingThread.store(Self.currentThread, ordering: .releasing)
        let task = CallTask.immediate { await self.runWhileInline() }
        launchingThread.store(0, ordering: .releasing)
        let taken = taken.load(ordering: .acquiring)
        return Start(task: task, taken: taken, last: calls[calls.startIndex + taken - 1])
    }

    private func runWhileInline() async {
        var position = calls.startIndex
        var last = calls[position].index
        repeat {
            let call = calls[position]
            if position > calls.startIndex, !handlersThatAwait.isEmpty, handlersThatAwait.contains(call.context.handlerName) {
                break
            }
            taken.store(position - calls.startIndex + 1, ordering: .releasing)
            last = call.index
            await call.run(reportingTo: inbox, clock: environment)
            guard isInline else { break }
            position += 1
        } while position < calls.endIndex
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
