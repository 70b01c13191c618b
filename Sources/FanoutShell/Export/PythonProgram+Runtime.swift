import FanoutCore

extension PythonProgram {
    /// What the handlers may use: fanout's errors, seeded draws, text from arguments.
    var handlerSupport: [String] {
        var sections = [PythonProgram.callError]
        if drawsRandomly || retries { sections.append(randomSection) }
        if handlers.contains(where: \.fillsText) { sections.append(PythonProgram.textHelper) }
        return sections
    }

    /// How calls run, each part only when the queue needs it.
    var runtimeSections: [String] {
        var sections: [String] = []
        var semaphores: [String] = []
        if let limit = options.limit, !usesSlots {
            semaphores.append("LIMIT = asyncio.Semaphore(\(limit))  # set limit \(limit): at most \(limit) call\(limit == 1 ? "" : "s") at once")
        }
        if computesInThreads { semaphores.append(processorsSection) }
        if !semaphores.isEmpty { sections.append(semaphores.joined(separator: "\n")) }
        if hasSerial { sections.append(usesSlots ? slotsSection : serialSection) }
        if hasTimeouts { sections.append(PythonProgram.durationText) }
        if retries { sections += [retriesSection, PythonProgram.backoff] }
        sections += executeSections
        if hasReferences { sections.append(PythonProgram.resultOf) }
        return sections
    }

    private static let callError = """
        class CallError(Exception):
            \"\"\"A call that ended as fanout reports it, in fanout's words: an unknown function or bad
            arguments (status error), a timeout, a skipped or cancelled call.\"\"\"

            def __init__(self, status: str, message: str):
                super().__init__(message)
                self.status = status
        """

    private var randomSection: String {
        var variables = ["SEED = \(options.seed)  # set seed \(options.seed)"]
        if drawsRandomly { variables.append("CALL_ID = contextvars.ContextVar(\"CALL_ID\")  # the call a task runs, for its draws") }
        if drawsPerAttempt {
            variables.append("CALL_SEED = contextvars.ContextVar(\"CALL_SEED\", default=SEED)  # a retry's own")
        }
        let what = retries
            ? "so each call waits and fails, and each retry waits, as in fanout with the same seed"
            : "so each call waits and fails as it does in fanout with the same seed"
        return variables.joined(separator: "\n") + "\n\n\n" + """
            class CallRandom:
                \"\"\"fanout's random draws: SplitMix64 seeded from a seed (the run's) and a key (a call's id),
                \(what).\"\"\"

                MASK = (1 << 64) - 1

                def __init__(self, key: str, seed: int = SEED):
                    mixed = 0xCBF29CE484222325 ^ seed
                    for byte in key.encode():
                        mixed = ((mixed ^ byte) * 0x100000001B3) & self.MASK
                    self.state = mixed
                    self.state = self.next()

                def next(self) -> int:
                    self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
                    z = self.state
                    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
                    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
                    return z ^ (z >> 31)

                def below(self, bound: int) -> int:
                    \"\"\"A whole number from 0 to bound - 1, unbiased (Lemire's method, as Swift draws it).\"\"\"
                    product = self.next() * bound
                    if product & self.MASK < bound:
                        threshold = ((1 << 64) - bound) % bound
                        while product & self.MASK < threshold:
                            product = self.next() * bound
                    return product >> 64

                def chance(self, probability: float) -> bool:
                    \"\"\"Whether a draw from [0, 1) falls below probability.\"\"\"
                    return (self.next() & ((1 << 53) - 1)) / (1 << 53) < probability
            """
    }

    private static let textHelper = """
        def text(value) -> str:
            \"\"\"An argument inside text, as fanout's returns templates write it: a string as it is,
            anything else as compact JSON.\"\"\"
            if isinstance(value, str):
                return value
            return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        """

    private var processorsSection: String {
        let cores = options.virtualCores
        let names = handlers.filter { $0.kind == .cpu }.map(\.name)
        return """
            PROCESSORS = asyncio.Semaphore(\(cores))  # set cores \(cores): CPU work on at most \(cores) at once
            CPU_BOUND = {\(names.map(JSONValue.quoted).joined(separator: ", "))}
            """
    }

    /// Why CPU-bound calls take turns on `PROCESSORS`, for the module's docstring.
    var processorsNote: String {
        let cores = options.virtualCores
        let names = handlers.filter { $0.kind == .cpu }.map(\.name)
        return "\(names.joined(separator: ", ")) \(names.count == 1 ? "is" : "are") CPU-bound. As the lesson does, time.sleep "
            + "stands for the computation, and at most \(cores) compute at once (PROCESSORS): fanout's plan gives CPU work "
            + "\(cores) processor\(cores == 1 ? "" : "s") (set cores \(cores)). A busy loop would hold the GIL, and Python's "
            + "threads would then compute one at a time. fanout shares the processors among the computing threads, where "
            + "here they take turns: calls end at other times, but the last as late when their work is the same."
    }

    private static let durationText = """
        def duration_text(seconds: float) -> str:
            \"\"\"A duration as fanout writes it: 250ms, 2s, 1.5s, 2m.\"\"\"
            micros = round(seconds * 1_000_000)
            if micros >= 60_000_000 and micros % 60_000_000 == 0:
                return f"{micros // 60_000_000}m"
            if micros >= 1_000_000:
                return f"{(micros + 500) // 1000 / 1000:.3f}".rstrip("0").rstrip(".") + "s"
            return f"{micros / 1000:.3f}".rstrip("0").rstrip(".") + "ms"
        """

