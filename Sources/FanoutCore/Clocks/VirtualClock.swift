import Collections

/// A clock whose time moves only when it is told to: to the earliest deadline anyone sleeps until.
///
/// Under the virtual clock a simulated 1 s call takes exactly 1 s of virtual time and no real time.
/// The executor advances it whenever every simulated task is suspended, so concurrent sleepers
/// wake together and a run prints the same bytes every time.
public final class VirtualClock: Clock, Sendable {
    /// A point in virtual time: an offset from the clock's start.
    public struct Instant: InstantProtocol, Sendable {
        /// Time since the clock started.
        public var offset: Duration

        /// The instant `offset` after the clock's start.
        public init(offset: Duration) {
            self.offset = offset
        }

        /// The instant `duration` later.
        public func advanced(by duration: Duration) -> Instant {
            Instant(offset: offset + duration)
        }

        /// The time from this instant to `other`.
        public func duration(to other: Instant) -> Duration {
            other.offset - offset
        }

        /// Whether `lhs` comes before `rhs`.
        public static func < (lhs: Instant, rhs: Instant) -> Bool {
            lhs.offset < rhs.offset
        }
    }

    private struct SleeperKey: Comparable {
        var deadline: Duration
        var sequence: Int

        static func < (lhs: SleeperKey, rhs: SleeperKey) -> Bool {
            (lhs.deadline, lhs.sequence) < (rhs.deadline, rhs.sequence)
        }
    }

    private enum Sleeper: Equatable {
        static func == (lhs: Sleeper, rhs: Sleeper) -> Bool {
            switch (lhs, rhs) {
            case (.allocated, .allocated), (.cancelled, .cancelled), (.due, .due), (.parked, .parked): return true
            default: return false
            }
        }

        /// Registered, its continuation not yet stored.
        case allocated
        case parked(CheckedContinuation<Void, any Error>)
        /// Cancelled before it parked: parking resumes it at once with `CancellationError`.
        case cancelled
        /// Its deadline came before it parked: parking resumes it at once.
        case due
    }

    private struct State {
        var now = Duration.zero
        var nextSequence = 0
        var deadlines = Heap<SleeperKey>()
        var sleepers: [Int: Sleeper] = [:]
    }

    private let state = Locked(State())

    /// A clock at its start, with no sleepers.
    public init() {}

    /// The current virtual time.
    public var now: Instant {
        Instant(offset: state.withLock { $0.now })
    }

    /// Virtual time has no resolution limit.
    public var minimumResolution: Duration { .zero }

    /// Waits until the clock reaches `deadline`; throws `CancellationError` when cancelled first.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        guard let sequence = register(deadline) else { return }
        try await withTaskCancellationHandler {
            try await park(sequence)
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                switch state.sleepers[sequence] {
                case .parked(let continuation):
                    state.sleepers[sequence] = nil
                    return continuation
                case .allocated:
                    state.sleepers[sequence] = .cancelled
                    return nil
                default:
                    return nil
                }
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Sleeps until `deadline` whatever happens to the task: a blocked thread cannot be interrupted.
    func sleepUninterruptibly(until deadline: Instant) async {
        guard let sequence = register(deadline) else { return }
        try? await park(sequence)
    }

    private func register(_ deadline: Instant) -> Int? {
        state.withLock { state in
            guard deadline.offset > state.now else { return nil }
            let sequence = state.nextSequence
            state.nextSequence += 1
            state.deadlines.insert(SleeperKey(deadline: deadline.offset, sequence: sequence))
            state.sleepers[sequence] = .allocated
            return sequence
        }
    }

    private func park(_ sequence: Int) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let immediate = state.withLock { state -> Result<Void, any Error>? in
                switch state.sleepers[sequence] {
                case .allocated:
                    state.sleepers[sequence] = .parked(continuation)
                    return nil
                case .cancelled:
                    state.sleepers[sequence] = nil
                    return .failure(CancellationError())
                default:
                    state.sleepers[sequence] = nil
                    return .success(())
                }
            }
            if let immediate { continuation.resume(with: immediate) }
        }
    }

    /// Moves time to the earliest live deadline and wakes everyone due then, in registration order.
    ///
    /// - Returns: `false` when nobody is sleeping, so time cannot move.
    @discardableResult
    public func advanceToNextDeadline() -> Bool {
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>]? in
            // Skip deadlines nobody waits for any more: resumed, or cancelled before parking.
            while let first = state.deadlines.min, state.sleepers[first.sequence] == nil || state.sleepers[first.sequence] == .cancelled {
                state.deadlines.removeMin()
            }
            guard let first = state.deadlines.min else { return nil }
            state.now = first.deadline
            var due: [CheckedContinuation<Void, any Error>] = []
            while let next = state.deadlines.min, next.deadline == first.deadline {
                state.deadlines.removeMin()
                switch state.sleepers[next.sequence] {
                case .parked(let continuation):
                    state.sleepers[next.sequence] = nil
                    due.append(continuation)
                case .allocated:
                    state.sleepers[next.sequence] = .due
                default:
                    break
                }
            }
            return due
        }
        guard let due else { return false }
        for continuation in due { continuation.resume() }
        return true
    }
}
