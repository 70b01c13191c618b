import FanoutCore
import FanoutSimulation

/// The queue as a runnable Python 3.11 asyncio program, written the way the lesson writes it: the
/// handlers as `async def` and `def` functions, the calls as coroutines, run under the session's
/// strategy and settings with `asyncio.gather`, `asyncio.TaskGroup` or one `await` after another.
///
/// The program prints one line per call in queue order (`call_1 get_user ok {…}`: id, name,
/// status, then the output or `{"error": …}` as JSON, the values fanout's `results` shows) and the
/// wall time, which is what `plan` predicts for the same queue.
struct PythonProgram {
    /// Handlers used by the queue that have no Python to write: neither the lesson's nor `register`'s.
    struct Unexportable: Error {
        var names: [String]
    }

    let calls: [ToolCall]
    let options: ExecutionOptions
    /// The handlers the queue calls, in the order they were registered.
    let handlers: [PythonHandler]
    /// The calls by id, for the ones others refer to.
    let callsByID: [String: ToolCall]
    let names: PythonNames
    /// Every handler the session has, for the "did you mean" of an unknown one, as fanout gives it.
    let registryNames: [String]

    /// Fails with the names of the queue's handlers that cannot be written in Python.
    init(calls: [ToolCall], registry: HandlerRegistry, options: ExecutionOptions) throws(Unexportable) {
        self.calls = calls
        self.options = options
        registryNames = registry.names
        // In the registry's order: a demo set's functions as the lesson defines them.
        let called = Set(calls.map(\.name))
        var names = PythonNames()
        var handlers: [PythonHandler] = [], unexportable: [String] = []
        for handler in registry.all where called.contains(handler.name) {
            // A policy of no retries is none: its calls run once.
            let retries = (handler.retryPolicy ?? options.retries).flatMap { $0.maxRetries > 0 ? $0 : nil }
            if let written = PythonHandler(handler, retries: retries, names: &names) {
                handlers.append(written)
            } else {
                unexportable.append(handler.name)
            }
        }
        guard unexportable.isEmpty else { throw Unexportable(names: unexportable) }
        self.handlers = handlers
        for call in calls { names.reserveCall(call.id) }
        self.names = names
        callsByID = Dictionary(calls.map { ($0.id, $0) }) { first, _ in first }
    }

    /// The program's source, ending in a newline.
    var text: String {
        // What the handlers use comes before them; how calls run, after.
        let sections = handlerSupport + [handlerSection, registrySection] + runtimeSections + [callSection, mainSection]
        return header + "\n\n" + imports + "\n\n\n" + sections.joined(separator: "\n\n\n") + "\n"
    }

    // MARK: What the program needs

    func handler(named name: String) -> PythonHandler? {
        handlers.first { $0.name == name }
    }

    /// Whether a call of a sync or cpu handler will run (the offload setting then matters).
    var blocks: Bool { handlers.contains { $0.kind != .async } }
    /// Whether CPU-bound calls run in threads, sharing the processors `set cores` gives.
    var computesInThreads: Bool { options.offload == .thread && handlers.contains { $0.kind == .cpu } }
    var drawsRandomly: Bool { handlers.contains(where: \.drawsRandomly) }
    /// Whether some call is tried again after a failure (its waits are seeded draws too).
    var retries: Bool { handlers.contains { $0.retries != nil } }
    /// Whether a handler that draws is tried again: each attempt then draws from a seed of its own.
    var drawsPerAttempt: Bool { handlers.contains { $0.drawsRandomly && $0.retries != nil } }
    var hasSerial: Bool { handlers.contains(where: \.isSerial) }
    var hasReferences: Bool { calls.contains { !$0.dependencies.isEmpty } }
    var hasTimeouts: Bool { calls.contains { timeout(of: $0) != nil } }

    /// The timeout a call runs under: its handler's own, or the run's.
    func timeout(of call: ToolCall) -> Duration? {
        guard let handler = handler(named: call.name) else { return nil }
        return handler.timeout ?? options.timeout
    }

    // MARK: Sections

