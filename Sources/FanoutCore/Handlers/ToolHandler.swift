/// How a handler spends its time, which decides where the executor runs it.
public enum HandlerKind: String, Sendable, CaseIterable {
    /// Awaits (network, timers) and never blocks a thread.
    case async
    /// Blocks its thread for its latency, like `time.sleep` or a blocking driver.
    case sync
    /// Keeps a core busy for its work time.
    case cpu
}

/// A function the model may call. Implement it in plain Swift and register it.
///
/// ```swift
/// struct GetWeather: ToolHandler {
///     let name = "get_weather"
///     let description = "Current weather for a location"
///     let parameters = JSONSchema.object(["location": .string("A city")], required: ["location"])
///
///     func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
///         let location = try arguments.string("location")
///         try await context.sleep(for: .seconds(1))
///         return ["location": .string(location), "temperature": 22]
///     }
/// }
/// ```
///
/// The executor validates a call's arguments against ``parameters`` before the handler runs (an
/// invalid call ends `error` with kind `invalid_arguments`, and the handler is not called) and fills
/// in the schema's defaults for arguments the call leaves out.
///
/// `sync` and `cpu` handlers run on the offload pool by default, so blocking inside ``call(arguments:context:)``
/// does not stall Swift's cooperative threads; ``BlockingToolHandler`` and ``BlockingTool`` take a plain
/// synchronous body. Use the context's clock operations (``ToolContext/sleep(for:)``,
/// ``ToolContext/blockThread(for:)``, ``ToolContext/burnCPU(for:)``) for simulated time: they follow the run's
/// clock, so the same handler runs on the real and the virtual clock.
public protocol ToolHandler: Sendable {
    /// The name the model calls it by.
    var name: String { get }
    /// Where it runs; `.async` unless stated.
    var kind: HandlerKind { get }
    /// Its own timeout, which wins over the run's; `nil` for none.
    var timeout: Duration? { get }
    /// Its nominal latency, for listings and plans; `nil` when unknown.
    var latency: Duration? { get }
    /// Its arguments as a JSON Schema object; ``JSONSchema/any`` (the default) accepts any arguments.
    var parameters: JSONSchema { get }
    /// What it does, for the model's tool definition and for listings.
    var description: String { get }
    /// Whether its calls must never overlap each other (a stateful tool); other handlers' calls
    /// still run beside them. `false` unless stated.
    var isSerial: Bool { get }
    /// How its failed calls are tried again; `nil` (the default) for the run's
    /// ``ExecutionOptions/retries``.
    var retryPolicy: RetryPolicy? { get }
    /// Whether each call waits for a yes from ``Executor/approval`` before it runs (a tool that
    /// deletes, pays or sends); a call it refuses ends `error` with kind `denied`. `false` unless stated.
    var needsApproval: Bool { get }

    /// Runs the call. A thrown error becomes the call's `error` result (see ``ToolError``).
    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue
}

extension ToolHandler {
    /// `.async`: a handler awaits unless it says otherwise.
    public var kind: HandlerKind { .async }
    /// No timeout of its own.
    public var timeout: Duration? { nil }
    /// Latency unknown.
    public var latency: Duration? { nil }
    /// Any arguments.
    public var parameters: JSONSchema { .any }
    /// No description.
    public var description: String { "" }
    /// Calls may overlap.
    public var isSerial: Bool { false }
    /// The run's retry policy.
    public var retryPolicy: RetryPolicy? { nil }
    /// Runs without asking.
    public var needsApproval: Bool { false }
}
