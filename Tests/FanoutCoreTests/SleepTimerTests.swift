import Testing
@testable import FanoutCore

/// `SleepTimer` on the real clock, in the serialized real-clock suite: bounds are generous.
extension ExecutorRealClockTests {
    private static func elapsed(_ operation: () async throws -> Void) async rethrows -> Duration {
        let start = ContinuousClock.now
        try await operation()
        return start.duration(to: .now)
    }

    @Test func sleepTimerSleepsAtLeastTheDurationWhenManySleepTogether() async {
        let times = await withTaskGroup(of: Duration.self) { group in
            for _ in 0..<2_000 {
                group.addTask {
                    await Self.elapsed { try? await SleepTimer.shared.sleep(for: .milliseconds(20)) }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(times.count == 2_000)
        #expect(times.allSatisfy { $0 >= .milliseconds(20) }, "shortest sleep: \(times.min()!)")
        #expect(times.max()! < .seconds(2), "longest sleep: \(times.max()!)")
    }

    @Test func sleepTimerEndsSleepsInDeadlineOrder() async {
        // A group hands back its children's results in the order they finish.
        let order = await withTaskGroup(of: Int.self) { group in
            for milliseconds in [90, 30, 60] {
                group.addTask {
                    try? await SleepTimer.shared.sleep(for: .milliseconds(milliseconds))
                    return milliseconds
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(order == [30, 60, 90])
    }

    @Test func sleepTimerWakesForASleepDueBeforeTheOnesWaiting() async throws {
        let long = Task { try await SleepTimer.shared.sleep(for: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(20))
        let short = try await Self.elapsed { try await SleepTimer.shared.sleep(for: .milliseconds(20)) }
        #expect(short >= .milliseconds(20))
        #expect(short < .seconds(1), "a 20 ms sleep behind a 30 s one took \(short)")
        let cancelled = await Self.elapsed {
            long.cancel()
            await #expect(throws: CancellationError.self) { try await long.value }
        }
        #expect(cancelled < .seconds(1), "cancelling a sleep took \(cancelled)")
    }

    @Test func sleepTimerThrowsAtOnceWhenCancelledBeforeSleeping() async {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await SleepTimer.shared.sleep(for: .seconds(30))
        }
        let took = await Self.elapsed {
            await #expect(throws: CancellationError.self) { try await task.value }
        }
        #expect(took < .seconds(1))
    }

    @Test func sleepTimerKeepsAReusedPlaceApartFromTheCancelledSleepBeforeIt() async throws {
        // The cancelled sleep's heap entry (due at 20 ms) stays behind when its place is reused by a
        // 200 ms sleep: it must not end the new sleep early.
        let cancelled = Task { try await SleepTimer.shared.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(5))
        cancelled.cancel()
        _ = await cancelled.result
        let slept = try await Self.elapsed { try await SleepTimer.shared.sleep(for: .milliseconds(200)) }
        #expect(slept >= .milliseconds(200))
    }

    @Test func sleepTimerDropsWhatCancelledSleepsLeaveBehind() async {
        // A timeout cancelled when its call ends leaves an entry behind; thousands must not pile up.
        let timer = SleepTimer()
        let sleeps = (0..<3_000).map { _ in Task { try await timer.sleep(for: .seconds(60)) } }
        while timer.heapCount < 3_000 { await Task.yield() }
        for sleep in sleeps { sleep.cancel() }
        for sleep in sleeps { _ = await sleep.result }
        #expect(timer.heapCount <= 1_024, "\(timer.heapCount) entries left behind by 3,000 cancelled sleeps")
    }
}
