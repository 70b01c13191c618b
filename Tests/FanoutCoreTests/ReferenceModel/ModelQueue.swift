import FanoutCore

/// A queue for the reference model: handlers, calls and run options as plain data, with nothing of
/// the executor in it (the enums `Strategy`, `CallStatus` and `RunStatus` are only names).
struct ModelQueue: Sendable {
    var handlers: [ModelHandler]
    var calls: [ModelCall]
    var strategy: Strategy
    /// At most this many calls running at once; `nil` for none.
    var limit: Int?
    /// The run's per-call timeout; a handler's own wins. `nil` for none.
    var timeout: Duration?
    /// The run's retry policy, for handlers without one; `nil` for never.
    var retries: ModelRetry?
    /// The run's seed (only the retries' backoff draws depend on it).
    var seed: UInt64
}

/// An async simulated handler with a fixed latency and no jitter.
struct ModelHandler: Sendable {
    var name: String
    var latency: Duration
    /// Fails every call (after its latency) when `true`, never when `false`.
    var fails: Bool
    var serial: Bool
    var timeout: Duration?
    var retries: ModelRetry?
}

/// A call of handler number `handler`, referring to the results of the calls `dependencies`
/// (indexes of earlier calls, ascending, no duplicates).
struct ModelCall: Sendable {
    var id: String
    var handler: Int
    var dependencies: [Int]
}

/// How failed attempts are tried again: up to `maxRetries` more times, the n-th retry after a wait
/// between half and all of `min(maximumBackoff, initialBackoff × 2ⁿ⁻¹)`.
struct ModelRetry: Sendable, CustomStringConvertible {
    var maxRetries: Int
    var initialBackoff: Duration
    var maximumBackoff: Duration

    /// The longest wait before retry number `retry` (1 for the first), as RetryPolicy documents it.
    func ceiling(beforeRetry retry: Int) -> Duration {
        var ceiling = initialBackoff
        for _ in 1..<max(retry, 1) where ceiling < maximumBackoff { ceiling = ceiling * 2 }
        return min(ceiling, maximumBackoff)
    }

    var description: String {
        "\(maxRetries)×[\(formatMilliseconds(initialBackoff))…\(formatMilliseconds(maximumBackoff))]"
    }
}


extension ModelQueue {
    /// A random queue of 1–12 calls over 1–4 handlers, drawn from `seed` alone.
    static func random(seed: UInt64) -> ModelQueue {
        var random = SeededRandomGenerator(seed: seed)
        let latencies: [Duration] = [.zero, .milliseconds(100), .milliseconds(250), .seconds(1)]
        let timeouts: [Duration] = [.milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2)]
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        func retryPolicy() -> ModelRetry {
            // Backoffs: none at all (retries in the same instant), short, and RetryPolicy's default.
            let backoffs: [(Duration, Duration)] = [
                (.zero, .zero), (.milliseconds(50), .milliseconds(200)), (.milliseconds(100), .seconds(2)),
            ]
            let (initial, maximum) = backoffs.randomElement(using: &random)!
            return ModelRetry(maxRetries: Int.random(in: 0...2, using: &random), initialBackoff: initial, maximumBackoff: maximum)
        }

        let handlers = (0..<Int.random(in: 1...4, using: &random)).map { number in
            ModelHandler(
                name: "h\(number)", latency: latencies.randomElement(using: &random)!,
                fails: chance(25), serial: chance(30),
                timeout: chance(15) ? timeouts.randomElement(using: &random)! : nil,
                retries: chance(15) ? retryPolicy() : nil)
        }
        let calls = (0..<Int.random(in: 1...12, using: &random)).map { index in
            var dependencies: Set<Int> = []
            if index > 0, chance(40) {
                for _ in 0..<Int.random(in: 1...min(3, index), using: &random) {
                    dependencies.insert(Int.random(in: 0..<index, using: &random))
                }
            }
            return ModelCall(
                id: "call_\(index + 1)", handler: Int.random(in: 0..<handlers.count, using: &random),
                dependencies: dependencies.sorted())
        }
        let strategy = [Strategy.gather, .taskgroup, .sequential].randomElement(using: &random)!
        let limit = chance(50) ? nil : Int.random(in: 1...4, using: &random)
        let timeout = chance(50) ? nil : timeouts.randomElement(using: &random)!
        let retries = chance(40) ? retryPolicy() : nil
        return ModelQueue(
            handlers: handlers, calls: calls, strategy: strategy, limit: limit, timeout: timeout,
            retries: retries, seed: seed)
    }

    /// The queue as lines a person can read and rebuild it from.
    var description: String {
        var lines = ["strategy \(strategy.rawValue), limit \(limit.map(String.init) ?? "none"), "
            + "timeout \(timeout.map(formatMilliseconds) ?? "none"), retries \(retries?.description ?? "none"), seed \(seed)"]
        for handler in handlers {
            var line = "  register \(handler.name) latency=\(formatMilliseconds(handler.latency)) fail=\(handler.fails ? "always" : "never")"
            if handler.serial { line += " serial" }
            if let timeout = handler.timeout { line += " timeout=\(formatMilliseconds(timeout))" }
            if let retries = handler.retries { line += " retries=\(retries)" }
            lines.append(line)
        }
        for call in calls {
            let references = call.dependencies.map { " $\(calls[$0].id)" }.joined()
            lines.append("  \(call.id) \(handlers[call.handler].name)\(references)")
        }
        return lines.joined(separator: "\n")
    }
}

/// `1234.5ms`-style text for a duration, exact to the microsecond.
func formatMilliseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    let whole = micros / 1_000, fraction = micros % 1_000
    guard fraction != 0 else { return "\(whole)ms" }
    var digits = String(fraction)
    digits = String(repeating: "0", count: 3 - digits.count) + digits
    while digits.hasSuffix("0") { digits.removeLast() }
    return "\(whole).\(digits)ms"
}
