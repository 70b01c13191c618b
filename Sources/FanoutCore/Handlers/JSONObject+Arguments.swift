import Foundation

/// Typed access to a call's arguments. The getters do not coerce: a number is not a string, and a
/// string is not a number. Their errors are ``ToolError/invalidArguments(_:)`` errors that name the
/// argument, so a handler can let them propagate.
extension JSONObject {
    /// The argument `name`, of any type.
    public func required(_ name: String) throws(ToolError) -> JSONValue {
        guard let value = self[name] else { throw ToolError.invalidArguments("missing required argument '\(name)'") }
        return value
    }

    /// The string argument `name`.
    public func string(_ name: String) throws(ToolError) -> String {
        try typed(name, "string") { $0.stringValue }
    }

    /// The whole-number argument `name` (`3` or `3.0`).
    public func int(_ name: String) throws(ToolError) -> Int {
        try typed(name, "integer") { $0.intValue }
    }

    /// The numeric argument `name`.
    public func double(_ name: String) throws(ToolError) -> Double {
        try typed(name, "number") { $0.doubleValue }
    }

    /// The boolean argument `name`.
    public func bool(_ name: String) throws(ToolError) -> Bool {
        try typed(name, "boolean") { if case .bool(let value) = $0 { value } else { nil } }
    }

    /// The array argument `name`.
    public func array(_ name: String) throws(ToolError) -> [JSONValue] {
        try typed(name, "array") { $0.arrayValue }
    }

    /// The object argument `name`.
    public func object(_ name: String) throws(ToolError) -> JSONObject {
        try typed(name, "object") { $0.objectValue }
    }

    /// The arguments decoded into `type`, as `JSONDecoder` decodes JSON.
    ///
    /// ```swift
    /// struct Query: Decodable { var sql: String; var limit: Int? }
    /// let query = try arguments.decode(Query.self)
    /// ```
    public func decode<T: Decodable>(_ type: T.Type) throws(ToolError) -> T {
        do {
            return try JSONValue.object(self).decode(type)
        } catch let error as DecodingError {
            throw ToolError.invalidArguments(error.argumentMessage)
        } catch {
            throw ToolError.invalidArguments("\(error)")
        }
    }

    private func typed<T>(_ name: String, _ type: String, _ read: (JSONValue) -> T?) throws(ToolError) -> T {
        let value = try required(name)
        guard let typed = read(value) else {
            throw ToolError.invalidArguments("\(name): expected \(type), got \(JSONSchema.excerpt(value))")
        }
        return typed
    }
}

extension DecodingError {
    /// The problem as an argument error names it: `count: expected integer, got a string`.
    var argumentMessage: String {
        func place(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text
        }
        switch self {
        case .keyNotFound(let key, let context):
            let parent = place(context.codingPath)
            return parent.isEmpty ? "missing required argument '\(key.stringValue)'" : "\(parent): missing required property '\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "\(place(context.codingPath)): expected \(Self.jsonName(of: type))"
        case .valueNotFound(let type, let context):
            return "\(place(context.codingPath)): expected \(Self.jsonName(of: type)), got null"
        case .dataCorrupted(let context):
            let path = place(context.codingPath)
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }

    private static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: return "string"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type: return "integer"
        case is Double.Type, is Float.Type: return "number"
        case is Bool.Type: return "boolean"
        default: return "\(type)"
        }
    }
}
