
/// The blocking waits in progress in a virtual run: who blocks which pools until when. What is
/// left of them when the run ends is what the run hands on as ``HeldThread``s.
final class BlockingLedger: Sendable {
    private struct Entry {
        let call: String
        let pools: [HeldThread.Pool]
        let until: VirtualClock.Instant
    }

    private let entries = Locked<(next: Int, open: [Int: Entry])>((0, [:]))

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
