import FanoutCore

extension Session {
    func runQueue() async throws(CommandError) {
        guard !queue.isEmpty else {
            throw CommandError(emptyQueue("run"))
        }
        if options.clock == .virtual { try refuseSimulatingRealHandlers("the clock is virtual") }
        runCount += 1
        var runOptions = options
        runOptions.runNumber = runCount
        if options.clock == .virtual { runOptions.threadsHeldAtStart = threadsHeldInSimulation }
        let calls = queue
        let threadsBlockedEarlier = offloadThreadsBlockedEarlier(for: calls)
        let run = try start(calls, options: runOptions, approval: approvalMode)
        runControl.begin(run)
        defer { runControl.end() }

        let plainLog = PlainLogRenderer(style: style, calls: calls)
        progressView?.begin(calls: calls)
        for await event in run.events {
            switch presentation.format {
            case .jsonl:
                emit(event.jsonLine)
            case .human:
                if let progressView {
                    progressView.handle(event)
                    // The live block is for the screen; a transcript gets the plain log.
                    if let transcript, let line = plainLog.line(for: event) { transcript.write(line + "\n") }
                } else if let line = plainLog.line(for: event) {
                    say(line)
                }
            }
        }
        let report = await run.report
        progressView?.end()
        if presentation.format == .human {
            // Threads still blocked by an earlier run are in the wall but not in the model's sequential
            // run (the real clock does not know how long they stay blocked): no comparison, the note says why.
            let blockedByEarlierRun = threadsBlockedEarlier != nil && options.clock == .real
            // Real handlers cannot be simulated, and their durations are no estimate of a sequential
            // run: calls that overlap on one server wait for each other there (100 trivial MCP calls
            // at once took 0.09 s with durations adding up to 6 s). No comparison, then.
            let sequential = report.status != .ok || blockedByEarlierRun ? nil
                : report.strategy == .sequential ? report.wall : callsRealOnlyHandlers(calls) ? nil : try await sequentialWall(of: calls)
            var table = TimingTable(
                report: report, sequentialWall: sequential, threadsBlockedEarlier: threadsBlockedEarlier,
                width: presentation.width(), style: style)
            if blockedByEarlierRun {
                table.sequentialNote = "not compared with sequential (threads still blocked, see the note)"
            } else if sequential == nil, callsRealOnlyHandlers(calls) {
                table.sequentialNote = "not compared with sequential (its real tools can't be simulated)"
            } else if sequential == nil {
                table.sequentialNote = "not compared with sequential (over \(sequentialSimulationLimit) calls)"
            }
            var transcriptTable = table
            transcriptTable.width = TimingTable.transcriptWidth
            say(screen: table.lines, transcript: table.width == transcriptTable.width ? table.lines : transcriptTable.lines)
        }
        keep(report, of: calls)
    }

    /// How a run's `confirm=true` calls are approved: `--yes` approves them all; else a person at the
    /// terminal is asked, on the real clock only (the virtual clock cannot wait for an answer).
    private var approvalMode: ApprovalDesk.Mode {
        if approvesAllCalls { return .approveAll }
        guard let askApproval else {
            return .deny(reason: "denied: its handler asks before each call (confirm=true), and a script has no one to ask; pass --yes to approve them")
        }
        guard options.clock == .real else {
            return .deny(reason: "denied: its handler asks before each call (confirm=true), which the virtual clock can't wait for; clock real, or start fanout with --yes")
        }
        return .ask(askApproval)
    }

    /// Offload threads that blocking handlers of earlier runs still hold as `calls` start, when some of
    /// `calls` will need one; `nil` otherwise. Read before the run starts, when only earlier runs'
    /// handlers can be on the pool: a snapshot, so one returning just then still counts.
    private func offloadThreadsBlockedEarlier(for calls: [ToolCall]) -> TimingTable.ThreadsBlockedEarlier? {
        let busy: Int, holders: [String]
        switch options.clock {
        case .virtual:
            let held = threadsHeldInSimulation.filter { $0.pool == .offload }
            busy = held.count
            holders = held.map(\.call)
        case .real:
            // Without a call reported still blocking, a busy thread is one whose handler returned and
            // that has not gone idle yet: nothing to say.
            guard !blockedByEarlierRuns.isEmpty else { return nil }
            busy = offloadPool.busyThreads
            if busy == 0 { blockedByEarlierRuns.removeAll() }
            holders = blockedByEarlierRuns
        }
        guard busy > 0, options.offload == .thread else { return nil }
        let offloaded = calls.filter { call in registry[call.name].map { $0.kind != .async } == true }.map(\.id)
        guard !offloaded.isEmpty else { return nil }
        return TimingTable.ThreadsBlockedEarlier(
            busy: busy, threads: options.effectiveThreads, earlierCalls: holders, offloadedCalls: offloaded)
    }

