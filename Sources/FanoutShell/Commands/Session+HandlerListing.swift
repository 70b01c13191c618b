import FanoutCore
import FanoutMCP
import FanoutSimulation
import FanoutTools

extension Session {
    /// `handlers`: every handler, a line each; `handlers NAME`: one handler's description and parameters.
    func listHandlers(_ arguments: [Word]) throws(CommandError) {
        try expectAtMostOneArgument(arguments, for: .handlers)
        if let word = arguments.first {
            guard let handler = registry[word.text] else {
                let hint = Suggestions.didYouMean(word.text, in: registry.names)
                throw CommandError("no handler '\(word.text)'\(hint); see handlers", column: word.column)
            }
            presentation.format == .jsonl ? emit(Session.handlerJSON(handler).jsonText) : describe(handler)
            return
        }
        if presentation.format == .jsonl {
            emit(JSONValue.object(["event": "handlers", "handlers": .array(registry.all.map(Session.handlerJSON))]).jsonText)
            return
        }
        guard !registry.isEmpty else {
            say("no handlers yet: load the lesson's with demo SET (demo lists them), or add one with register NAME latency=1s")
            return
        }
        var table = TextTable(header: ["name", "kind", "latency", "timeout", "fail", "parameters"])
        for handler in registry.all {
            table.rows.append([
                handler.name, Session.kindColumn(of: handler), handler.latency?.shortText ?? "-",
                handler.timeout?.shortText ?? "-", Session.failure(of: handler), Session.parameterList(handler.parameters),
            ])
        }
        table.lines.forEach(say)
        for case let real as any ExternalToolHandler in registry.all {
            say("\(real.name) runs \(real.template)")
        }
    }

    /// `async`, `sync` or `cpu`; `exec`, `http` or `mcp` for a handler that reaches outside.
    private static func kindColumn(of handler: any ToolHandler) -> String {
        switch handler {
        case is ExecHandler: return "exec"
        case is MCPToolHandler: return "mcp"
        case is any ExternalToolHandler: return "http"
        default: return handler.kind.rawValue
        }
    }

    private func describe(_ handler: any ToolHandler) {
        var facts = [Session.kindColumn(of: handler)]
        if !Session.runsOnRealClockOnly(handler) { facts.append(handler.latency?.shortText ?? "latency unknown") }
        if let timeout = handler.timeout { facts.append("timeout \(timeout.shortText)") }
        let failure = Session.failure(of: handler)
        if failure != "-" { facts.append("fail \(failure)") }
        if let policy = handler.retryPolicy {
            facts.append("retries \(policy.maxRetries), backoff \(Session.backoffText(policy.initialBackoff...policy.maximumBackoff))")
        }
        if handler.isSerial { facts.append("serial") }
        if handler.needsApproval { facts.append("asks before each call") }
        say("\(handler.name)  \(facts.joined(separator: ", "))")
        if let tool = handler as? MCPToolHandler {
            let server = tool.client.server
            say("MCP tool \(tool.tool.name) of \(tool.client.name) (server \(server.name) \(server.version), pid \(tool.client.pid)); runs on the real clock only")
            if let note = tool.schemaNote { say("note: \(note)") }
        }
        if let real = handler as? any ExternalToolHandler {
            say("runs \(real.kindOfTool): \(real.template); on the real clock only")
        }
        if !handler.description.isEmpty { say(handler.description) }
        let schema = handler.parameters
        guard !schema.acceptsAnything else {
            say("parameters: any arguments")
            return
        }
        let required = Set(schema.requiredNames)
        var table = TextTable(header: [])
        for name in schema.propertyNames {
            guard let property = schema.property(name) else { continue }
            let need = required.contains(name) ? "required" : property.defaultValue == nil ? "optional" : ""
            table.rows.append(["  " + name, property.summary, need, property.description ?? ""])
        }
        say("parameters" + (schema.allowsAdditionalProperties ? " (others allowed too)" : ""))
        table.lines.dropFirst().forEach(say)
    }

    /// `topic: string, count: integer = 3`; `?` marks an optional parameter without a default.
    static func parameterList(_ schema: JSONSchema) -> String {
        if schema.acceptsAnything { return "any" }
        let required = Set(schema.requiredNames)
        let names = schema.propertyNames
        guard !names.isEmpty else { return schema.allowsAdditionalProperties ? "any" : "none" }
        return names.map { name in
            guard let property = schema.property(name) else { return name }
            let optional = !required.contains(name) && property.defaultValue == nil ? "?" : ""
            return "\(name)\(optional): \(property.summary)"
        }.joined(separator: ", ")
    }

    /// How a simulated handler is set to fail; `-` when it is not (every other handler).
    private static func failure(of handler: any ToolHandler) -> String {
        guard let simulated = handler as? SimulatedHandler, simulated.spec.failure != .never else { return "-" }
        return simulated.spec.failure.description
    }

    /// A handler as `handlers` prints it under `--format jsonl`.
    static func handlerJSON(_ handler: any ToolHandler) -> JSONValue {
        var object: JSONObject = ["name": .string(handler.name), "kind": .string(handler.kind.rawValue)]
        object["latency_ms"] = handler.latency.map(milliseconds) ?? .null
        object["timeout_ms"] = handler.timeout.map(milliseconds) ?? .null
        if let real = handler as? any ExternalToolHandler { object["runs"] = .string(real.template) }
        object["description"] = .string(handler.description)
        object["parameters"] = handler.parameters.json
        return .object(object)
    }

    private static func milliseconds(_ duration: Duration) -> JSONValue {
        let value = duration.milliseconds
        return value.rounded() == value ? .int(Int(value)) : .double(value)
    }
}
