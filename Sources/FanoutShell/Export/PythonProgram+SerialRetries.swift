import FanoutCore

/// Serial handlers and retries, as the program writes them: a lock per serial handler, and a loop
/// that tries a call again after fanout's seeded backoff.
extension PythonProgram {
    /// Whether a limit and serial handlers share the slots: ``slotsSection`` then starts the calls
    /// as fanout does, where `asyncio.Semaphore` and a lock per handler would start them in another order.
    var usesSlots: Bool { hasSerial && options.limit != nil && options.strategy != .sequential }

    /// `SERIAL`: an `asyncio.Lock` per serial handler, and for the other handlers' calls a lock-free stand-in.
    var serialSection: String {
        let serial = handlers.filter(\.isSerial)
        let locks = serial.map { "\(JSONValue.quoted($0.name)): asyncio.Lock()" }.joined(separator: ", ")
        var lines = ["SERIAL = {\(locks)}  # serial=true: one call of each at a time"]
        if serial.count < handlers.count {
            lines.append("NOT_SERIAL = contextlib.nullcontext()  # the other handlers' calls wait for no turn")
        }
        return lines.joined(separator: "\n")
    }

    /// `Slots`: fanout's rule for starting ready calls under a limit with serial handlers.
    ///
    /// A semaphore gives a freed slot to the call that has waited longest; fanout to the ready call
    /// earliest in the queue, which after a serial call ends is often that handler's next call.
    var slotsSection: String {
        let limit = options.limit ?? 1
        let serial = handlers.filter(\.isSerial).map { JSONValue.quoted($0.name) }.joined(separator: ", ")
        return """
            class Slots:
                \"\"\"set limit \(limit) with serial handlers, as fanout starts calls: at most \(limit) at once,
                one call of each serial handler at a time (a call waiting its turn takes no slot),
                and a free slot to the waiting call earliest in the queue. asyncio.Semaphore and a
                Lock per handler would give it to the call that has waited longest, so calls would
                start in another order than fanout's plan shows.\"\"\"

                def __init__(self, limit: int, serial: set[str]):
                    self.free = limit
                    self.serial = serial
                    self.busy: set[str] = set()  # the serial handlers with a call running
                    self.waiting: dict[int, tuple[str, asyncio.Future]] = {}  # by queue position

                @contextlib.asynccontextmanager
                async def slot(self, call_id: str, name: str):
                    position = list(CALLS).index(call_id)
                    started = asyncio.get_running_loop().create_future()
                    self.waiting[position] = (name, started)
                    self.start_waiting()
                    try:
                        await started
                    except asyncio.CancelledError:
                        if self.waiting.pop(position, None) is None:  # started meanwhile: give it back
                            self.release(name)
                        raise
                    try:
                        yield
                    finally:
                        self.release(name)

                def release(self, name: str) -> None:
                    self.free += 1
                    self.busy.discard(name)
                    self.start_waiting()

                def start_waiting(self) -> None:
                    for position in sorted(self.waiting):
                        name, started = self.waiting[position]
                        if self.free == 0:
                            break
                        if name in self.busy or started.cancelled():
                            continue  # its handler's turn is taken, or its task is being cancelled
                        del self.waiting[position]
                        self.free -= 1
                        if name in self.serial:
                            self.busy.add(name)
                        started.set_result(None)


            SLOTS = Slots(\(limit), {\(serial)})  # set limit \(limit), and serial=true
            """
    }

    /// `RETRIES`: each retrying handler's policy, in microseconds, with the settings it comes from.
    var retriesSection: String {
        var lines = ["RETRIES = {  # how often a failed call runs again, and its first and longest wait (µs)"]
        for handler in handlers {
            guard let policy = handler.retries else { continue }
            let first = PythonProgram.micros(policy.initialBackoff), longest = PythonProgram.micros(policy.maximumBackoff)
            lines.append("    \(JSONValue.quoted(handler.name)): (\(policy.maxRetries), \(first), \(longest)),"
                + "  # retries=\(policy.maxRetries) backoff=\(policy.initialBackoff.shortText)..\(policy.maximumBackoff.shortText)")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// fanout's `RetryPolicy.delay(beforeRetry:of:seed:)`.
    static let backoff = """
        def backoff(call_id: str, retry: int, first: int, longest: int) -> float:
            \"\"\"fanout's wait before retry number `retry` of a call, in seconds: `first`
            doubled for each retry after the first, at most `longest` (in microseconds), and
            of that a seeded draw between half and all.\"\"\"
            ceiling = min(longest, first << min(retry - 1, 40))
            if ceiling <= 1:
                return ceiling / 1_000_000
            low = ceiling // 2
            draw = CallRandom(f"{call_id}#retry{retry}").below(ceiling - low + 1)
            return (low + draw) / 1_000_000
        """

    /// `run_attempt`'s signature: one attempt of a call, as `execute` runs one without retries.
    var attemptSignature: String {
        hasTimeouts
            ? "async def run_attempt(name: str, args: dict, timeout: float | None = None):"
            : "async def run_attempt(name: str, args: dict):"
    }

    /// The loop that runs a call's attempts: only a handler's errors and timeouts reach it (fanout
    /// retries nothing else), the last one is the call's.
    var retryLoop: [String] {
        var lines = ["for attempt in range(retries + 1):"]
        if drawsPerAttempt {
            lines += ["    if attempt:  # a retry draws anew, as in fanout",
                      "        CALL_SEED.set(CallRandom(f\"attempt {attempt}\").state)"]
        }
        lines += [
            "    try:",
            "        return await run_attempt(name, args\(hasTimeouts ? ", timeout" : ""))",
            "    except Exception:  # the handler's error, or a timeout",
            "        if attempt == retries:",
            "            raise",
            "    await asyncio.sleep(backoff(call_id, attempt + 1, first, longest))",
        ]
        return lines
    }

    /// A duration in whole microseconds, as a Python literal with `_` between thousands.
    static func micros(_ duration: Duration) -> String {
        var digits = String(duration.roundedMicroseconds)
        var grouped = ""
        while digits.count > 3 {
            grouped = "_" + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return digits + grouped
    }
}
