import Foundation
import Synchronization

/// A run in progress: its event stream, a way to cancel it, and its report when it ends.
///
/// ```swift
/// let run = executor.start(calls, options: ExecutionOptions(strategy: .gather))
/// for await event in run.events { print(event.jsonLine) }
/// let report = await run.report
/// ```
public final class ExecutionRun: Sendable {
    /// Every event of the run, a round at a time, in time order: `run_started` first, `run_finished`
    /// last. One hand-over per round instead of per event: the way for consumers of many events.
    /// Read either this or ``events``, not both: each event is delivered once.
    public let eventBatches: AsyncStream<[ExecutionEvent]>
    private let task: Task<RunReport, Never>
    private let inbox: CompletionInbox<RunMessage>
    private let flattened = Mutex<AsyncStream<ExecutionEvent>?>(nil)

    init(eventBatches: AsyncStream<[ExecutionEvent]>, task: Task<RunReport, Never>, inbox: CompletionInbox<RunMessage>) {
        self.eventBatches = eventBatches
        self.task = task
        self.inbox = inbox
    }

    /// Every event of the run, one at a time, in time order: `run_started` first, `run_finished` last.
    /// The stream buffers without limit, so a slow reader never loses an event.
    public var events: AsyncStream<ExecutionEvent> {
        flattened.withLock { stream in
            if let stream { return stream }
            let (events, continuation) = AsyncStream.makeStream(of: ExecutionEvent.self, bufferingPolicy: .unbounded)
            let batches = eventBatches
            Task {
                for await batch in batches {
                    for event in batch { continuation.yield(event) }
                }
                continuation.finish()
            }
            stream = events
            return events
        }
    }

    /// Cancels the run: running calls end `cancelled` at once, nothing new starts, and every call
    /// still gets its `call_finished` event.
    public func cancel() {
        inbox.post(.cancelRun(reason: RunOwner.runCancelled))
    }

    /// The report, once the run has ended. Cancelling the waiting task cancels the run.
    public var report: RunReport {
        get async {
            await withTaskCancellationHandler {
                await task.value
            } onCancel: {
                cancel()
            }
        }
    }
}

/// What a run's tasks tell its owner.
enum RunMessage: Sendable {
    /// A call's handler returned, threw, or ran past its deadline.
    case outcome(index: Int, CallOutcome, at: Duration)
    /// A running call's handler reported progress (see ``ToolContext/progress(_:_:)``). Boxed, so
    /// that the outcomes every run carries stay their own size.
    indirect case progress(call: String, fraction: Double?, message: String?, at: Duration)
    /// Stop the run; running and waiting calls end `cancelled` with `reason`.
    case cancelRun(reason: String)
    /// What is left where a message was taken out of a batch.
    case taken

    /// Moves the outcome out, leaving `.taken`: a copy would retain its output, which was made on
    /// another thread.
    mutating func takeOutcome() -> CallOutcome? {
        switch consume self {
        case .outcome(_, let outcome, _):
            self = .taken
            return outcome
        case let other:
            self = other
            return nil
        }
    }
}

/// What a call's own work came to.
enum CallOutcome: Sendable {
    case ok(JSONValue)
    case error(String, ErrorKind)
    case timeout(Duration)

    /// The outcome of a handler that threw `error`. Not inlined: the casts and the interpolation stay
    /// out of the frame of the call's task (see ``PreparedCall/run()``).
    @inline(never)
    /// The message of an error a handler threw: a ``ToolError``'s own, else the error's type and its
    /// best description (a `LocalizedError`'s, an `NSError`'s, else the error printed).
    init(thrown error: any Error) {
        switch error {
        case let error as ToolError: self = .error(error.message, error.kind)
        // A call the run cancelled ends `cancelled` whatever its handler throws: this one was not.
        case is CancellationError: self = .error("CancellationError: the handler threw it, though its call was not cancelled", .handlerError)
        // Foundation's file errors: the description, and the system's reason with the path.
        case _ where (error as NSError).domain == NSCocoaErrorDomain:
            let error = error as NSError
            let underlying = (error.userInfo[NSUnderlyingErrorKey] as? any Error).map { underlying in
                let underlying = underlying as NSError
                return underlying.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(underlying.code))) : underlying.localizedDescription
            }
            let detail = [error.userInfo[NSFilePathErrorKey] as? String, underlying].compactMap { $0 }.joined(separator: ": ")
            self = .error("\(error.localizedDescription)" + (detail.isEmpty ? "" : " (\(detail))"), .handlerError)
        case let error as LocalizedError where error.errorDescription != nil:
            self = .error("\(type(of: error)): \(error.errorDescription ?? "")", .handlerError)
        // Checked on the thrown value's own type: any Swift error bridges to an NSError.
        case _ where type(of: error) is NSError.Type:
            let error = error as NSError
            self = .error("\(error.domain) error \(error.code): \(error.localizedDescription)", .handlerError)
        default: self = .error("\(type(of: error)): \(error)", .handlerError)
        }
    }

    /// Fills in `result` with this outcome, moving the output in.
    consuming func fill(_ result: inout CallResult, endedAt time: Duration) {
        result.finishedAt = time
        switch consume self {
        case .ok(let output): result.output = output
        case .error(let message, let kind):
            result.error = message
            result.errorKind = kind
        case .timeout(let limit): result.error = "timed out after \(limit.shortText)"
        }
    }

    var status: CallStatus {
        switch self {
        case .ok: return .ok
        case .error: return .error
        case .timeout: return .timeout
        }
    }

    /// Ties at one instant go to a result over its deadline: a call that finished exactly on time made
    /// it. Outcomes of the same instant are ordered by these ranks.
    static let resultRank = 0
    static let timeoutRank = 1
}
