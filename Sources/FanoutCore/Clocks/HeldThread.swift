import Synchronization

/// A thread that a blocking handler still held when its run ended on the virtual clock, and for how
/// much longer.
///
/// On the real clock such a thread stays busy into the next run, and calls there may wait for it.
/// Pass a run's ``RunReport/threadsStillHeld`` to the next virtual run as
/// ``ExecutionOptions/threadsHeldAtStart`` and that run starts with those threads taken, as a real
/// one would. No virtual time passes between runs.
public struct HeldThread: Sendable, Equatable {
    /// Which simulated pool the thread belongs to.
    public enum Pool: String, Sendable {
        /// An offload thread (`set offload thread`).
        case offload
        /// A cooperative thread, blocked by a handler run inline (`set offload inline`).
        case cooperative
        /// A processor, kept busy by `cpu` work on an offload thread.
        case processor
    }

    /// The call whose handler holds it.
    public var call: String
    public var pool: Pool
    /// How long it stays held after the end of the run that reported it.
    public var remaining: Duration

    public init(call: String, pool: Pool, remaining: Duration) {
        self.call = call
        self.pool = pool
        self.remaining = remaining
    }
}

/// The blocking waits in progress in a virtual run: who blocks which pools until when. What is
/// left of them when the run ends is what the run hands on as ``HeldThread``s.
final class BlockingLedger: Sendable {
    private struct Entry {
        let call: String
        let pools: [HeldThread.Pool]
        let until: VirtualClock.Instant
    }

    private let entries = Mutex<(next: Int, open: [Int: Entry])>((0, [:]))

    /// Records a blocking wait; returns its key, for ``end(_:)``.
    func begin(call: String, pools: [HeldThread.Pool], until deadline: VirtualClock.Instant) -> Int {
        entries.withLock { entries in
            defer { entries.next += 1 }
            entries.open[entries.next] = Entry(call: call, pools: pools, until: deadline)
            return entries.next
        }
    }

    func end(_ key: Int) {
        _ = entries.withLock { $0.open.removeValue(forKey: key) }
    }

    /// The threads still held at `end` (virtual time from the run's start), in the order the waits
    /// began.
    func held(at end: Duration) -> [HeldThread] {
        entries.withLock { entries in
            entries.open.sorted { $0.key < $1.key }.flatMap { _, entry in
                let remaining = entry.until.offset - end
                return remaining > .zero
                    ? entry.pools.map { HeldThread(call: entry.call, pool: $0, remaining: remaining) } : []
            }
        }
    }
}
