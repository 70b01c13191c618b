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
        #expect(times.max()! < TimingSlack.bound(.seconds(2)), "longest sleep: \(times.max()!)")
    }

    @Test func aDeadlineCountsFromWhenItWasTakenNotFromWhenTheSleepBegins() async throws {
        // A timeout's task may get a thread late; its deadline was taken at the call's start.
        let elapsed = try await Self.elapsed {
            let deadline = SleepTimer.shared.deadline(after: .milliseconds(100))
            try await SleepTimer.shared.sleep(for: .milliseconds(60))
            try await SleepTimer.shared.sleep(until: deadline)
        }
        #expect(elapsed >= .milliseconds(100))
        #expect(elapsed < TimingSlack.bound(.milliseconds(150)), "took \(elapsed): the deadline moved with the late start")
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
        #expect(short < TimingSlack.bound(.seconds(1)), "a 20 ms sleep behind a 30 s one took \(short)")
        let cancelled = await Self.elapsed {
            long.cancel()
            await #expect(throws: CancellationError.self) { try await long.value }
        }
        #expect(cancelled < TimingSlack.bound(.seconds(1)), "cancelling a sleep took \(cancelled)")
    }

    @Test func sleepTimerThrowsAtOnceWhenCancelledBeforeSleeping() async {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await SleepTimer.shared.sleep(for: .seconds(30))
        }
        let took = await Self.elapsed {
            await #expect(throws: CancellationError.self) { try await task.value }
        }
        #expect(took < TimingSlack.bound(.seconds(1)))
    }

    @Test func sleepTimerKeepsAReusedPlaceApartFromTheCancelledSleepBeforeIt() async throws {
        // The cancelled sleep's heap entry (due at 200 ms) stays behind when its place is reused by a
        // 500 ms sleep: it must not end the new sleep early.
        let timer = SleepTimer()
        let cancelled = Task { try await timer.sleep(for: .milliseconds(200)) }
        while timer.heapCount == 0 { await Task.yield() }
        cancelled.cancel()
        _ = await cancelled.result
        let slept = try await Self.elapsed { try await timer.sleep(for: .milliseconds(500)) }
        #expect(slept >= .milliseconds(500))
    }

    @Test func sleepTimerDropsWhatCancelledSleepsLeaveBehind() async throws {
        // A timeout cancelled when its call ends leaves an entry behind; thousands must not pile up.
        let timer = SleepTimer()
        let live = Task { try await Self.elapsed { try await timer.sleep(for: .milliseconds(300)) } }
        let sleeps = (0..<3_000).map { _ in Task { try await timer.sleep(for: .seconds(60)) } }
        while timer.heapCount < 3_001 { await Task.yield() }
        for sleep in sleeps { sleep.cancel() }
        for sleep in sleeps { _ = await sleep.result }
        #expect(timer.heapCount <= 1_024, "\(timer.heapCount) entries left behind by 3,000 cancelled sleeps")
        // Dropping the entries left behind keeps the sleeper still waiting; if it were dropped too,
        // the watchdog ends the wait with a cancellation, which fails the test.
        let watchdog = Task { try await Task.sleep(for: .seconds(5)); live.cancel() }
        let slept = try await live.value
        watchdog.cancel()
        #expect(slept >= .milliseconds(300))
    }

    @Test func sleepTimerWaitsOutASleepTooLongToSetATimerForWithoutSpinning() async throws {
        let timer = SleepTimer()
        let endless = Task { try await timer.sleep(for: .seconds(Int64.max)) }
        while timer.heapCount == 0 { await Task.yield() }
        try await Task.sleep(for: .milliseconds(300))
        // A timer set past what dispatch can hold fires at once, over and over, keeping a core busy.
        #expect(timer.timerEvents == 0, "the timer fired \(timer.timerEvents) times for a sleep that never ends")
        endless.cancel()
        await #expect(throws: CancellationError.self) { try await endless.value }
    }

    @Test func durationInNanosecondsSaturates() {
        #expect(Duration.milliseconds(10).nanoseconds == 10_000_000)
        #expect(Duration.seconds(Int64.max).nanoseconds == .max)
        #expect((Duration.seconds(9_223_372_036) + .milliseconds(900)).nanoseconds == .max)
        #expect((Duration.zero - .seconds(9_223_372_036) - .milliseconds(900)).nanoseconds == .min)
    }
}
