/// How a call that fails is tried again.
///
/// A call whose handler fails (`handler_error`) or times out is run again, up to ``maxRetries``
/// more times; the n-th retry waits a random time between half and all of
/// `min(maximumBackoff, initialBackoff × 2ⁿ⁻¹)`, drawn from the run's seed and the call's id, so the
/// virtual clock repeats it exactly. Arguments that are invalid, unknown tools and denied calls are
/// never retried: trying again cannot change them. A call keeps its slot (limit, serial handler)
/// while it waits to retry.
public struct RetryPolicy: Sendable, Equatable {
    /// How many times a failed call may run again; 0 for never.
    public var maxRetries: Int
    /// The wait before the first retry (at most; see the type's summary).
    public var initialBackoff: Duration
    /// The longest wait before any retry.
    public var maximumBackoff: Duration

    /// Retries up to `maxRetries` times, waiting from `backoff`'s lower bound, doubling up to its upper.
    public init(maxRetries: Int, backoff: ClosedRange<Duration> = .milliseconds(100) ... .seconds(2)) {
        self.maxRetries = maxRetries
        initialBackoff = backoff.lowerBound
        maximumBackoff = backoff.upperBound
    }

    /// The wait before retry number `retry` (1 for the first) of the call `callID`.
    public func delay(beforeRetry retry: Int, of callID: String, seed: UInt64) -> Duration {
        let doublings = min(max(retry - 1, 0), 40)
        let ceiling = min(maximumBackoff, initialBackoff * (1 << doublings))
        var random = SeededRandomGenerator(seed: SeededRandomGenerator.seed(seed, key: "\(callID)#retry\(retry)"))
        let micros = ceiling.roundedMicroseconds
        guard micros > 1 else { return ceiling }
        return .microseconds(Int64.random(in: (micros / 2)...micros, using: &random))
    }

    /// Whether an attempt that ended with `status` and `kind` may be retried.
    static func mayRetry(_ status: CallStatus, _ kind: ErrorKind?) -> Bool {
        status == .timeout || (status == .error && (kind ?? .handlerError) == .handlerError)
    }

    /// What is wrong with the policy, if anything.
    var problem: String? {
        if maxRetries < 0 { return "retries must be at least 0, not \(maxRetries)" }
        if initialBackoff < .zero { return "a retry's backoff can't be negative" }
        if maximumBackoff < initialBackoff { return "a retry's longest backoff can't be shorter than its first" }
        return nil
    }
}
