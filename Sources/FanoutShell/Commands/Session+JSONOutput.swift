import FanoutCore

/// What `plan`, `queue` and `results` print under `--format jsonl`: one JSON object per line, keys
/// in a fixed order, as the README documents, so that a script can read them as it reads events.
extension Session {
    /// `{"event":"plan",…}`: the stages as lists of ids, the critical path of the current strategy's
    /// predicted run (empty when that run stops early), each strategy's predicted wall and status, and
    /// the settings the prediction used.
    static func planLine(stages: [[ToolCall]], predictions: [RunReport], current: Strategy, options: ExecutionOptions) -> String {
        let path = predictions.first { $0.strategy == current }.flatMap { $0.status == .ok ? $0.criticalPath : nil } ?? []
        let object: JSONValue = [
            "event": "plan",
            "strategy": .string(current.rawValue),
            "stages": .array(stages.map { .array($0.map { .string($0.id) }) }),
            "critical_path": .array(path.map(JSONValue.string)),
            "predicted": .array(predictions.map { report in
                ["strategy": .string(report.strategy.rawValue), "wall_ms": milliseconds(report.wall), "status": .string(report.status.rawValue)]
            }),
            "limit": options.limit.map { .int($0) } ?? .null,
            "timeout_ms": options.timeout.map(milliseconds) ?? .null,
            "offload": .string(options.offload.rawValue),
            "cores": .int(options.virtualCores),
            "threads": .int(options.effectiveThreads),
            "seed": seedValue(options.seed),
        ]
        return object.jsonText
    }

    /// `{"event":"queue",…}`: each queued call with its plain arguments, its references as written,
    /// and the calls it waits for.
    func queueLine() -> String {
        let object: JSONValue = ["event": "queue", "strategy": .string(options.strategy.rawValue), "calls": .array(queue.map(Session.queuedCallJSON))]
        return object.jsonText
    }

    /// A queued call as `queue` (and `show` of a queued call) prints it.
    static func queuedCallJSON(_ call: ToolCall) -> JSONValue {
        var values = JSONObject()
        var references = JSONObject()
        for (name, argument) in call.arguments {
            switch argument {
            case .value(let value): values[name] = value
            case .reference(let reference): references[name] = .string(reference.text)
            }
        }
        return [
            "call": .string(call.id), "name": .string(call.name), "alias": call.alias.map(JSONValue.string) ?? .null,
            "arguments": .object(values), "references": .object(references),
            "after": .array(call.dependencies.map(JSONValue.string)),
        ]
    }

    /// `{"event":"compare",…}`: each strategy's simulated run, and the sequential wall it is compared with.
    static func compareLine(_ reports: [RunReport], sequential: Duration, seed: UInt64) -> String {
        let strategies: [JSONValue] = reports.map { report in
            let counts = report.counts
            return [
                "strategy": .string(report.strategy.rawValue), "status": .string(report.status.rawValue),
                "wall_ms": milliseconds(report.wall), "work_ms": milliseconds(report.work),
                "counts": ["ok": .int(counts.ok), "error": .int(counts.error), "timeout": .int(counts.timeout),
                           "cancelled": .int(counts.cancelled), "skipped": .int(counts.skipped)],
            ]
        }
        let object: JSONValue = [
            "event": "compare", "clock": "virtual", "seed": seedValue(seed),
            "sequential_wall_ms": milliseconds(sequential), "strategies": .array(strategies),
        ]
        return object.jsonText
    }

    /// `{"event":"history","commands":[…]}`: the commands shown, numbered from 1.
    static func historyLine(_ commands: [(number: Int, line: String)]) -> String {
        let object: JSONValue = [
            "event": "history",
            "commands": .array(commands.map { ["number": .int($0.number), "line": .string($0.line)] }),
        ]
        return object.jsonText
    }

    /// `{"event":"result",…}`: a finished call as its `call_finished` event has it, under another
    /// name. Made from that event's own line, so the two always carry the same fields.
    static func resultLine(_ finished: FinishedCall) -> String {
        let line = ExecutionEvent.callFinished(run: finished.run, result: finished.result).jsonLine
        let finishedPrefix = #"{"event":"call_finished""#
        guard line.hasPrefix(finishedPrefix) else { return line }
        return #"{"event":"result""# + line.dropFirst(finishedPrefix.count)
    }

    /// Milliseconds as a JSON number with at most three decimals, as events write them.
    private static func milliseconds(_ duration: Duration) -> JSONValue {
        let micros = duration.roundedMicroseconds
        return micros % 1000 == 0 ? .int(Int(micros / 1000)) : .double(Double(micros) / 1000)
    }

    /// A seed beyond `Int` would not fit a JSON integer here: it is written as text.
    private static func seedValue(_ seed: UInt64) -> JSONValue {
        seed <= UInt64(Int.max) ? .int(Int(seed)) : .string(String(seed))
    }
}
