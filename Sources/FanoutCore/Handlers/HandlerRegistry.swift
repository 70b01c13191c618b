import Collections

/// The handlers a run may call, by name, in registration order.
public struct HandlerRegistry: Sendable {
    private var handlers: OrderedDictionary<String, any ToolHandler> = [:]

    /// A registry of `handlers`; a later one replaces an earlier one of the same name.
    public init(_ handlers: [any ToolHandler] = []) {
        for handler in handlers { register(handler) }
    }

    /// Adds `handler`, replacing one of the same name.
    public mutating func register(_ handler: any ToolHandler) {
        handlers[handler.name] = handler
    }

    /// Removes the handler called `name`; returns whether there was one.
    @discardableResult
    public mutating func unregister(_ name: String) -> Bool {
        handlers.removeValue(forKey: name) != nil
    }

    /// The handler called `name`.
    public subscript(name: String) -> (any ToolHandler)? {
        handlers[name]
    }

    /// All handler names, in registration order.
    public var names: [String] { Array(handlers.keys) }

    /// All handlers, in registration order.
    public var all: [any ToolHandler] { Array(handlers.values) }

    /// Whether it has no handlers.
    public var isEmpty: Bool { handlers.isEmpty }
}