    /// Stores a run's results for `results`, `show` and references, and empties the queue.
    private func keep(_ report: RunReport, of calls: [ToolCall]) {
        for (call, result) in zip(calls, report.results) {
            results[call.id] = FinishedCall(call: call, result: result, run: report.run)
        }
        queue.removeAll()
        lastReport = report
        runHistory.append(ChromeTrace.Run(calls: calls, report: report))
        switch report.clock {
        case .real: blockedByEarlierRuns.append(contentsOf: report.stillBlocked)
        case .virtual: threadsHeldInSimulation = report.threadsStillHeld
        }
    }

    /// Starts `calls` on the session's handlers; on the real clock, their blocking calls share the
    /// offload pool of their `threads` setting with earlier runs (see ``offloadPool(width:)``).
    private func start(_ calls: [ToolCall], options: ExecutionOptions, approval: ApprovalDesk.Mode) throws(CommandError) -> ExecutionRun {
        do {
            let pool = offloadPool(width: options.effectiveThreads)
            let executor = Executor(handlers: registry, offloadPool: pool, approval: ApprovalDesk(approval).hook)
            return try executor.start(calls, options: options)
        } catch {
            // The settings commands check every range, so this is a bug, reported rather than crashing.
            throw CommandError("cannot run with these settings: \(error.message); type set to see them")
        }
    }

    /// Runs `calls` (the queue by default) silently on the virtual clock under `strategy`: the
    /// model's exact prediction.
    func simulate(_ strategy: Strategy, calls: [ToolCall]? = nil) async throws(CommandError) -> RunReport {
        var simulated = options
        simulated.clock = .virtual
        simulated.strategy = strategy
        simulated.runNumber = runCount + 1
        if options.clock == .virtual { simulated.threadsHeldAtStart = threadsHeldInSimulation }
        // A prediction takes every call as approved: asking a person about a run that is not real
        // would be a question without consequence.
        return try await start(calls ?? queue, options: simulated, approval: .approveAll).report
    }


    /// What `calls` take one at a time, by the model: the measure of "faster than sequential".
    /// Sum of durations would count time spent waiting for a core or thread as work.
    private func sequentialWall(of calls: [ToolCall]) async throws(CommandError) -> Duration? {
        // Simulating a huge queue again is not worth it for one figure.
        guard calls.count <= sequentialSimulationLimit else { return nil }
        return try await simulate(.sequential, calls: calls).wall
    }

    /// The most stage lines `plan` prints: the first ones and the last two.
    static let stagesShown = 8

    func plan() async throws(CommandError) {
        guard !queue.isEmpty else {
            throw CommandError(emptyQueue("plan"))
        }
        try refuseSimulatingRealHandlers("plan simulates the queue on the virtual clock")
        var stageOf: [String: Int] = [:]
        var stages: [[ToolCall]] = []
        for call in queue {
            let stage = call.dependencies.compactMap { stageOf[$0] }.max().map { $0 + 1 } ?? 0
            stageOf[call.id] = stage
            if stage == stages.count { stages.append([]) }
            stages[stage].append(call)
        }
        if presentation.format == .jsonl {
            var predictions: [RunReport] = []
            for strategy in Strategy.allCases { predictions.append(try await simulate(strategy)) }
            emit(Session.planLine(stages: stages, predictions: predictions, current: options.strategy, options: options))
            return
        }
        // Long stages and many of them are shortened in the middle, as the critical path is.
        let shown = stages.count > Session.stagesShown + 1
            ? Array(stages.indices.prefix(Session.stagesShown - 2)) + Array(stages.indices.suffix(2)) : Array(stages.indices)
        for (position, number) in shown.enumerated() {
            if position > 0, number != shown[position - 1] + 1 {
                say("…        \(number - shown[position - 1] - 1) more stages (\(stages.count) in all)")
            }
            let calls = stages[number]
            let listed = calls.count > 8 ? Array(calls.prefix(3)) + [nil] + Array(calls.suffix(3)) : calls.map(Optional.some)
            let entries = listed.map { call -> String in
                guard let call else { return "…" }
                return call.dependencies.isEmpty
                    ? "\(call.id) \(call.name)"
                    : "\(call.id) \(call.name) (after \(TimingTable.list(call.dependencies)))"
            }
            say("stage \(number + 1)  " + entries.joined(separator: " · ") + (calls.count > 8 ? " (\(calls.count) calls)" : ""))
        }
        serialLines().forEach(say)
        var predictions: [String] = []
        var current: RunReport?
        for strategy in Strategy.allCases {
            let report = try await simulate(strategy)
            if strategy == options.strategy { current = report }
            let marker = strategy == options.strategy ? " (current)" : ""
            predictions.append("\(strategy.rawValue) \(TimingTable.seconds(report.wall))\(marker)")
        }
        if let current, let line = Session.criticalPathLine(of: current) {
            say(line)
        }
        say("predicted wall: " + predictions.joined(separator: " · "))
        let limit = options.limit.map(String.init) ?? "none"
        let retries = options.retries.map { ", retries \($0.maxRetries) (backoff \(Session.backoffText($0.initialBackoff...$0.maximumBackoff)))" } ?? ""
        say("  with limit \(limit), timeout \(options.timeout?.shortText ?? "none"), offload \(options.offload.rawValue), cores \(options.virtualCores), threads \(options.effectiveThreads), seed \(options.seed)\(retries)")
        if options.clock == .real, !blockedByEarlierRuns.isEmpty, offloadPool.busyThreads > 0 {
            let busy = offloadPool.busyThreads
            say("note: \(busy == 1 ? "1 offload thread is" : "\(busy) offload threads are") still blocked by an earlier run's calls; the prediction takes every thread as free")
        }
    }

