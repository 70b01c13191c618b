@testable import FanoutCore
import FanoutSimulation

/// Builds a simulated handler for tests.
func handler(
    _ name: String, _ kind: HandlerKind = .async, latency: Duration = .seconds(1),
    failure: FailureMode = .never, error: String? = nil, timeout: Duration? = nil
) -> SimulatedHandler {
    SimulatedHandler(name: name, spec: HandlerSpec(kind: kind, latency: latency, failure: failure, error: error, timeout: timeout))
}

/// A call with plain arguments.
func call(_ id: String, _ name: String, _ values: JSONObject = [:]) -> ToolCall {
    ToolCall(id: id, name: name, values: values)
}

/// Runs `calls` on the virtual clock and returns the report and every event.
func runVirtual(
    _ calls: [ToolCall], handlers: [any ToolHandler], options: ExecutionOptions = ExecutionOptions()
) async throws -> (report: RunReport, events: [ExecutionEvent]) {
    var options = options
    options.clock = .virtual
    let run = try Executor(handlers: HandlerRegistry(handlers)).start(calls, options: options)
    var events: [ExecutionEvent] = []
    for await event in run.events { events.append(event) }
    return (await run.report, events)
}

extension RunReport {
    subscript(id: String) -> CallResult { result(for: id)! }
}

extension Duration {
    static func ms(_ value: Int) -> Duration { .milliseconds(value) }
}
