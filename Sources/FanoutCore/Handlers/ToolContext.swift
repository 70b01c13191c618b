/// What a handler gets besides its arguments: who it is, the run's clock, and its random seed.
///
/// Use the clock operations here instead of `Task.sleep` or `Thread.sleep`, so the handler follows
/// the run's clock: on the virtual clock they take virtual time and no real time.
public struct ToolContext: Sendable {
    /// The call being executed.
    public let callID: String
    /// The handler's name.
    public let handlerName: String
    /// A seed for this call's random draws, derived from the run's seed and the call id,
    /// so a call draws the same numbers whatever else runs beside it.
    public var seed: UInt64 { SeededRandomGenerator.seed(runSeed, key: callID) }
    /// Kept instead of `seed`: most handlers draw nothing, so the per-call hash is left until asked.
    let runSeed: UInt64
    @usableFromInline let environment: RunEnvironment
    @usableFromInline let placement: Placement

    /// Time since the run started, on the run's clock.
    public var now: Duration { environment.now }

    /// Whether the call has been cancelled (its run was cancelled, or it timed out).
    public var isCancelled: Bool { Task.isCancelled }

    /// A fresh generator seeded for this call.
    public func makeRandomGenerator() -> SeededRandomGenerator {
        SeededRandomGenerator(seed: seed)
    }

    /// Waits for `duration` without holding a thread, like `await asyncio.sleep`; throws when cancelled.
    // Inlinable, like `spend`, so that in a handler it is no frame of its own (see `RunEnvironment.sleep`).
    @inlinable
    public func sleep(for duration: Duration) async throws {
        try await environment.sleep(for: duration, placement: placement)
    }

    /// Blocks the handler's thread for `duration`, like `time.sleep`. Cancellation cannot interrupt it.
    public func blockThread(for duration: Duration) async {
        await environment.blockThread(for: duration, placement: placement, call: callID)
    }

    /// Keeps a core busy for `duration` of CPU time. Cancellation cannot interrupt it.
    public func burnCPU(for duration: Duration) async {
        await environment.burnCPU(for: duration, placement: placement, call: callID)
    }

    /// Says how far the call has got, for the live view and a `call_progress` event: `fraction` from
    /// 0 to 1 (kept to three decimals, clamped; `nil` when the handler cannot say) and a short message.
    ///
    /// Cheap enough to call often, from any thread; progress that arrives after the call ended (it
    /// timed out, or was cancelled) is dropped.
    ///
    /// ```swift
    /// for (step, file) in files.enumerated() {
    ///     context.progress(Double(step) / Double(files.count), "reading \(file)")
    ///     …
    /// }
    /// ```
    public func progress(_ fraction: Double?, _ message: String? = nil) {
        let kept = fraction.flatMap { $0.isNaN ? nil : (min(1, max(0, $0)) * 1000).rounded() / 1000 }
        environment.reportProgress(of: callID, fraction: kept, message: message)
    }

    /// Spends `duration` the way a handler of `kind` does: awaiting, blocking, or computing.
    @inlinable
    public func spend(_ duration: Duration, as kind: HandlerKind) async throws {
        switch kind {
        case .async: try await sleep(for: duration)
        case .sync: await blockThread(for: duration)
        case .cpu: await burnCPU(for: duration)
        }
    }
}

/// SplitMix64: a small, fast generator whose sequence depends only on its seed.
public struct SeededRandomGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose numbers depend only on `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next number of the sequence.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A seed mixing `seed` with the text `key` (FNV-1a), stable across processes and Swift versions.
    public static func seed(_ seed: UInt64, key: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        var generator = SeededRandomGenerator(seed: hash)
        return generator.next()
    }
}
