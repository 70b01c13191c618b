import FanoutCore

extension PythonProgram {
    /// A coroutine function per call, then `CALLS`, the calls in queue order.
    var callSection: String {
        var parts = calls.map(function(for:))
        var table = ["CALLS = {"]
        for call in calls {
            table.append("    \(JSONValue.quoted(call.id)): (\(JSONValue.quoted(call.name)), \(callFunction(call))),")
        }
        table.append("}")
        table.append("tasks: dict[str, asyncio.Task] = {}")
        if options.strategy == .taskgroup { table.append("failures: list[asyncio.Task] = []") }
        parts.append(table.joined(separator: "\n"))
        return parts.joined(separator: "\n\n\n")
    }

    func callFunction(_ call: ToolCall) -> String {
        names.callFunctions[call.id] ?? PythonSource.identifier(from: call.id)
    }

    /// `async def call_4(): …`: waits for the calls it refers to, then runs, or ends as fanout ends it.
    private func function(for call: ToolCall) -> String {
        var lines = ["async def \(callFunction(call))():"]
        let locals = dependencyLocals(of: call)
        for id in call.dependencies {
            let uses = call.arguments.values.compactMap { argument -> String? in
                if case .reference(let reference) = argument, reference.callID == id { return reference.text }
                return nil
            }
            let used = uses.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let name = callsByID[id]?.name ?? id
            lines.append("    # \(used.joined(separator: ", ")): the result of \(id) (\(name))")
            lines.append("    \(locals[id] ?? id) = await result_of(\(JSONValue.quoted(id)))")
        }
        if let problem = problem(of: call) {
            lines.append("    # \(problem.why)")
            lines.append("    raise CallError(\"error\", \(JSONValue.quoted(problem.message)))")
            return lines.joined(separator: "\n")
        }
        let entries = arguments(of: call, locals: locals)
        let head = "\(JSONValue.quoted(call.id)), \(JSONValue.quoted(call.name)), "
        let tail = timeout(of: call).map { ", timeout=\(PythonSource.seconds($0))" } ?? ""
        let inside = head + "{" + entries.joined(separator: ", ") + "}" + tail
        let opening = "    return await execute("
        // One line if it fits; else the arguments on a line of their own; else an entry a line.
        if opening.count + inside.count + 1 <= PythonSource.lineWidth {
            lines.append(opening + inside + ")")
        } else if 8 + inside.count <= PythonSource.lineWidth || entries.count < 2 {
            lines += [opening, "        " + inside, "    )"]
        } else {
            lines.append(opening + head + "{")
            lines += entries.map { "        " + $0 + "," }
            lines.append("    }" + tail + ")")
        }
        return lines.joined(separator: "\n")
    }

    /// Why fanout ends a call with an error before its handler runs, if it does: what a comment
    /// says, and fanout's message.
    private func problem(of call: ToolCall) -> (why: String, message: String)? {
        guard let handler = handler(named: call.name) else {
            let hint = Suggestions.didYouMean(call.name, in: registryNames)
            return ("fanout has no handler \(call.name): the call ends with an unknown_tool error.",
                    "unknown function '\(call.name)'\(hint)")
        }
        if let problem = call.argumentsError {
            return ("fanout could not read the model's arguments as a JSON object.", problem)
        }
        guard let message = call.argumentsProblem(against: handler.parameters) else { return nil }
        return ("fanout checks the arguments against \(call.name)'s parameters before calling it.", message)
    }

    /// The arguments as `"key": value` entries: literals, references read from the awaited results
    /// and, for a registered handler, its parameters' defaults, as fanout fills them in.
    private func arguments(of call: ToolCall, locals: [String: String]) -> [String] {
        var entries: [String] = []
        for (key, argument) in call.arguments {
            switch argument {
            case .value(let value):
                entries.append(JSONValue.quoted(key) + ": " + PythonSource.literal(value))
            case .reference(let reference):
                let local = locals[reference.callID] ?? reference.callID
                entries.append(JSONValue.quoted(key) + ": " + PythonSource.subscripts(local, reference.path))
            }
        }
        if let handler = handler(named: call.name), handler.fillsDefaults,
           let properties = handler.parameters.json.objectValue?["properties"]?.objectValue {
            for (name, schema) in properties where call.arguments[name] == nil {
                if let value = schema.objectValue?["default"] {
                    entries.append(JSONValue.quoted(name) + ": " + PythonSource.literal(value))
                }
            }
        }
        return entries
    }

    /// A local variable for each call this one refers to: the call's alias when Python can use it
    /// (`orders`), else `call_2_result`.
    private func dependencyLocals(of call: ToolCall) -> [String: String] {
        var locals: [String: String] = [:]
        var used: Set<String> = ["execute", "result_of", "CallError"]
        for id in call.dependencies {
            let alias = callsByID[id]?.alias
            var name = alias.flatMap { PythonSource.isIdentifier($0) && !used.contains($0) ? $0 : nil }
                ?? PythonSource.identifier(from: id + "_result")
            while used.contains(name) { name += "_" }
            used.insert(name)
            locals[id] = name
        }
        return locals
    }
}
