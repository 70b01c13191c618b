
extension ExecutionRun {
    /// The events of one run, in time order, for one iteration (see ``ExecutionRun/events``).
    ///
    /// The run hands its events over a round at a time, and the iterator takes them out of each round
    /// in turn: a run of many events costs one hand-over between threads per round, not per event.
    public struct Events: AsyncSequence, Sendable {
        /// One event of the run.
        public typealias Element = ExecutionEvent
        /// Iterating never throws.
        public typealias Failure = Never

        private let source: Source

        init(batches: AsyncStream<[ExecutionEvent]>) {
            source = Source(batches)
        }

        /// An iterator over every event of the run for the first call; one that ends at once for any
        /// later call, since each event is delivered once.
        public func makeAsyncIterator() -> Iterator {
            Iterator(batches: source.take())
        }

        /// Takes the events out of each round the run hands over, in order.
        public struct Iterator: AsyncIteratorProtocol {
            /// `nil` once the run has finished, or from the start for an iterator made second.
            @usableFromInline var batches: AsyncStream<[ExecutionEvent]>.Iterator?
            @usableFromInline var batch: [ExecutionEvent] = []
            /// The next event's position in `batch`.
            @usableFromInline var position = 0

            init(batches: AsyncStream<[ExecutionEvent]>.Iterator?) {
                self.batches = batches
            }

            /// The next event, or `nil` once the run has finished.
            ///
            /// Inlinable, so that taking an event out of a round already handed over costs a consumer
            /// in another module no call.
            @inlinable
            public mutating func next(isolation actor: isolated (any Actor)? = #isolation) async -> ExecutionEvent? {
                if position < batch.count {
                    position += 1
                    return batch[position - 1]
                }
                return await nextRound(isolation: actor)
            }

            /// The next event, or `nil` once the run has finished.
            @inlinable
            public mutating func next() async -> ExecutionEvent? {
                await next(isolation: nil)
            }

            /// Waits for the next round and returns its first event.
            @usableFromInline
            mutating func nextRound(isolation actor: isolated (any Actor)?) async -> ExecutionEvent? {
                while let round = await batches?.next(isolation: actor) {
                    guard let first = round.first else { continue }
                    batch = round
                    position = 1
                    return first
                }
                batches = nil
                batch = []
                position = 0
                return nil
            }
        }
    }
}

/// Holds the run's stream of rounds until the first iterator takes it.
private final class Source: Sendable {
    private let batches: Locked<AsyncStream<[ExecutionEvent]>?>

    init(_ batches: AsyncStream<[ExecutionEvent]>) {
        self.batches = Locked(batches)
    }

    func take() -> AsyncStream<[ExecutionEvent]>.Iterator? {
        batches.withLock { batches in
            defer { batches = nil }
            return batches?.makeAsyncIterator()
        }
    }
}