    /// `execute`, and with retries `run_attempt` before it: how one call runs under the settings.
    private var executeSections: [String] {
        var (attempt, kinds) = attemptLines
        let inspectNote = blocks
            ? " (inspect.iscoroutinefunction is the lesson's asyncio.iscoroutinefunction, which Python 3.14 deprecates.)" : ""
        var doc = "Runs one call, as the lesson's execute_function_auto does: " + PythonProgram.sentence(kinds) + "." + inspectNote
        var settings: [String] = []
        if hasTimeouts { settings.append("gives up on a call past its timeout") }
        var sections: [String] = []
        var body: [String] = []
        if drawsRandomly { body.append("CALL_ID.set(call_id)") }
        if retries {
            // The attempt becomes a function of its own, which the retry loop calls.
            let attemptDoc = "One attempt of a call, as the lesson's execute_function_auto runs it: " + PythonProgram.sentence(kinds) + "."
                + inspectNote + (settings.isEmpty ? "" : " Like fanout, it " + PythonProgram.sentence(settings) + ".")
            sections.append(PythonProgram.function(attemptSignature, doc: attemptDoc, body: ["func = REGISTRY[name]"] + attempt))
            doc = "Runs one call, trying it again when it fails or times out, after fanout's seeded wait (RETRIES, backoff)."
            settings = []
            body.append("retries, first, longest = " + (handlers.allSatisfy { $0.retries != nil } ? "RETRIES[name]" : "RETRIES.get(name, (0, 0, 0))"))
            attempt = retryLoop
        } else {
            body.append("func = REGISTRY[name]")
        }
        if usesSlots, let limit = options.limit {
            settings.append("runs at most \(limit) at once and a serial handler's calls one at a time (see Slots)")
            attempt = ["async with SLOTS.slot(call_id, name):"] + attempt.map { "    " + $0 }
        }
        if let limit = options.limit, !usesSlots {
            settings.append("runs at most \(limit) at once")
            attempt = ["async with LIMIT:"] + attempt.map { "    " + $0 }
        }
        if hasSerial, !usesSlots {
            settings.append("runs a serial handler's calls one at a time" + (options.limit == nil ? "" : " (a call waiting its turn takes no slot of LIMIT)"))
            let lock = handlers.allSatisfy(\.isSerial) ? "SERIAL[name]" : "SERIAL.get(name, NOT_SERIAL)"
            attempt = ["async with \(lock):"] + attempt.map { "    " + $0 }
        }
        if !settings.isEmpty { doc += " Like fanout, it " + PythonProgram.sentence(settings) + "." }
        if retries, options.limit != nil || hasSerial {
            let kept = [options.limit == nil ? nil : "slot", hasSerial ? "turn" : nil].compactMap { $0 }.joined(separator: " and ")
            doc += " A call keeps its \(kept) while it waits to retry."
        }
        let signature = hasTimeouts
            ? "async def execute(call_id: str, name: str, args: dict, timeout: float | None = None):"
            : "async def execute(call_id: str, name: str, args: dict):"
        sections.append(PythonProgram.function(signature, doc: doc, body: body + attempt))
        return sections
    }

    /// The lines that make one attempt of a call (with `func` its function), and what they do.
    private var attemptLines: (lines: [String], kinds: [String]) {
        var kinds = ["awaits a coroutine function"]
        var core: [String]
        switch (blocks, options.offload) {
        case (false, _):
            core = ["return await func(**args)"]
        case (true, .thread):
            kinds.append("runs a sync one in a thread with asyncio.to_thread (set offload thread)")
            core = ["if inspect.iscoroutinefunction(func):", "    return await func(**args)"]
            if computesInThreads {
                core += ["if name in CPU_BOUND:", "    async with PROCESSORS:", "        return await asyncio.to_thread(func, **args)"]
            }
            core.append("return await asyncio.to_thread(func, **args)")
        case (true, .inline):
            kinds.append("calls a sync one right here, blocking the event loop until it returns (set offload inline)")
            core = ["if inspect.iscoroutinefunction(func):", "    return await func(**args)", "return func(**args)"]
        }
        if hasTimeouts {
            core = ["try:", "    async with asyncio.timeout(timeout) as scope:"] + core.map { "        " + $0 } + [
                "except TimeoutError:",
                "    if not scope.expired():",
                "        raise  # the handler's own TimeoutError",
                "    raise CallError(\"timeout\", f\"timed out after {duration_text(timeout)}\") from None",
            ]
        }
        return (core, kinds)
    }

    /// `signature`, its docstring and `body`, indented.
    private static func function(_ signature: String, doc: String, body: [String]) -> String {
        let docLines = PythonSource.wrap("\"\"\"" + doc + "\"\"\"", indent: "    ")
        return ([signature] + docLines + body.map { "    " + $0 }).joined(separator: "\n")
    }

    private static let resultOf = """
        async def result_of(call_id: str):
            \"\"\"The result of an earlier call, for a call that refers to it: waits for that call's task,
            so the dependent starts the moment the result is there. When that call did not succeed, the
            dependent is skipped, as fanout skips it.\"\"\"
            try:
                return await tasks[call_id]
            except Exception as error:
                status = error.status if isinstance(error, CallError) else "error"
                verb = {"timeout": "timed out", "skipped": "was skipped"}.get(status, "failed")
                raise CallError("skipped", f"dependency {call_id} ({CALLS[call_id][0]}) {verb}") from None
        """

    /// `["a", "b", "c"]` as `a, b and c`.
    static func sentence(_ parts: [String]) -> String {
        guard parts.count > 1 else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
    }
}
