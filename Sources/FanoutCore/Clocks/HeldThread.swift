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
        /// A share of the processors, taken by `cpu` work on an offload thread (see `ProcessorSharing`).
        case processor
    }

    /// The call whose handler holds it.
    public var call: String
    /// The pool it belongs to.
    public var pool: Pool
    /// How long it stays held after the end of the run that reported it, at the speed it ran then;
    /// for a processor, the CPU work left.
    public var remaining: Duration

    /// A thread of `pool` that call `call` holds for `remaining` more.
    public init(call: String, pool: Pool, remaining: Duration) {
        self.call = call
        self.pool = pool
        self.remaining = remaining
    }
}
