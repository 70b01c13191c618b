/// A call ready to run: its handler, resolved arguments and context.
struct PreparedCall: Sendable {
    let index: Int
    let handler: any ToolHandler
    let arguments: JSONObject
    let context: ToolContext

    /// Runs the handler and turns whatever it returns or throws into an outcome.
    func run() async -> CallOutcome {
        do {
            return .ok(try await handler.call(arguments: arguments, context: context))
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
