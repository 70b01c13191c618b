import Collections
import Dispatch
import Foundation
import Synchronization

/// Wakes sleeping tasks at their deadlines from one thread and one heap of deadlines, the way
/// asyncio's event loop keeps its timers.
///
/// `Task.sleep` costs a dispatch timer source per sleep, and with many sleeps the runtime's timer
/// thread keeps reprogramming the kernel timer; a sleep here is a heap entry, and one wake-up resumes
/// every sleeper that is due. Deadlines are kept exactly (no tolerance), so a simulated 10 ms call
/// takes 10 ms plus the thread's wake-up latency.
///
/// Handlers reach it through ``ToolContext/sleep(for:)`` on the real clock; it is public so that code
/// outside a run (a benchmark's bare task group, say) can sleep the same way.
public final class SleepTimer: Sendable {
    /// The process's timer; its thread starts at the first sleep.
    public static let shared = SleepTimer()

    /// A reserved place for one sleep: `slot` is reused once the sleep ends, so `generation` tells a
    /// late cancellation of an earlier sleep from the current one.
    private struct Ticket: Sendable {
        let slot: Int
        let generation: UInt32
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
        /// The deadline the thread sleeps until; a sleep due earlier must wake it.
        var threadWakesAt = UInt64.max
        var threadStarted = false
        /// Sleepers in the heap; the rest of its entries are left behind by cancelled sleeps.
        var waiting = 0

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
            generations[slot] &+= 1
            freeSlots.append(slot)
        }
    }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    /// Waits for `duration` without holding a thread; throws `CancellationError` when cancelled.
    public func sleep(for duration: Duration) async throws {
        // Saturating: a sleep too long to count in nanoseconds never ends, rather than wrapping round.
        let (sum, overflow) = Self.now.addingReportingOverflow(UInt64(max(0, duration.nanoseconds)))
        let deadline = overflow ? .max : sum
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
        enum Next { case wait, wakeThread, startThread, cancelled }
        let next = state.withLock { state -> Next in
            if case .cancelled = state.sleepers[ticket.slot] {
                state.release(ticket.slot)
                return .cancelled
            }
            state.sleepers[ticket.slot] = .waiting(continuation)
            state.waiting += 1
            state.heap.insert(Entry(deadline: deadline, ticket: ticket))
            if !state.threadStarted {
                state.threadStarted = true
                return .startThread
            }
            guard deadline < state.threadWakesAt else { return .wait }
            state.threadWakesAt = deadline
            return .wakeThread
        }
        switch next {
        case .wait: break
        case .wakeThread: wake.signal()
        case .startThread: startThread()
        case .cancelled: continuation.resume(throwing: CancellationError())
        }
    }

    private func cancel(_ ticket: Ticket) {
        let continuation = state.withLock { state -> UnsafeContinuation<Void, any Error>? in
            guard state.generations[ticket.slot] == ticket.generation else { return nil }
            switch state.sleepers[ticket.slot] {
            case .reserved:
                state.sleepers[ticket.slot] = .cancelled
                return nil
            case .waiting(let continuation):
                // Its heap entry stays behind, and the thread skips it (the generation moved on),
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

    private func startThread() {
        let thread = Thread { [self] in runThread() }
        thread.name = "fanout timer"
        thread.qualityOfService = .userInteractive
        thread.start()
    }

    /// Resumes the sleepers that are due, then sleeps until the next deadline or an earlier new one.
    private func runThread() -> Never {
        var due: [UnsafeContinuation<Void, any Error>] = []
        while true {
            let now = Self.now
            let wakeAt = state.withLock { state -> UInt64 in
                while let first = state.heap.min, first.deadline <= now {
                    let entry = state.heap.removeMin()
                    guard state.generations[entry.ticket.slot] == entry.ticket.generation,
                          case .waiting(let continuation) = state.sleepers[entry.ticket.slot]
                    else { continue }
                    state.release(entry.ticket.slot)
                    state.waiting -= 1
                    due.append(continuation)
                }
                state.threadWakesAt = state.heap.min?.deadline ?? .max
                return state.threadWakesAt
            }
            for continuation in due { continuation.resume() }
            due.removeAll(keepingCapacity: true)
            if wakeAt == .max {
                wake.wait()
            } else if wakeAt > Self.now {
                _ = wake.wait(timeout: DispatchTime(uptimeNanoseconds: wakeAt))
            }
        }
    }

    /// Entries in the heap, including those cancelled sleeps left behind.
    var heapCount: Int { state.withLock { $0.heap.count } }

    /// Nanoseconds on the clock `DispatchSemaphore` timeouts use.
    private static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }
}

extension Duration {
    /// The whole duration in nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return product.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
