import FanoutCore
@testable import FanoutShell

/// A tool's parameter schema (the first line, JSON) and a call's arguments (the rest, JSON): the
/// schema checked as `register` and MCP tools check it, then the arguments validated against it.
enum SchemaTarget {
    static func run(_ text: String) {
        let (schemaText, valueText) = split(text)
        guard let schemaJSON = try? JSONParser.parse(String(schemaText)) else { return }
        let schema: JSONSchema
        do throws(JSONSchemaError) {
            schema = try JSONSchema(schemaJSON)
        } catch {
            _ = error.description
            return
        }
        _ = schema.summary
        for name in schema.propertyNames { _ = schema.property(name)?.summary }
        guard let value = try? JSONParser.parse(String(valueText)) else { return }
        let found = schema.violations(of: value)
        precondition(schema.accepts(value) == found.isEmpty, "accepts disagrees with violations")
        guard let arguments = value.objectValue else { return }
        _ = schema.argumentsProblem(arguments)
        _ = schema.argumentsProblem(arguments, pending: Set(arguments.keys.prefix(1)))
        _ = schema.fillingDefaults(of: arguments)
        let call = ToolCall(id: "call_1", name: "tool", values: arguments)
        _ = call.argumentsProblem(against: schema)
    }

    /// The text before the first newline, and the text after it.
    private static func split(_ text: String) -> (Substring, Substring) {
        guard let newline = text.firstIndex(of: "\n") else { return (text[...], "") }
        return (text[..<newline], text[text.index(after: newline)...])
    }
}
