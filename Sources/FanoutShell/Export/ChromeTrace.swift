import FanoutCore

/// Runs as Chrome Trace Event JSON, which Perfetto and chrome://tracing open.
///
/// Each run is a process, each lane (see ``LaneLayout``) a thread; a call is a complete slice named
/// `id name`, with its status, arguments, and output or error as args; a retried call's slice holds
/// one per attempt and one per wait to retry. Dependencies are flow arrows
/// from the end of a dependency to the start of its dependent; timeouts, cancellations and skips are
/// instant events; the run's wall, work and critical path are its metadata. Everything is derived
/// from the reports, so a virtual-clock trace is the same bytes every time.
struct ChromeTrace {
    /// A run to draw: its calls as queued, and how they ended.
    struct Run {
        var calls: [ToolCall]
        var report: RunReport
    }

    let runs: [Run]

    /// The longest output or error text kept in a slice's args.
    static let excerptLength = 200

    var json: JSONValue {
        var events: [JSONValue] = []
        var flow = 0
        for run in runs {
            let pid = JSONValue.int(run.report.run)
            let results = run.report.results
            let layout = LaneLayout(results)
            events.append(["ph": "M", "name": "process_name", "pid": pid, "tid": 0, "args": ["name": .string("run \(run.report.run) (\(run.report.strategy.rawValue), \(run.report.clock.rawValue) clock)")]])
            for lane in 0..<max(layout.count, 1) {
                events.append(["ph": "M", "name": "thread_name", "pid": pid, "tid": .int(lane + 1), "args": ["name": .string("slot \(lane + 1)")]])
            }
            // References may name a call by id or by alias.
            var indexByID: [String: Int] = [:]
            for (index, call) in run.calls.enumerated() {
                if indexByID[call.id] == nil { indexByID[call.id] = index }
                if let alias = call.alias, indexByID[alias] == nil { indexByID[alias] = index }
            }
            for (index, result) in results.enumerated() {
                let call = run.calls.indices.contains(index) ? run.calls[index] : nil
                guard let start = result.startedAt, let lane = layout.lane[index] else {
                    // Never started: a mark at the moment it ended, on the first lane.
                    events.append(instant("\(result.status.rawValue) \(result.id) \(result.name)", at: result.finishedAt, pid: pid, tid: 1, args: args(of: result, call: call)))
                    continue
                }
                let tid = JSONValue.int(lane + 1)
                events.append([
                    "ph": "X", "name": .string("\(result.id) \(result.name)"), "cat": .string(result.status.rawValue),
                    "pid": pid, "tid": tid, "ts": ChromeTrace.micros(start), "dur": ChromeTrace.micros(result.duration),
                    "args": .object(args(of: result, call: call)),
                ])
                if !result.retriedAttempts.isEmpty {
                    events += attemptSlices(of: result, pid: pid, tid: lane + 1)
                }
                if result.status == .timeout || result.status == .cancelled {
                    events.append(instant("\(result.status.rawValue) \(result.id)", at: result.finishedAt, pid: pid, tid: lane + 1, args: [:]))
                }
                for dependency in call?.dependencies ?? [] {
                    guard let source = indexByID[dependency], let sourceLane = layout.lane[source] else { continue }
                    flow += 1
                    // A flow starts inside its source slice (just before its end) and binds to the
                    // slice that encloses its end point.
                    let from = max(results[source].startedAt ?? .zero, results[source].finishedAt - .microseconds(1))
                    events.append(["ph": "s", "name": "dependency", "cat": "dependency", "id": .int(flow), "pid": pid, "tid": .int(sourceLane + 1), "ts": ChromeTrace.micros(from)])
                    events.append(["ph": "f", "bp": "e", "name": "dependency", "cat": "dependency", "id": .int(flow), "pid": pid, "tid": tid, "ts": ChromeTrace.micros(start)])
                }
            }
        }
        let metadata: [JSONValue] = runs.map { run in
            [
                "run": .int(run.report.run), "strategy": .string(run.report.strategy.rawValue),
                "clock": .string(run.report.clock.rawValue), "status": .string(run.report.status.rawValue),
                "wall_ms": ChromeTrace.millis(run.report.wall), "work_ms": ChromeTrace.millis(run.report.work),
                "critical_path": .array(run.report.criticalPath.map(JSONValue.string)),
            ]
        }
        return ["traceEvents": .array(events), "displayTimeUnit": "ms", "metadata": ["tool": "fanout", "runs": .array(metadata)]]
    }

    /// Inside a retried call's slice: a slice per attempt, named by its number, and one per wait to
    /// retry, so the attempts and the backoff between them show on the call's lane.
    private func attemptSlices(of result: CallResult, pid: JSONValue, tid: Int) -> [JSONValue] {
        var events: [JSONValue] = []
        for attempt in result.attemptSpans {
            var args: JSONObject = ["status": .string(attempt.status.rawValue)]
            if let error = attempt.error { args["error"] = .string(ChromeTrace.excerpt(error)) }
            events.append([
                "ph": "X", "name": .string("attempt \(attempt.number)"), "cat": .string(attempt.status.rawValue),
                "pid": pid, "tid": .int(tid), "ts": ChromeTrace.micros(attempt.startedAt),
                "dur": ChromeTrace.micros(attempt.finishedAt - attempt.startedAt), "args": .object(args),
            ])
            guard let retriedAt = attempt.retriedAt else { continue }
            if attempt.status == .timeout {
                events.append(instant("timeout \(result.id) attempt \(attempt.number)", at: attempt.finishedAt, pid: pid, tid: tid, args: [:]))
            }
            events.append([
                "ph": "X", "name": "retry wait", "cat": "retry_wait", "pid": pid, "tid": .int(tid),
                "ts": ChromeTrace.micros(attempt.finishedAt), "dur": ChromeTrace.micros(retriedAt - attempt.finishedAt),
                "args": ["next_attempt": .int(attempt.number + 1), "delay_ms": ChromeTrace.millis(retriedAt - attempt.finishedAt)],
            ])
        }
        return events
    }

    private func instant(_ name: String, at time: Duration, pid: JSONValue, tid: Int, args: JSONObject) -> JSONValue {
        ["ph": "i", "s": "t", "name": .string(name), "pid": pid, "tid": .int(tid), "ts": ChromeTrace.micros(time), "args": .object(args)]
    }

    private func args(of result: CallResult, call: ToolCall?) -> JSONObject {
        var args: JSONObject = ["status": .string(result.status.rawValue)]
        if let call { args["call"] = .string(Session.signature(of: call)) }
        if let output = result.output { args["output"] = .string(ChromeTrace.excerpt(output.jsonText)) }
        if let error = result.error { args["error"] = .string(ChromeTrace.excerpt(error)) }
        if let kind = result.errorKind { args["error_kind"] = .string(kind.rawValue) }
        if result.attempts > 1 { args["attempts"] = .int(result.attempts) }
        return args
    }

    static func excerpt(_ text: String) -> String {
        text.count <= excerptLength ? text : String(text.prefix(excerptLength - 1)) + "…"
    }

    /// Microseconds, as trace events count time.
    static func micros(_ duration: Duration) -> JSONValue {
        .int(Int(duration.roundedMicroseconds))
    }

    static func millis(_ duration: Duration) -> JSONValue {
        let micros = duration.roundedMicroseconds
        return micros % 1000 == 0 ? .int(Int(micros / 1000)) : .double(Double(micros) / 1000)
    }
}
