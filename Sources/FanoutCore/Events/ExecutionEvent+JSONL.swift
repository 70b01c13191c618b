extension ExecutionEvent {
    /// The event as one line of JSON (no newline), keys in the documented order.
    public var jsonLine: String {
        var line = JSONWriter(capacity: 160)
        write(to: &line)
        return line.text
    }

    /// Appends the event as one line of JSON and a newline to `buffer`.
    ///
    /// The way to encode many events: one buffer reused for all of them instead of a `String` each.
    public func appendJSONLine(to buffer: inout [UInt8]) {
        var line = JSONWriter(appendingTo: &buffer)
        write(to: &line)
        line.raw("\n")
        buffer = line.takeBytes()
    }

    private func write(to line: inout JSONWriter) {
        switch self {
        case .runStarted(let started):
            line.raw("{\"event\":\"run_started\",\"run\":")
            line.integer(Int64(started.run))
            line.raw(",\"strategy\":")
            line.quoted(started.strategy.rawValue)
            line.raw(",\"clock\":")
            line.quoted(started.clock.rawValue)
            line.raw(",\"limit\":")
            if let limit = started.limit { line.integer(Int64(limit)) } else { line.raw("null") }
            line.raw(",\"timeout_ms\":")
            if let timeout = started.timeout { line.milliseconds(timeout) } else { line.raw("null") }
            line.raw(",\"calls\":[")
            for (index, call) in started.calls.enumerated() {
                if index > 0 { line.raw(",") }
                line.quoted(call)
            }
            line.raw("]}")
        case .callStarted(let run, let call, let name, let time):
            line.raw("{\"event\":\"call_started\",\"run\":")
            line.integer(Int64(run))
            line.raw(",\"call\":")
            line.quoted(call)
            line.raw(",\"name\":")
            line.quoted(name)
            line.raw(",\"t_ms\":")
            line.milliseconds(time)
            line.raw("}")
        case .callRetry(let retry):
            line.raw("{\"event\":\"call_retry\",\"run\":")
            line.integer(Int64(retry.run))
            line.raw(",\"call\":")
            line.quoted(retry.call)
            line.raw(",\"name\":")
            line.quoted(retry.name)
            line.raw(",\"t_ms\":")
            line.milliseconds(retry.at)
            line.raw(",\"attempt\":")
            line.integer(Int64(retry.attempt))
            line.raw(",\"error\":")
            line.quoted(retry.error)
            line.raw(",\"delay_ms\":")
            line.milliseconds(retry.delay)
            line.raw("}")
        case .callProgress(let run, let call, let time, let fraction, let message):
            line.raw("{\"event\":\"call_progress\",\"run\":")
            line.integer(Int64(run))
            line.raw(",\"call\":")
            line.quoted(call)
            line.raw(",\"t_ms\":")
            line.milliseconds(time)
            line.raw(",\"progress\":")
            line.value(fraction.map(JSONValue.double) ?? .null)
            line.raw(",\"message\":")
            if let message { line.quoted(message) } else { line.raw("null") }
            line.raw("}")
        case .callFinished(let run, let result):
            line.raw("{\"event\":\"call_finished\",\"run\":")
            line.integer(Int64(run))
            line.raw(",\"call\":")
            line.quoted(result.id)
            line.raw(",\"name\":")
            line.quoted(result.name)
            line.raw(",\"status\":")
            line.quoted(result.status.rawValue)
            line.raw(",\"started_ms\":")
            if let started = result.startedAt { line.milliseconds(started) } else { line.raw("null") }
            line.raw(",\"t_ms\":")
            line.milliseconds(result.finishedAt)
            line.raw(",\"duration_ms\":")
            line.milliseconds(result.duration)
            // Only for a retried call: a call that ran once reads as it always has.
            if result.attempts > 1 {
                line.raw(",\"attempts\":")
                line.integer(Int64(result.attempts))
            }
            if let output = result.output {
                line.raw(",\"output\":")
                line.value(output)
            } else {
                line.raw(",\"error\":")
                line.quoted(result.error ?? result.status.rawValue)
                if let kind = result.errorKind {
                    line.raw(",\"error_kind\":")
                    line.quoted(kind.rawValue)
                }
            }
            line.raw("}")
        case .runFinished(let finished):
            let counts = finished.counts
            line.raw("{\"event\":\"run_finished\",\"run\":")
            line.integer(Int64(finished.run))
            line.raw(",\"status\":")
            line.quoted(finished.status.rawValue)
            line.raw(",\"wall_ms\":")
            line.milliseconds(finished.wall)
            line.raw(",\"work_ms\":")
            line.milliseconds(finished.work)
            line.raw(",\"counts\":{\"ok\":")
            line.integer(Int64(counts.ok))
            line.raw(",\"error\":")
            line.integer(Int64(counts.error))
            line.raw(",\"timeout\":")
            line.integer(Int64(counts.timeout))
            line.raw(",\"cancelled\":")
            line.integer(Int64(counts.cancelled))
            line.raw(",\"skipped\":")
            line.integer(Int64(counts.skipped))
            line.raw("}}")
        }
    }
}
