extension ExecutionEvent {
    /// The event as one line of JSON (no newline), keys in the documented order.
    public var jsonLine: String {
        var line = ""
        switch self {
        case .runStarted(let started):
            line += "{\"event\":\"run_started\",\"run\":\(started.run)"
            line += ",\"strategy\":\"\(started.strategy.rawValue)\",\"clock\":\"\(started.clock.rawValue)\""
            line += ",\"limit\":" + (started.limit.map(String.init) ?? "null")
            line += ",\"timeout_ms\":" + (started.timeout.map(\.millisecondsText) ?? "null")
            line += ",\"calls\":["
            for (index, call) in started.calls.enumerated() {
                if index > 0 { line += "," }
                JSONValue.appendQuoted(call, to: &line)
            }
            line += "]}"
        case .callStarted(let run, let call, let name, let time):
            line += "{\"event\":\"call_started\",\"run\":\(run),\"call\":"
            JSONValue.appendQuoted(call, to: &line)
            line += ",\"name\":"
            JSONValue.appendQuoted(name, to: &line)
            line += ",\"t_ms\":" + time.millisecondsText + "}"
        case .callFinished(let run, let result):
            line += "{\"event\":\"call_finished\",\"run\":\(run),\"call\":"
            JSONValue.appendQuoted(result.id, to: &line)
            line += ",\"name\":"
            JSONValue.appendQuoted(result.name, to: &line)
            line += ",\"status\":\"\(result.status.rawValue)\""
            line += ",\"started_ms\":" + (result.startedAt.map(\.millisecondsText) ?? "null")
            line += ",\"t_ms\":" + result.finishedAt.millisecondsText
            line += ",\"duration_ms\":" + result.duration.millisecondsText
            if let output = result.output {
                line += ",\"output\":"
                output.appendCompact(to: &line)
            } else {
                line += ",\"error\":"
                JSONValue.appendQuoted(result.error ?? result.status.rawValue, to: &line)
            }
            line += "}"
        case .runFinished(let finished):
            let counts = finished.counts
            line += "{\"event\":\"run_finished\",\"run\":\(finished.run),\"status\":\"\(finished.status.rawValue)\""
            line += ",\"wall_ms\":" + finished.wall.millisecondsText
            line += ",\"work_ms\":" + finished.work.millisecondsText
            line += ",\"counts\":{\"ok\":\(counts.ok),\"error\":\(counts.error),\"timeout\":\(counts.timeout)"
            line += ",\"cancelled\":\(counts.cancelled),\"skipped\":\(counts.skipped)}}"
        }
        return line
    }
}

extension Duration {
    /// Whole microseconds, rounded to nearest.
    public var roundedMicroseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + (attoseconds + (attoseconds >= 0 ? 500_000_000_000 : -500_000_000_000)) / 1_000_000_000_000
    }

    /// Milliseconds with at most three decimals and no trailing zeros: `1000`, `1000.5`, `0.125`.
    public var millisecondsText: String {
        let micros = roundedMicroseconds
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        let whole = magnitude / 1000, fraction = magnitude % 1000
        guard fraction != 0 else { return sign + String(whole) }
        var decimals = String(fraction)
        decimals = String(repeating: "0", count: 3 - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return sign + String(whole) + "." + decimals
    }
}
