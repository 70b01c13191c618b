/// A handler made from a closure: the quickest way to give the executor an async function.
///
/// ```swift
/// let weather = Tool("get_weather", description: "Current weather",
///                    parameters: .object(["location": .string()], required: ["location"])) { arguments, context in
///     try await fetchWeather(for: try arguments.string("location"))
/// }
/// ```
///
/// For a blocking body use ``BlockingTool``: a closure's kind always matches its body.
public struct Tool: ToolHandler {
    /// The name the model calls it by.
    public let name: String
    /// What it does, for the model's tool definition.
    public let description: String
    /// Its arguments, checked before the closure runs.
    public let parameters: JSONSchema
    /// Its own timeout, which wins over the run's.
    public let timeout: Duration?
    private let body: @Sendable (JSONObject, ToolContext) async throws -> JSONValue

    /// A handler called `name` that runs `body`.
    public init(
        _ name: String, description: String = "", parameters: JSONSchema = .any, timeout: Duration? = nil,
        _ body: @escaping @Sendable (JSONObject, ToolContext) async throws -> JSONValue
    ) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.timeout = timeout
        self.body = body
    }

    /// Runs the closure.
    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        try await body(arguments, context)
    }
}

/// A handler made from a synchronous closure that blocks its thread (`sync`) or keeps a core busy
/// (`cpu`); see ``BlockingToolHandler`` for where it runs.
///
/// ```swift
/// let query = BlockingTool("query_legacy_database", parameters: .object(["sql": .string()], required: ["sql"])) { arguments, _ in
///     try legacyDriver.query(try arguments.string("sql"))
/// }
/// ```
public struct BlockingTool: BlockingToolHandler {
    /// How a blocking body spends its time.
    public enum Kind: Sendable {
        /// It waits on something (a driver, a file, `Thread.sleep`).
        case sync
        /// It computes.
        case cpu
    }

    /// The name the model calls it by.
    public let name: String
    /// What it does, for the model's tool definition.
    public let description: String
    /// Its arguments, checked before the closure runs.
    public let parameters: JSONSchema
    /// Its own timeout, which wins over the run's.
    public let timeout: Duration?
    /// `sync` or `cpu`, as made.
    public let kind: HandlerKind
    private let body: @Sendable (JSONObject, ToolContext) throws -> JSONValue

    /// A blocking handler called `name` of kind `kind` that runs `body`.
    public init(
        _ name: String, kind: Kind = .sync, description: String = "", parameters: JSONSchema = .any, timeout: Duration? = nil,
        _ body: @escaping @Sendable (JSONObject, ToolContext) throws -> JSONValue
    ) {
        self.name = name
        self.kind = kind == .sync ? .sync : .cpu
        self.description = description
        self.parameters = parameters
        self.timeout = timeout
        self.body = body
    }

    /// Runs the closure, blocking the thread it is given.
    public func callBlocking(arguments: JSONObject, context: ToolContext) throws -> JSONValue {
        try body(arguments, context)
    }
}