    private var header: String {
        let count = calls.count == 1 ? "1 call" : "\(calls.count) calls"
        var settings: [String] = []
        switch options.strategy {
        case .gather: settings.append("strategy gather (asyncio.gather with return_exceptions=True)")
        case .taskgroup: settings.append("strategy taskgroup (asyncio.TaskGroup)")
        case .sequential: settings.append("strategy sequential (one await after another)")
        }
        if usesSlots, let limit = options.limit {
            settings.append("limit \(limit) and serial handlers (Slots: fanout's order of starts)")
        } else {
            if let limit = options.limit { settings.append("limit \(limit) (asyncio.Semaphore)") }
            if hasSerial { settings.append("serial handlers (an asyncio.Lock each)") }
        }
        if hasTimeouts { settings.append("timeouts (asyncio.timeout)") }
        if retries { settings.append("retries (a loop with fanout's seeded backoff)") }
        if blocks {
            settings.append(options.offload == .thread
                ? "offload thread (asyncio.to_thread, \(options.effectiveThreads) threads)"
                : "offload inline (sync functions called in the coroutine)")
        }
        if drawsRandomly || retries { settings.append("seed \(options.seed)") }
        var lines = [
            "\"\"\"\(count) from a fanout session, as an asyncio program (fanout's `export python`).",
            "",
        ]
        lines += PythonSource.wrap(
            "fanout runs them with \(settings.joined(separator: ", ")); this program does the same with asyncio, "
                + "as the lesson writes it. It needs Python 3.11 or later and nothing else. It prints each call's "
                + "result on a line, as fanout's `results` lists them (id, name, status, then the output or the "
                + "error as JSON), then the wall time: what fanout's `plan` predicts.")
        for paragraph in [layout] + notes {
            lines.append("")
            lines += PythonSource.wrap(paragraph)
        }
        lines.append("\"\"\"")
        return lines.joined(separator: "\n")
    }

    /// What comes where in the program.
    private var layout: String {
        let lesson = handlers.contains { !$0.fillsDefaults }, registered = handlers.contains(where: \.fillsDefaults)
        let functions = switch (lesson, registered) {
        case (true, true): "the lesson's functions as it writes them and those registered in the session"
        case (true, false): "the lesson's functions as it writes them"
        case (false, _): "the functions registered in the session, written from their settings"
        }
        let dependents = hasReferences
            ? " (one that refers to another's result awaits that call's task first, so it starts the moment the result is there)"
            : ""
        let execute = retries ? "execute (how one call runs: a run_attempt, and more after a failure)" : "execute (how one call runs)"
        return "Below: the handlers (\(functions)), REGISTRY, \(execute), a coroutine function "
            + "per call in queue order\(dependents), and main."
    }

    /// Where Python does what fanout's plan models another way, or cannot.
    private var notes: [String] {
        var notes: [String] = []
        if computesInThreads { notes.append(processorsNote) }
        guard options.offload == .inline, blocks else { return notes }
        if options.virtualCores != 1 {
            notes.append(
                "Note: under offload inline fanout's plan gives the calls \(options.virtualCores) cooperative threads "
                    + "(set cores \(options.virtualCores)); Python's event loop is one thread, so here the blocking calls "
                    + "hold up everything, as plan shows with set cores 1.")
        }
        if calls.contains(where: { timeout(of: $0) != nil && handler(named: $0.name).map { $0.kind != .async } == true }) {
            notes.append(
                "Note: a blocking call made inline cannot be interrupted: asyncio.timeout only acts once it "
                    + "returns, so it ends ok, late, where fanout reports a timeout.")
        }
        return notes
    }

    private var imports: String {
        var lines = ["import asyncio"]
        if usesSlots || (hasSerial && handlers.contains { !$0.isSerial }) { lines.append("import contextlib") }
        if drawsRandomly { lines.append("import contextvars") }
        if blocks { lines.append("import inspect") }
        lines += ["import json", "import time"]
        if blocks, options.offload == .thread { lines.append("from concurrent.futures import ThreadPoolExecutor") }
        return lines.joined(separator: "\n")
    }

    private var registrySection: String {
        var lines = ["REGISTRY = {  # the functions the calls may use, by the names the model calls them"]
        for handler in handlers {
            lines.append("    \(JSONValue.quoted(handler.name)): \(handler.function),")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    var handlerSection: String {
        var parts: [String] = []
        for name in handlers.compactMap(\.errorClass) {
            parts.append("class \(name)(Exception):\n    \"\"\"The error a handler below raises, by the name fanout reports.\"\"\"")
        }
        parts += handlers.map(\.source)
        return parts.joined(separator: "\n\n\n")
    }
}
