import Foundation

/// A run in progress: its event stream, a way to cancel it, and its report when it ends.
///
/// ```swift
/// let run = try executor.start(calls, options: ExecutionOptions(strategy: .gather))
/// for await event in run.events { print(event.jsonLine) }
/// let report = await run.report
/// ```
public final class ExecutionRun: Sendable {
    /// Every event of the run, in time order: `run_started` first, `run_finished` last.
    ///
    /// One stream, for one loop: the first iteration gets every event, and any other iteration ends at
    /// once, without events (a loop that breaks off early gives up the rest). To feed several views
    /// (a progress display, a log, a file), iterate once and hand each event to each view. The run
    /// goes on whether or not anyone reads its events; those not read yet are kept, without limit.
    public let events: Events
    private let task: Task<RunReport, Never>
    private let inbox: CompletionInbox<RunMessage>

    init(eventBatches: AsyncStream<[ExecutionEvent]>, task: Task<RunReport, Never>, inbox: CompletionInbox<RunMessage>) {
        events = Events(batches: eventBatches)
        self.task = task
        self.inbox = inbox
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
    /// A failed call's wait before its next attempt (0 for the first) is over.
    case retryDue(index: Int, attempt: Int)
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

    /// The outcome of a handler that returned `output`: an error when the output nests deeper than
    /// JSON text may (``JSONParser/maximumDepth``), so that no value a run keeps is one the shell could
    /// not read back, nor one whose printing or freeing takes a deep stack. Not inlined, as above.
    @inline(never)
    init(returned output: consuming JSONValue) {
        guard output.isNested() else {
            self = .ok(output)
            return
        }
        self = .error("the result nests arrays and objects more than \(JSONParser.maximumDepth) levels deep, "
            + "the most fanout keeps: return a flatter value", .handlerError)
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

    /// The error's kind, when the outcome is an error.
    var errorKind: ErrorKind? {
        if case .error(_, let kind) = self { kind } else { nil }
    }

    /// What went wrong, as the result's error would say it; `nil` for a success.
    var failureMessage: String? {
        switch self {
        case .ok: return nil
        case .error(let message, _): return message
        case .timeout(let limit): return "timed out after \(limit.shortText)"
        }
    }

    /// Ties at one instant go to a result over its deadline: a call that finished exactly on time made
    /// it. Outcomes of the same instant are ordered by these ranks.
    static let resultRank = 0
    static let timeoutRank = 1
}
