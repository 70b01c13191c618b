import OrderedCollections

/// A call ready to run: its handler, resolved arguments and context.
struct PreparedCall: Sendable {
    /// The handler's arguments: resolved, or plain values still to be turned into an object.
    enum Arguments: Sendable {
        case resolved(JSONObject)
        /// A call's arguments as given, none a reference.
        case values(OrderedDictionary<String, ArgumentValue>)

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
    func run() async -> CallOutcome {
        do {
            return .ok(try await handler.call(arguments: arguments.object, context: context))
        } catch let error as ToolError {
            return .error(error.message)
        } catch is CancellationError {
            return .error("cancelled")
        } catch {
            return .error("\(type(of: error)): \(error)")
        }
    }

    /// Runs the handler and posts its outcome; returns the time it ended.
    @discardableResult
    func run(reportingTo inbox: CompletionInbox<RunMessage>, clock environment: RunEnvironment) async -> Duration {
        let outcome = await run()
        let ended = environment.now
        inbox.post(.outcome(index: index, outcome, at: ended))
        return ended
    }
}
