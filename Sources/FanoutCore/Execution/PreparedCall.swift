import OrderedCollections

/// A call ready to run: its handler, resolved arguments and context.
struct PreparedCall: Sendable {
    /// The handler's arguments: resolved, or plain values still to be turned into an object.
    enum Arguments: Sendable {
        case resolved(JSONObject)
        /// A call's arguments as given, none a reference.
        case values(CallArguments)

        var object: JSONObject {
            switch self {
            case .resolved(let object):
                return object
            case .values(let values):
                // The names are kept as they are: no hashing them again.
                return values.mapValues { argument in
                    if case .value(let value) = argument { value } else { .null }
                }
            }
        }
    }

    let index: Int
    let handler: any ToolHandler
    let arguments: Arguments
    let context: ToolContext

    /// Runs the handler and turns whatever it returns or throws into an outcome.
    ///
    /// This and the two below are inlined into the call's task, which runs them: each async function
    /// is a frame on the task's own allocator, held while the handler waits. That allocator takes
    /// memory in 1 KiB slabs, each a malloc and a free; kept small, the frames of a call whose handler
    /// sleeps fit in one slab, as a bare task's doing the same sleep do (see docs/performance.md).
    @inline(__always)
    func run() async -> CallOutcome {
        do {
            return CallOutcome(returned: try await handler.call(arguments: arguments.object, context: context))
        } catch {
            return CallOutcome(thrown: error)
        }
    }

    /// What the task of this call does: runs it and reports its outcome, then lets go of its slot.
    @inline(__always)
    func runAsTask(reportingTo inbox: CompletionInbox<RunMessage>, clock environment: RunEnvironment, running: RunningTasks) async {
        defer { running.taskReturned(index) }
        // Ended while waiting for a thread (see RunEnvironment.launch): nothing to run or report.
        guard !Task.isCancelled else { return }
        await run(reportingTo: inbox, clock: environment)
    }

    /// Runs the handler and posts its outcome; returns the time it ended.
    @discardableResult @inline(__always)
    func run(reportingTo inbox: CompletionInbox<RunMessage>, clock environment: RunEnvironment) async -> Duration {
        report(await run(), to: inbox, clock: environment)
    }

    /// Posts `outcome`; returns the time it ended. Kept out of the async caller, whose frame (on the
    /// task's allocator, held while the handler waits) would otherwise hold the message too.
    @inline(never)
    private func report(_ outcome: consuming CallOutcome, to inbox: CompletionInbox<RunMessage>, clock environment: RunEnvironment) -> Duration {
        let ended = environment.now
        inbox.post(.outcome(index: index, outcome, at: ended))
        return ended
    }
}
