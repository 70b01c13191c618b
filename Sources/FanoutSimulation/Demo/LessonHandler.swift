import FanoutCore

/// One of the lesson's example functions: its name, parameters and defaults, kind, latency and output,
/// as the lesson's Python defines them, with that Python for `export python`.
///
/// Its output depends only on its arguments (after the schema's defaults are filled in), as the
/// lesson's simulated functions' do.
public struct LessonHandler: ToolHandler {
    /// The lesson's name for it.
    public let name: String
    /// `async`, or `sync` and `cpu` for the lesson's `def`s.
    public let kind: HandlerKind
    /// Its docstring, or what the lesson says it does.
    public let description: String
    /// Its Python signature as a schema: types, defaults, required.
    public let parameters: JSONSchema
    /// How long a call takes: awaited, blocked or computed, as ``kind`` says.
    public let duration: Duration
    /// The function as the lesson writes it (`async def …` or `def …`), for `export python`.
    public let python: String
    private let output: @Sendable (JSONObject) throws -> JSONValue

    init(
        _ name: String, kind: HandlerKind = .async, latency: Duration, description: String,
        parameters: JSONSchema, python: String, output: @escaping @Sendable (JSONObject) throws -> JSONValue
    ) {
        self.name = name
        self.kind = kind
        self.duration = latency
        self.description = description
        self.parameters = parameters
        self.python = python
        self.output = output
    }

    /// Its ``duration``.
    public var latency: Duration? { duration }

    /// Spends its duration as its kind does, then returns the lesson's output.
    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        // As the lesson's functions do: first the wait, then the result (which may fail, as a
        // `KeyError` in Python would).
        try await context.spend(duration, as: kind)
        return try output(arguments)
    }
}

extension JSONObject {
    /// The argument `name` as the handler's schema guarantees it: present, or filled in from a default.
    func argument(_ name: String) -> JSONValue {
        self[name] ?? .null
    }
}
