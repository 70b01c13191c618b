
/// The processors that `cpu` work on offload threads shares under the virtual clock, as an operating
/// system time-slices threads: with more pieces of work than processors, each runs at
/// `processors / pieces` of full speed. Four half-second pieces on two processors all end at one
/// second, as they do on a real machine, rather than two at half a second and two at one.
///
/// Work on cooperative threads (`offload inline`) is not shared: a task keeps its thread until it
/// awaits, so those wait their turn in a ``SlotPool``.
final class ProcessorSharing: Sendable {
    private struct Piece {
        let call: String
        /// Whether the piece holds its offload thread here; work carried over from an earlier run
        /// does not: that run handed its thread on as a ``HeldThread`` of its own.
        let holdsThread: Bool
        /// CPU time still to do.
        var remaining: Duration
        let continuation: UnsafeContinuation<Void, Never>
    }

    private struct State {
        var pieces: [Int: Piece] = [:]
        var nextKey = 0
        /// The virtual time up to which `remaining` is counted.
        var countedTo = Duration.zero
        /// Wakes the simulation when the next piece is done; replaced whenever pieces come or go.
        var timer: Task<Void, Never>?
    }

    private let state = Locked(State())
    private let processors: Int
    private let clock: VirtualClock
    private let executor: SimulationExecutor

    init(processors: Int, clock: VirtualClock, executor: SimulationExecutor) {
        self.processors = max(1, processors)
        self.clock = clock
        self.executor = executor
    }

    /// Does `work` of CPU time for `call`, sharing the processors with every other piece in progress;
    /// cancellation cannot interrupt it.
    func compute(_ work: Duration, for call: String, holdingItsThread holdsThread: Bool = true) async {
        guard work > .zero else { return }
        await withUnsafeContinuation { continuation in
            state.withLock { state in
                count(&state)
                state.pieces[state.nextKey] = Piece(call: call, holdsThread: holdsThread, remaining: work, continuation: continuation)
                state.nextKey += 1
                schedule(&state)
            }
        }
    }

    /// The threads and processors pieces in progress at `end` still hold, at the speed they run at
    /// then: a thread until its piece is done, a processor for the work left.
    func held(at end: Duration) -> [HeldThread] {
        state.withLock { state in
            count(&state)
            let pieces = state.pieces.count
            return state.pieces.sorted { $0.key < $1.key }.flatMap { _, piece in
                let processor = HeldThread(call: piece.call, pool: .processor, remaining: piece.remaining)
                guard piece.holdsThread else { return [processor] }
                let thread = HeldThread(call: piece.call, pool: .offload, remaining: piece.remaining * pieces / min(pieces, processors))
                return [thread, processor]
            }
        }
    }

    /// Counts the work done since `countedTo`, every piece at the shared speed.
    private func count(_ state: inout State) {
        let now = clock.now.offset
        let elapsed = now - state.countedTo
        state.countedTo = now
        let pieces = state.pieces.count
        guard elapsed > .zero, pieces > 0 else { return }
        let done = elapsed * min(pieces, processors) / pieces
        for key in state.pieces.keys { state.pieces[key]?.remaining -= done }
    }

    /// Sets the timer for the moment the piece with the least work left is done.
    private func schedule(_ state: inout State) {
        state.timer?.cancel()
        state.timer = nil
        guard let least = state.pieces.values.map(\.remaining).min() else { return }
        let pieces = state.pieces.count
        let deadline = clock.now.advanced(by: max(.zero, least * pieces / min(pieces, processors)))
        state.timer = Task(executorPreference: executor) { [weak self, clock] in
            guard (try? await clock.sleep(until: deadline)) != nil else { return }
            self?.finishDue()
        }
    }

    private func finishDue() {
        let done = state.withLock { state -> [UnsafeContinuation<Void, Never>] in
            count(&state)
            // Shares of a duration are rounded to attoseconds: a piece this close to done is done.
            let due = state.pieces.filter { $0.value.remaining <= .nanoseconds(1) }.sorted { $0.key < $1.key }
            for (key, _) in due { state.pieces[key] = nil }
            schedule(&state)
            return due.map(\.value.continuation)
        }
        for continuation in done { continuation.resume() }
    }
}
