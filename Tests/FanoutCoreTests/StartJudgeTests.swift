import Testing
@testable import FanoutCore

@Suite("Judging eager starts")
struct StartJudgeTests {
    @Test func quickCallsAreNotSetAside() {
        var judge = StartJudge()
        #expect(judge.record(Array(repeating: "now", count: 256), took: Array(repeating: .microseconds(2), count: 256)).isEmpty)
        #expect(judge.judge().isEmpty)
    }

    @Test func oneSlowStartNeverSetsAHandlerAside() {
        // A preempted start (5 ms) of a handler that awaits at once: once the budget is spent, the
        // handler's calls are judged by their majority, and most were quick.
        var judge = StartJudge()
        #expect(judge.record("waits", took: .microseconds(3)).isEmpty)
        #expect(judge.record("waits", took: .microseconds(3)).isEmpty)
        #expect(judge.record("waits", took: .milliseconds(5)).isEmpty)
        // The same in a batch, with the slow call first.
        let times = [Duration.milliseconds(20)] + Array(repeating: .microseconds(2), count: 255)
        #expect(judge.record(Array(repeating: "now", count: 256), took: times).isEmpty)
    }

    @Test func aSlowFirstStartWaitsForMoreCallsBeforeAVerdict() {
        // The budget is spent by one call: too few to judge, so it counts with the next ones.
        var judge = StartJudge()
        #expect(judge.record("waits", took: .milliseconds(3)).isEmpty)
        for _ in 0..<1_000 { #expect(judge.record("waits", took: .microseconds(2)).isEmpty) }
        #expect(judge.judge().isEmpty)
    }

    @Test func aHandlerThatComputesIsSetAsideAfterThreeCalls() {
        var judge = StartJudge()
        #expect(judge.record("prepares", took: .milliseconds(2)).isEmpty)
        #expect(judge.record("prepares", took: .milliseconds(2)).isEmpty)
        #expect(judge.record("prepares", took: .milliseconds(2)) == ["prepares"])
        // Its tally starts afresh once judged.
        #expect(judge.judge().isEmpty)
    }

    @Test func handlersAreJudgedByTheirOwnCalls() {
        // "computes" takes 200 µs a call, "now" 2 µs: only the first is better off on tasks, however
        // quick the batch is as a whole.
        var judge = StartJudge()
        let handlers = Array(repeating: "now", count: 255) + ["computes", "now", "computes", "now", "computes"]
        let times = Array(repeating: Duration.microseconds(2), count: 255)
            + [.microseconds(200), .microseconds(2), .microseconds(200), .microseconds(2), .microseconds(200)]
        #expect(judge.record(handlers, took: times) == ["computes"])
    }

    @Test func aHandlerThatTurnsSlowIsNotShieldedByItsQuickPast() {
        var judge = StartJudge()
        // The first slow call closes a judgement full of quick ones; the next three make a verdict.
        for _ in 0..<2_000 { #expect(judge.record("mixed", took: .microseconds(2)).isEmpty) }
        let verdicts = (0...StartJudge.callsForVerdict).map { _ in judge.record("mixed", took: .milliseconds(2)) }
        #expect(verdicts.last == ["mixed"])
        #expect(verdicts.dropLast().allSatisfy { $0.isEmpty })
    }

    @Test func nothingNotedNothingSetAside() {
        var judge = StartJudge()
        #expect(judge.judge().isEmpty)
        #expect(judge.record([String](), took: []).isEmpty)
    }

    @Test func aFullBurstStartsTheCallsOfAwaitingHandlersAsTasks() {
        #expect(RunOwner.start(.alone, inLaunchOf: RunOwner.spreadingLaunch) == .asTask)
        #expect(RunOwner.start(.alone, inLaunchOf: RunOwner.spreadingLaunch - 1) == .alone)
        #expect(RunOwner.start(.asTask, inLaunchOf: 1) == .asTask)
        // Handlers not judged yet still go to an eager batch, whatever the launch.
        #expect(RunOwner.start(nil, inLaunchOf: RunOwner.spreadingLaunch) == nil)
    }

    @Test func sporadicSlowStartsAmongQuickOnesNeverDecide() {
        // One start in fifty slowed down (300 µs) over ten thousand.
        var judge = StartJudge()
        for index in 0..<10_000 {
            #expect(judge.record("waits", took: index % 50 == 0 ? .microseconds(300) : .microseconds(3)).isEmpty)
        }
    }
}
