/// The module-level names an exported program defines, each once: its own helpers, the handlers'
/// functions, the error classes they raise and a coroutine function per call.
struct PythonNames {
    /// What the program's own code defines or imports, and Python's built-ins.
    static let runtime: Set<String> = Set([
        "asyncio", "contextlib", "contextvars", "json", "time", "ThreadPoolExecutor", "REGISTRY", "CALLS", "tasks",
        "failures", "CallError", "CallRandom", "CALL_ID", "CALL_SEED", "SEED", "LIMIT",
        "SERIAL", "NOT_SERIAL", "Slots", "SLOTS", "RETRIES", "backoff", "run_attempt", "PROCESSORS", "CPU_BOUND",
        "execute", "result_of", "report", "outcome", "note_failure", "duration_text", "text", "main",
    ]).union(PythonSource.plainBuiltinExceptions).union(PythonSource.otherBuiltins)

    private var taken = PythonNames.runtime
    /// The coroutine function of each call, by call id.
    private(set) var callFunctions: [String: String] = [:]

    /// An identifier like `wanted` that nothing else in the program uses, now taken.
    mutating func claim(_ wanted: String) -> String {
        let base = PythonSource.identifier(from: wanted)
        var name = base
        var number = 2
        while taken.contains(name) {
            name = "\(base)_\(number)"
            number += 1
        }
        taken.insert(name)
        return name
    }

    /// Takes `name` exactly, as a lesson function's source defines it; `false` when it is taken.
    mutating func claimExactly(_ name: String) -> Bool {
        taken.insert(name).inserted
    }

    /// Whether a class of the program may be called `name`.
    func isFree(_ name: String) -> Bool {
        PythonSource.isIdentifier(name) && !taken.contains(name)
    }

    /// Gives the call its coroutine function: its id when that is an identifier (`call_1`).
    mutating func reserveCall(_ id: String) {
        callFunctions[id] = claim(id)
    }
}
