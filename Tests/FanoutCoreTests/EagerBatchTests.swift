import Testing
@testable import FanoutCore

@Suite("Eager batches")
struct EagerBatchTests {
    @Test func quickCallsAreNotSetAside() {
        let times = Array(repeating: Duration.microseconds(2), count: 256)
        #expect(EagerBatch.slowHandlers(Array(repeating: "now", count: 256), times: times).isEmpty)
    }

    @Test func oneHiccupInABigBatchSetsNothingAside() {
        // A preempted call (5 ms) among 255 quick ones averages out: the handler stays eager.
        let times = [Duration.milliseconds(5)] + Array(repeating: .microseconds(2), count: 255)
        #expect(EagerBatch.slowHandlers(Array(repeating: "now", count: 256), times: times).isEmpty)
    }

    @Test func handlersThatComputeAreSetAsideByTheirOwnAverage() {
        // "computes" takes 200 µs a call, "now" 2 µs: only the first is better off on tasks.
        let handlers = ["now", "computes", "now", "computes", "now"]
        let times: [Duration] = [.microseconds(2), .microseconds(200), .microseconds(2), .microseconds(200), .microseconds(2)]
        #expect(EagerBatch.slowHandlers(handlers, times: times) == ["computes"])
    }

    @Test func aSlowHandlerAmongManyQuickCallsIsStillSetAside() {
        // The batch as a whole averages 10 µs a call, but "computes" averages 2 ms.
        let handlers = Array(repeating: "now", count: 255) + ["computes"]
        let times = Array(repeating: Duration.microseconds(2), count: 255) + [.milliseconds(2)]
        #expect(EagerBatch.slowHandlers(handlers, times: times) == ["computes"])
    }

    @Test func nothingTimedNothingSetAside() {
        #expect(EagerBatch.slowHandlers([], times: []).isEmpty)
    }

    @Test func callsStartedAloneAreJudgedOnceTheyHaveHeldTheThreadForABatchBudget() {
        var starts = AloneStarts()
        // 400 quick starts of an awaiting handler (2 µs each) stay under the 1 ms budget: no verdict yet.
        for _ in 0..<400 { #expect(starts.record("waits", took: .microseconds(2)).isEmpty) }
        // A handler that computes 2 ms before awaiting is named by the call that takes the total past it.
        #expect(starts.record("prepares", took: .milliseconds(2)) == ["prepares"])
        // Judging starts afresh: the quick handler alone is never set aside.
        for _ in 0..<1_000 { #expect(starts.record("waits", took: .microseconds(2)).isEmpty) }
        #expect(starts.judge().isEmpty)
    }

    @Test func whatIsLeftUnjudgedIsJudgedAtTheEnd() {
        var starts = AloneStarts()
        #expect(starts.record("prepares", took: .microseconds(300)).isEmpty)
        #expect(starts.judge() == ["prepares"])
        #expect(starts.judge().isEmpty)
    }
}
