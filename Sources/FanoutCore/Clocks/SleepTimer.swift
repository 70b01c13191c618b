import Collections
import Dispatch

/// Wakes sleeping tasks at their deadlines from one heap of deadlines and one dispatch timer, the way
/// asyncio's event loop keeps its timers.
///
/// `Task.sleep` costs a dispatch timer source per sleep, and with many sleeps the runtime's timer
/// thread keeps reprogramming the kernel timer; a sleep here is a heap entry, and one timer event
/// resumes every sleeper that is due. Deadlines are kept exactly (no tolerance). The timer's handler
/// runs on the global queue, so the sleepers it resumes continue on an awake thread, as after
/// `Task.sleep`: a dedicated timer thread, tried first, handed them over a thread wake-up later.
///
/// Handlers reach it through ``ToolContext/sleep(for:)`` on the real clock; it is public so that code
/// outside a run (a benchmark's bare task group, say) can sleep the same way.
public final class SleepTimer: Sendable {
    /// The process's timer.
    public static let shared = SleepTimer()

    /// A reserved place for one sleep: `slot` is reused once the sleep ends, so `generation` tells a
    /// late cancellation of an earlier sleep from the current one.
    ///
    /// One word, not two: a sleep keeps its ticket in its frame on the task's allocator, twice (for
    /// the wait and for a cancellation), and with those bytes saved a call that sleeps fits in one
    /// slab there (see `PreparedCall.run()`). A slot counts sleeps in progress at once. A generation
    /// never wraps: a slot whose generation is spent is retired (see `State.release`), since a
    /// cancelled sleep's heap entry stays until its deadline and must not match a later sleep.
    private struct Ticket: Sendable {
        private let storedSlot: UInt32
        let generation: UInt32

        var slot: Int { Int(storedSlot) }

        init(slot: Int, generation: UInt32) {
            storedSlot = UInt32(slot)
            self.generation = generation
        }
    }

    private struct Entry: Comparable {
        let deadline: UInt64
        let ticket: Ticket

        static func < (lhs: Entry, rhs: Entry) -> Bool { lhs.deadline < rhs.deadline }
        static func == (lhs: Entry, rhs: Entry) -> Bool { lhs.deadline == rhs.deadline }
    }

    private enum Sleeper {
        case free
        /// Reserved before the task suspends, so a cancellation arriving first is not lost.
        case reserved
        case cancelled
        case waiting(UnsafeContinuation<Void, any Error>)
    }

    private struct State {
        var heap = Heap<Entry>()
        var sleepers: [Sleeper] = []
        var generations: [UInt32] = []
        var freeSlots: [Int] = []
        /// The deadline the timer is set for; a sleep due earlier must set it again.
        var timerSetFor = UInt64.max
        /// Sleepers in the heap; the rest of its entries are left behind by cancelled sleeps.
        var waiting = 0
        /// How many times the timer has fired.
        var timerEvents = 0

        mutating func reserve() -> Ticket {
            let slot: Int
            if let free = freeSlots.popLast() {
                slot = free
            } else {
                slot = sleepers.count
                sleepers.append(.free)
                generations.append(0)
            }
            sleepers[slot] = .reserved
            return Ticket(slot: slot, generation: generations[slot])
        }

        mutating func dropCancelledEntries() {
            heap = Heap(heap.unordered.filter { generations[$0.ticket.slot] == $0.ticket.generation })
        }

        mutating func release(_ slot: Int) {
            sleepers[slot] = .free
            // Retired after four billion sleeps rather than wrapping (see `Ticket`): a word of memory.
            guard generations[slot] < .max else { return }
            generations[slot] += 1
            freeSlots.append(slot)
        }
    }

    private let state = Locked(State())
    /// The one timer, set for the earliest deadline.
    ///
    /// `nonisolated(unsafe)` because the Dispatch overlay does not mark sources `Sendable`; sharing it
    /// is safe because libdispatch sources may be used from any thread, and this one is only ever set
    /// while holding `state`'s lock, so the last setting is never later than the earliest deadline
    /// (it may be a cancelled sleep's, which costs one event that finds nothing due).
    nonisolated(unsafe) private let timer = DispatchSource.makeTimerSource(flags: .strict, queue: .global())

    init() {
        timer.setEventHandler { [weak self] in self?.fire() }
        timer.activate()
    }

    deinit {
        timer.cancel()
    }

