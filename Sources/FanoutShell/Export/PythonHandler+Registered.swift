import FanoutCore
import FanoutSimulation

/// The function of a handler made with `register`, written from its spec.
extension PythonHandler {
    /// The statement raising `error` so that the lesson's `f"{type(e).__name__}: {e}"` reads it
    /// back: `raise ConnectionError("reset")` for `ConnectionError: reset`, with a class of its own
    /// for a name Python lacks. Text of another shape is raised as fanout's own words.
    static func raiseStatement(_ error: String, names: inout PythonNames) -> (String, String?) {
        if let colon = error.range(of: ": "), !error[colon.upperBound...].isEmpty {
            let name = String(error[..<colon.lowerBound])
            let message = JSONValue.quoted(String(error[colon.upperBound...]))
            if PythonSource.plainBuiltinExceptions.contains(name) {
                return ("raise \(name)(\(message))", nil)
            }
            if names.isFree(name), names.claimExactly(name) {
                return ("raise \(name)(\(message))", name)
            }
        }
        return ("raise CallError(\"error\", \(JSONValue.quoted(error)))", nil)
    }

    /// `async def NAME(**arguments)` (or `def`, for sync and cpu kinds): waits as its kind does, then
    /// raises or returns its `returns` template filled in (the arguments themselves without one).
    /// With `drawsPerAttempt`, its draws come from the seed of the attempt (see `CALL_SEED`).
    static func source(of handler: SimulatedHandler, function: String, raise: String?, drawsPerAttempt: Bool) -> String {
        let spec = handler.spec
        let returnType = spec.returns.map { $0.objectValue != nil ? "dict" : $0.arrayValue != nil ? "list" : "object" } ?? "dict"
        var lines = ["\(spec.kind == .async ? "async def" : "def") \(function)(**arguments) -> \(returnType):"]
        lines += PythonSource.docstring("As registered: " + registerCommand(handler), indent: "    ")
        var delay = PythonSource.seconds(spec.latency)
        if spec.drawsRandomly {
            // Drawn first, in fanout's order (jitter, then failure), so each call waits and fails as it does in fanout.
            lines.append(drawsPerAttempt ? "    draws = CallRandom(CALL_ID.get(), CALL_SEED.get())" : "    draws = CallRandom(CALL_ID.get())")
            if spec.jitter > .zero {
                let micros = spec.jitter.roundedMicroseconds
                lines.append("    delay = \(delay) + draws.below(\(micros + 1)) / 1_000_000  # jitter: up to \(spec.jitter.shortText) more")
                delay = "delay"
            }
            if case .probability(let chance) = spec.failure {
                lines.append("    fails = draws.chance(\(JSONValue.numberText(chance)))")
            }
        }
        switch spec.kind {
        case .async: lines.append("    await asyncio.sleep(\(delay))")
        case .sync: lines.append("    time.sleep(\(delay))  # blocks its thread, as a blocking driver does")
        case .cpu: lines.append("    time.sleep(\(delay))  # stands for the computation (see PROCESSORS)")
        }
        if let raise {
            if case .probability = spec.failure {
                lines.append("    if fails:")
                lines.append("        " + raise)
            } else {
                lines.append("    " + raise)
                return lines.joined(separator: "\n")
            }
        }
        let output = spec.returns.map(templateExpression) ?? "{\"function\": \(JSONValue.quoted(handler.name)), \"arguments\": arguments}"
        lines.append("    return " + output)
        return lines.joined(separator: "\n")
    }

    /// The `register` command that makes this handler, for its function's docstring.
    private static func registerCommand(_ handler: SimulatedHandler) -> String {
        let spec = handler.spec
        var words = ["register", handler.name]
        if spec.kind != .async { words.append("kind=\(spec.kind.rawValue)") }
        words.append("latency=\(spec.latency.shortText)")
        if spec.jitter > .zero { words.append("jitter=\(spec.jitter.shortText)") }
        if spec.failure != .never { words.append("fail=\(spec.failure)") }
        if let error = spec.error { words.append("error=\(JSONValue.quoted(error))") }
        if let timeout = spec.timeout { words.append("timeout=\(timeout.shortText)") }
        if let returns = spec.returns { words.append("returns='\(returns.jsonText)'") }
        if let parameters = spec.parameters { words.append("params='\(parameters.json.jsonText)'") }
        if let retries = spec.retries {
            words.append("retries=\(retries.maxRetries)")
            words.append("backoff=\(retries.initialBackoff.shortText)..\(retries.maximumBackoff.shortText)")
        }
        if spec.serial { words.append("serial=true") }
        return words.joined(separator: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// A `returns` template as the Python expression that fills it: `"{q}"` alone is
    /// `arguments["q"]`, `{q}` in text is `text(arguments["q"])`.
    private static func templateExpression(_ template: JSONValue) -> String {
        switch template {
        case .string(let string):
            let pieces = ReturnsTemplate.split(string)
            if pieces.count == 1, case .placeholder(let name) = pieces[0] { return argument(name) }
            guard pieces.contains(where: { if case .placeholder = $0 { true } else { false } }) else {
                return PythonSource.literal(template)
            }
            return pieces.map { piece in
                switch piece {
                case .text(let literal): JSONValue.quoted(literal)
                case .placeholder(let name): "text(\(argument(name)))"
                }
            }.joined(separator: " + ")
        case .array(let elements):
            return "[" + elements.map(templateExpression).joined(separator: ", ") + "]"
        case .object(let object):
            return "{" + object.map { JSONValue.quoted($0.key) + ": " + templateExpression($0.value) }.joined(separator: ", ") + "}"
        default:
            return PythonSource.literal(template)
        }
    }

    /// Whether the template puts an argument inside a longer string (which `text` then writes).
    static func placesArgumentsInText(_ template: JSONValue) -> Bool {
        switch template {
        case .string(let string):
            let pieces = ReturnsTemplate.split(string)
            return pieces.count > 1 && pieces.contains { if case .placeholder = $0 { true } else { false } }
        case .array(let elements): return elements.contains(where: placesArgumentsInText)
        case .object(let object): return object.values.contains(where: placesArgumentsInText)
        default: return false
        }
    }

    private static func argument(_ name: String) -> String {
        "arguments[\(JSONValue.quoted(name))]"
    }
}