    /// For each serial handler the queue calls more than once, that its calls take turns: a stage
    /// lists them side by side, but each waits for the one before it.
    private func serialLines() -> [String] {
        var lines: [String] = []
        for handler in registry.all where handler.isSerial {
            let ids = queue.filter { $0.name == handler.name }.map(\.id)
            guard ids.count > 1 else { continue }
            lines.append("serial   \(handler.name): \(ids.joined(separator: ", ")) run one at a time")
        }
        return lines
    }

    /// What `plan` says of the simulated run's critical path: the one `run` will report, or, when
    /// the run stops early and so reports none, the call whose failure stops it.
    static func criticalPathLine(of report: RunReport) -> String? {
        guard let last = report.criticalPath.last else { return nil }
        switch report.status {
        case .ok:
            return "critical path " + TimingTable.path(report.criticalPath)
        case .failed:
            // The path ends at the failure that stopped the run, unless a call that succeeded ended at
            // the same instant and was taken instead: then name the first failure, without a chain.
            let failures = report.results.filter { $0.status == .error || $0.status == .timeout }
            let endOfPath = report.result(for: last).flatMap { result in failures.contains { $0.id == result.id } ? result : nil }
            guard let failed = endOfPath ?? failures.min(by: { $0.finishedAt < $1.finishedAt }) else { return nil }
            let verb = failed.status == .timeout ? "times out" : "fails"
            let before = endOfPath == nil ? [] : report.criticalPath.dropLast()
            let after = before.isEmpty ? "" : " (after \(TimingTable.path(Array(before))))"
            return "no critical path: \(report.strategy.rawValue) stops the run at \(TimingTable.seconds(failed.finishedAt)), "
                + "when \(failed.id) \(failed.name) \(verb)\(after), and cancels the rest"
        case .cancelled:
            return "no critical path: the simulated run was cancelled at \(TimingTable.seconds(report.wall))"
        }
    }

    func compare(_ arguments: [Word]) async throws(CommandError) {
        guard !queue.isEmpty else {
            throw CommandError(emptyQueue("compare"))
        }
        try refuseSimulatingRealHandlers("compare runs the queue on the virtual clock")
        var strategies: [Strategy] = []
        for word in arguments {
            guard let strategy = Strategy(rawValue: word.text) else {
                let hint = Suggestions.didYouMean(word.text, in: Strategy.allCases.map(\.rawValue))
                throw CommandError("unknown strategy \(word.text.quotedExcerpt)\(hint); choose gather, taskgroup or sequential", column: word.column)
            }
            if !strategies.contains(strategy) { strategies.append(strategy) }
        }
        if strategies.isEmpty { strategies = Strategy.allCases }
        var table = TextTable(header: ["strategy", "wall", "work", "ok", "error", "timeout", "cancelled", "skipped", "vs sequential"])
        let sequential = try await simulate(.sequential).wall
        var reports: [RunReport] = []
        for strategy in strategies {
            let report = try await simulate(strategy)
            reports.append(report)
            let counts = report.counts
            // A taskgroup run that stopped at a failure did less work: a speedup would flatter it.
            let speedup = report.status == .ok ? TimingTable.speedup(sequential: sequential, wall: report.wall) ?? "-" : "stopped"
            table.rows.append([
                strategy.rawValue, TimingTable.seconds(report.wall), TimingTable.seconds(report.work),
                "\(counts.ok)", "\(counts.error)", "\(counts.timeout)", "\(counts.cancelled)", "\(counts.skipped)",
                speedup,
            ])
        }
        if presentation.format == .jsonl {
            emit(Session.compareLine(reports, sequential: sequential, seed: options.seed))
            return
        }
        table.lines.forEach(say)
        say("compared on the virtual clock with seed \(options.seed); the queue is unchanged")
    }

