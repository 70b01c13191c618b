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

    @Test func nothingTimedNothingSetAside() {
        #expect(EagerBatch.slowHandlers([], times: []).isEmpty)
    }
}
