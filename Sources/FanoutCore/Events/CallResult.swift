/// How one call ended: its status, when it ran, and its output or error.
public struct CallResult: Sendable, Equatable {
    /// The call's id.
    public var id: String
    /// The handler it called.
    public var name: String
    /// How it ended.
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
    /// The attempts that failed and were retried, first to last; empty when the call ran once.
    /// The call's own ``startedAt`` is the first attempt's start, its end the last attempt's.
    public var retriedAttempts: [CallAttempt] = []
    /// When the last attempt started, for a call that was retried; `nil` otherwise.
    public var lastAttemptStartedAt: Duration?

    /// A result; `output` for a success, `error` (and its `errorKind`) otherwise.
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

    /// How many times its handler ran: 1, plus one per retry; 0 if it never started.
    public var attempts: Int { startedAt == nil ? 0 : retriedAttempts.count + 1 }

    /// How long it ran; zero if it never started.
    public var duration: Duration {
        guard let startedAt else { return .zero }
        return finishedAt - startedAt
    }
}

/// One failed attempt of a call that was tried again.
public struct CallAttempt: Sendable, Equatable {
    /// When the attempt started, from the run's start.
    public var startedAt: Duration
    /// When it ended.
    public var finishedAt: Duration
    /// `error` or `timeout`.
    public var status: CallStatus
    /// What went wrong.
    public var error: String

    /// An attempt that ran from `startedAt` to `finishedAt` and failed with `error`.
    public init(startedAt: Duration, finishedAt: Duration, status: CallStatus, error: String) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.error = error
    }
}

/// How many calls ended with each status.
public struct StatusCounts: Sendable, Equatable {
    /// Calls that ended `ok`.
    public var ok = 0
    /// Calls that ended `error`.
    public var error = 0
    /// Calls that ended `timeout`.
    public var timeout = 0
    /// Calls that ended `cancelled`.
    public var cancelled = 0
    /// Calls that ended `skipped`.
    public var skipped = 0

    /// No calls yet.
    public init() {}

    /// The counts of `results`' statuses.
    public init(_ results: some Sequence<CallResult>) {
        for result in results { self[result.status] += 1 }
    }

    /// The count of calls that ended with `status`.
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

    /// Every call counted.
    public var total: Int { ok + error + timeout + cancelled + skipped }
}

extension CallResult: CustomStringConvertible {
    /// `call_1 get_weather ok (1.000s): {"t":22}`, or the error for a call that failed.
    public var description: String {
        let duration = startedAt == nil ? "" : " (\(duration.shortText))"
        let detail = output.map(\.jsonText) ?? error ?? ""
        return "\(id) \(name) \(status.rawValue)\(duration)" + (detail.isEmpty ? "" : ": \(detail)")
    }
}
