/// A handler whose body is a plain synchronous function: a blocking driver, `Thread.sleep`, a C call.
///
/// The executor runs it where its ``ToolHandler/kind`` says: on the offload pool under `offload thread` (the
/// default), so it never blocks Swift's cooperative threads, or inline, the pitfall. Its kind is
/// `sync` unless it says `cpu`.
///
/// ```swift
/// struct QueryLegacyDatabase: BlockingToolHandler {
///     let name = "query_legacy_database"
///     let parameters = JSONSchema.object(["sql": .string()], required: ["sql"])
///
///     func callBlocking(arguments: JSONObject, context: ToolContext) throws -> JSONValue {
///         let rows = try legacyDriver.query(try arguments.string("sql"))  // blocks its thread
///         return ["rows": .int(rows.count)]
///     }
/// }
/// ```
///
/// On the virtual clock the body runs at once, in no virtual time: real blocking would stop the
/// simulation. Blocking handlers that should take simulated time use ``ToolContext/blockThread(for:)``
/// from an async ``ToolHandler`` of kind `sync` instead.
public protocol BlockingToolHandler: ToolHandler {
    /// Runs the call, blocking the thread it is given. A thrown error becomes the call's `error` result.
    func callBlocking(arguments: JSONObject, context: ToolContext) throws -> JSONValue
}

extension BlockingToolHandler {
    /// `sync`, unless the handler says `cpu`.
    public var kind: HandlerKind { .sync }

    /// Runs ``callBlocking(arguments:context:)`` on the thread the executor gives the call.
    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        try callBlocking(arguments: arguments, context: context)
    }
}
