/// How one call ended: its status, when it ran, and its output or error.
public struct CallResult: Sendable, Equatable {
    public var id: String
    public var name: String
    public var status: CallStatus
    /// When it started, from the run's start; `nil` if it never started (skipped, cancelled early).
    public var startedAt: Duration?
    /// When it ended, from the run's start.
    public var finishedAt: Duration
    /// The handler's output when `status` is `ok`.
    public var output: JSONValue?
    /// What went wrong otherwise.
    public var error: String?
    /// Why a call with status `error` failed; `nil` for every other status.
    public var errorKind: ErrorKind?

    public init(
        id: String, name: String, status: CallStatus, startedAt: Duration?, finishedAt: Duration,
        output: JSONValue? = nil, error: String? = nil, errorKind: ErrorKind? = nil
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.output = output
        self.error = error
        self.errorKind = errorKind
    }

    /// How long it ran; zero if it never started.
    public var duration: Duration {
        guard let startedAt else { return .zero }
        return finishedAt - startedAt
    }
}

/// How many calls ended with each status.
public struct StatusCounts: Sendable, Equatable {
    public var ok = 0
    public var error = 0
    public var timeout = 0
    public var cancelled = 0
    public var skipped = 0

    public init() {}

    public init(_ results: some Sequence<CallResult>) {
        for result in results { self[result.status] += 1 }
    }

    public subscript(status: CallStatus) -> Int {
        get {
            switch status {
            case .ok: return ok
            case .error: return error
            case .timeout: return timeout
            case .cancelled: return cancelled
            case .skipped: return skipped
            }
        }
        set {
            switch status {
            case .ok: ok = newValue
            case .error: error = newValue
            case .timeout: timeout = newValue
            case .cancelled: cancelled = newValue
            case .skipped: skipped = newValue
            }
        }
    }

    public var total: Int { ok + error + timeout + cancelled + skipped }
}