    func showResults(_ arguments: [Word]) throws(CommandError) {
        if let word = arguments.first {
            try expectAtMostOneArgument(arguments, for: .results)
            let finished = try finishedCall(word)
            if presentation.format == .jsonl { return emit(Session.resultLine(finished)) }
            say(Session.resultText(finished.result))
            return
        }
        guard let report = lastReport else {
            throw CommandError("no results yet: queue calls and type run")
        }
        if presentation.format == .jsonl {
            for result in report.results {
                if let finished = results[result.id] { emit(Session.resultLine(finished)) }
            }
            return
        }
        for result in report.results {
            say(style.bold("\(result.id) \(result.name)") + " " + style.status(result.status, result.status.rawValue))
            say(Session.resultText(result))
        }
    }

    func show(_ arguments: [Word]) throws(CommandError) {
        guard arguments.count == 1, let word = arguments.first else {
            throw CommandError("usage: show ID (a call id or alias)")
        }
        let id = aliases[word.text] ?? word.text
        if let call = queue.first(where: { $0.id == id }) {
            if presentation.format == .jsonl {
                var object = Session.queuedCallJSON(call).objectValue ?? [:]
                object.updateValue("queued", forKey: "event", insertingAt: 0)
                emit(JSONValue.object(object).jsonText)
                return
            }
            say("\(call.id) \(Session.signature(of: call))")
            say("status    queued" + (call.dependencies.isEmpty ? "" : ", after " + call.dependencies.joined(separator: ", ")))
            return
        }
        let finished = try finishedCall(word)
        if presentation.format == .jsonl {
            emit(Session.resultLine(finished))
            return
        }
        let result = finished.result
        say("\(result.id) \(Session.signature(of: finished.call))")
        say("run       \(finished.run)")
        say("status    " + style.status(result.status, result.status.rawValue))
        say("started   " + (result.startedAt.map(TimingTable.seconds) ?? "never"))
        say("finished  " + TimingTable.seconds(result.finishedAt))
        say("duration  " + (result.startedAt == nil ? "-" : TimingTable.seconds(result.duration)))
        if result.attempts > 1 {
            say("attempts  \(result.attempts)")
            for attempt in result.attemptSpans {
                let when = "\(TimingTable.seconds(attempt.startedAt)) → \(TimingTable.seconds(attempt.finishedAt))"
                let why = attempt.retriedAt == nil ? "" : "  " + (attempt.error ?? attempt.status.rawValue).oneLine
                say("  \(attempt.number)  " + style.status(attempt.status, attempt.status.rawValue.padding(7)) + "  " + when + why)
            }
        }
        if let output = result.output {
            say("output")
            say(output.prettyJSONText)
        } else {
            say("error     " + (result.error ?? result.status.rawValue).oneLine)
        }
    }

    private func finishedCall(_ word: Word) throws(CommandError) -> FinishedCall {
        let id = aliases[word.text] ?? word.text
        if let finished = results[id] { return finished }
        if queue.contains(where: { $0.id == id }) {
            throw CommandError("\(id) has not run yet: type run", column: word.column)
        }
        let hint = Suggestions.didYouMean(word.text, in: Array(results.keys) + Array(aliases.keys))
        throw CommandError("no call \(word.text.quotedExcerpt)\(hint); see queue, or results for the last run", column: word.column)
    }

    /// A result as people read it: pretty JSON output, or `error: …`.
    static func resultText(_ result: CallResult) -> String {
        if let output = result.output { return output.prettyJSONText }
        // Not "error: …" at the start of a line, which reads like a rejected command.
        let message = (result.error ?? result.status.rawValue).oneLine
        return message.hasPrefix(result.status.rawValue) ? "(no output) \(message)" : "(no output: \(result.status.rawValue)) \(message)"
    }
}
