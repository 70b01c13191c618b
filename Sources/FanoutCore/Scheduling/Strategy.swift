/// How a run starts its calls, and what a failure does to the rest.
public enum Strategy: String, Sendable, CaseIterable {
    /// All ready calls at once; a failure is a result, its dependents are skipped, the rest go on.
    case gather
    /// All ready calls at once; the first failure cancels everything still running or waiting.
    case taskgroup
    /// One call at a time in queue order; failures as under `gather`.
    case sequential
}

/// How a call ended. Every call ends exactly once with one of these.
public enum CallStatus: String, Sendable, CaseIterable {
    case ok
    case error
    case timeout
    case cancelled
    case skipped

    /// Whether dependents may use the result.
    public var isSuccess: Bool { self == .ok }
}

/// How a run as a whole ended.
public enum RunStatus: String, Sendable {
    /// Every call was given its chance under the strategy (some may still have failed).
    case ok
    /// A `taskgroup` run stopped at its first failure.
    case failed
    /// The run was cancelled from outside.
    case cancelled
}
