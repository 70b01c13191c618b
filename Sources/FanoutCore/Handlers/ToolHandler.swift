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
///     func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
///         let location = try arguments.requiredString("location")
///         try await context.sleep(for: .seconds(1))
///         return ["location": .string(location), "temperature": 22]
///     }
/// }
/// ```
///
/// `sync` and `cpu` handlers run on the offload pool by default, so blocking inside ``call(arguments:context:)``
/// does not stall Swift's cooperative threads. Use the context's clock operations (``ToolContext/sleep(for:)``,
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
    /// The argument names it understands, for completion and help.
    var parameters: [String] { get }
    /// A one-line description.
    var summary: String { get }

    /// Runs the call. A thrown error becomes the call's `error` result.
    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue
}

extension ToolHandler {
    public var kind: HandlerKind { .async }
    public var timeout: Duration? { nil }
    public var latency: Duration? { nil }
    public var parameters: [String] { [] }
    public var summary: String { "" }
}

/// An error a handler throws to fail its call with a readable message.
public struct ToolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message as the result will show it, e.g. `ConnectionError: reset`.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension JSONObject {
    /// The argument `name`, or a ``ToolError`` naming it when it is missing.
    public func required(_ name: String) throws -> JSONValue {
        guard let value = self[name] else { throw ToolError("missing argument '\(name)'") }
        return value
    }

    /// The string argument `name`; numbers and booleans are accepted as their text.
    public func requiredString(_ name: String) throws -> String {
        switch try required(name) {
        case .string(let text): return text
        case .int, .double, .bool: return self[name]!.jsonText
        case let other: throw ToolError("argument '\(name)' must be a string, not \(other.typeDescription)")
        }
    }
}
