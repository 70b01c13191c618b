import FanoutCore

/// Returns at once: the per-call cost of the executor itself.
struct InstantHandler: ToolHandler {
    let name = "instant"

    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        ["ok": true]
    }
}

/// Spends `ms` milliseconds (an argument) the way its kind does.
struct SleepHandler: ToolHandler {
    let name: String
    let kind: HandlerKind

    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let milliseconds = arguments["ms"]?.doubleValue ?? 0
        try await context.spend(.microseconds(Int64(milliseconds * 1000)), as: kind)
        return ["slept_ms": .double(milliseconds)]
    }
}

/// Encodes events as JSON lines and discards them, but not so obviously that the optimiser can
/// skip the encoding. Events are encoded into one reused buffer, as a writer to a file would do.
struct NullSink {
    private(set) var bytes = 0
    private var buffer: [UInt8] = []

    mutating func write(_ event: ExecutionEvent) {
        event.appendJSONLine(to: &buffer)
        bytes &+= buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