    /// Waits for `duration` without holding a thread; throws `CancellationError` when cancelled.
    // This and `sleep(until:)` are inlined into their callers within FanoutCore: one frame instead
    // of three on the task's allocator (see `RunEnvironment.sleep`).
    @inline(__always)
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: deadline(after: duration))
    }

    /// The deadline `duration` from now, for ``sleep(until:)``: taken when a wait is decided on, it
    /// does not move with the time the waiting task takes to get a thread.
    func deadline(after duration: Duration) -> UInt64 {
        // A deadline past what dispatch can be set for (2^63 ns, some 292 years) never comes; set
        // beyond it, the timer would fire at once, again and again.
        let (sum, overflow) = Self.now.addingReportingOverflow(UInt64(max(0, duration.nanoseconds)))
        return overflow || sum > Self.latestDeadline ? .max : sum
    }

    /// Waits until `deadline` (from ``deadline(after:)``) without holding a thread; throws
    /// `CancellationError` when cancelled.
    @inline(__always)
    func sleep(until deadline: UInt64) async throws {
        let ticket = state.withLock { $0.reserve() }
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                schedule(ticket, at: deadline, continuation)
            }
        } onCancel: {
            cancel(ticket)
        }
    }

    private func schedule(_ ticket: Ticket, at deadline: UInt64, _ continuation: UnsafeContinuation<Void, any Error>) {
        let cancelled = state.withLock { state -> Bool in
            if case .cancelled = state.sleepers[ticket.slot] {
                state.release(ticket.slot)
                return true
            }
            state.sleepers[ticket.slot] = .waiting(continuation)
            state.waiting += 1
            state.heap.insert(Entry(deadline: deadline, ticket: ticket))
            if deadline < state.timerSetFor { setTimer(for: deadline, state: &state) }
            return false
        }
        if cancelled { continuation.resume(throwing: CancellationError()) }
    }

    private func cancel(_ ticket: Ticket) {
        let continuation = state.withLock { state -> UnsafeContinuation<Void, any Error>? in
            guard state.generations[ticket.slot] == ticket.generation else { return nil }
            switch state.sleepers[ticket.slot] {
            case .reserved:
                state.sleepers[ticket.slot] = .cancelled
                return nil
            case .waiting(let continuation):
                // Its heap entry stays behind, and `fire()` skips it (the generation moved on),
                // unless entries left behind (cancelled timeouts, say) outnumber the sleepers.
                state.release(ticket.slot)
                state.waiting -= 1
                if state.heap.count > 1_024 + 2 * state.waiting { state.dropCancelledEntries() }
                return continuation
            case .free, .cancelled:
                return nil
            }
        }
        continuation?.resume(throwing: CancellationError())
    }

    /// Resumes the sleepers that are due and sets the timer for the next deadline.
    private func fire() {
        let now = Self.now
        var due: [UnsafeContinuation<Void, any Error>] = []
        state.withLock { state in
            state.timerEvents += 1
            while let first = state.heap.min, first.deadline <= now {
                let entry = state.heap.removeMin()
                guard state.generations[entry.ticket.slot] == entry.ticket.generation,
                      case .waiting(let continuation) = state.sleepers[entry.ticket.slot]
                else { continue }
                state.release(entry.ticket.slot)
                state.waiting -= 1
                due.append(continuation)
            }
            state.timerSetFor = .max
            if let next = state.heap.min { setTimer(for: next.deadline, state: &state) }
        }
        for continuation in due { continuation.resume() }
    }

    private func setTimer(for deadline: UInt64, state: inout State) {
        state.timerSetFor = deadline
        // A saturated deadline never comes: leave the timer unset.
        guard deadline != .max else { return }
        timer.schedule(deadline: DispatchTime(uptimeNanoseconds: deadline), leeway: .nanoseconds(0))
    }

    /// Entries in the heap, including those cancelled sleeps left behind.
    var heapCount: Int { state.withLock { $0.heap.count } }

    /// How many times the timer has fired.
    var timerEvents: Int { state.withLock { $0.timerEvents } }

    private static let latestDeadline = UInt64(Int64.max)

    /// Nanoseconds on the clock dispatch timers use.
    private static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }
}

extension Duration {
    /// The whole duration in nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, sumOverflow) = product.addingReportingOverflow(attoseconds / 1_000_000_000)
        if sumOverflow { return seconds < 0 ? .min : .max }
        return sum
    }
}
