import Testing
@testable import FanoutCore

private typealias Machine = SchedulerStateMachine
private typealias Ending = SchedulerStateMachine.Ending

private func ok(_ index: Int) -> (index: Int, status: CallStatus) { (index, .ok) }
private func failed(_ index: Int, _ status: CallStatus = .error) -> (index: Int, status: CallStatus) { (index, status) }

@Suite("Scheduler state machine")
struct SchedulerStateMachineTests {
    // MARK: Starting

    @Test func independentCallsAllStartInQueueOrder() {
        var machine = Machine(dependencies: [[], [], [], []], strategy: .gather, limit: nil)
        #expect(machine.begin() == .init(ended: [], started: [0, 1, 2, 3]))
        #expect((0..<4).allSatisfy(machine.isRunning))
        #expect(!machine.isFinished)
    }

    @Test func onlyCallsWithoutDependenciesStartFirst() {
        var machine = Machine(dependencies: [[], [0], [], [1, 2]], strategy: .gather, limit: nil)
        #expect(machine.phases == [.ready, .waiting, .ready, .waiting])
        #expect(machine.begin().started == [0, 2])
        #expect(machine.phases == [.running, .waiting, .running, .waiting])
    }

    @Test func emptyQueueIsFinishedAtOnce() {
        var machine = Machine(dependencies: [], strategy: .gather, limit: nil)
        #expect(machine.begin() == .init())
        #expect(machine.isFinished)
        #expect(machine.runStatus == .ok)
    }

    // MARK: Limit

    @Test func limitIsRespectedAndSlotsRefillInQueueOrder() {
        var machine = Machine(dependencies: Array(repeating: [], count: 5), strategy: .gather, limit: 2)
        #expect(machine.begin().started == [0, 1])
        // Call 1 finishes first: the next in queue order takes its slot.
        #expect(machine.apply([ok(1)]) == .init(ended: [Ending(index: 1, status: .ok, cause: .outcome)], started: [2]))
        // Two finish together: two slots, filled in queue order.
        #expect(machine.apply([ok(2), ok(0)]).started == [3, 4])
        #expect(machine.apply([ok(3)]).started == [])
        #expect(machine.apply([ok(4)]) == .init(ended: [Ending(index: 4, status: .ok, cause: .outcome)], started: []))
        #expect(machine.isFinished)
        #expect(machine.runStatus == .ok)
    }

    @Test func aDependentReadyEarlierInQueueOrderWinsTheSlot() {
        // Call 2 depends on 0; call 3 is independent. With limit 2, 0 and 1 start; when 0 ends,
        // both 2 and 3 are ready and 2 comes first in the queue.
        var machine = Machine(dependencies: [[], [], [0], []], strategy: .gather, limit: 2)
        #expect(machine.begin().started == [0, 1])
        #expect(machine.apply([ok(0)]).started == [2])
        #expect(machine.apply([ok(1)]).started == [3])
    }

    @Test func failuresFreeSlotsToo() {
        var machine = Machine(dependencies: [[], [], []], strategy: .gather, limit: 1)
        #expect(machine.begin().started == [0])
        #expect(machine.apply([failed(0, .timeout)]).started == [1])
        #expect(machine.apply([failed(1)]).started == [2])
    }

    @Test func nonPositiveLimitMeansOne() {
        var machine = Machine(dependencies: [[], []], strategy: .gather, limit: 0)
        #expect(machine.begin().started == [0])
    }

    @Test func sequentialIsOneAtATimeWhateverTheLimit() {
        for limit in [nil, 1, 4] {
            var machine = Machine(dependencies: [[], [], [0], []], strategy: .sequential, limit: limit)
            #expect(machine.begin().started == [0])
            #expect(machine.apply([ok(0)]).started == [1])
            #expect(machine.apply([ok(1)]).started == [2])
            #expect(machine.apply([ok(2)]).started == [3])
            #expect(machine.apply([ok(3)]).started == [])
            #expect(machine.isFinished)
        }
    }

    @Test func sequentialFailureSkipsDependentsAndGoesOn() {
        var machine = Machine(dependencies: [[], [0], []], strategy: .sequential, limit: nil)
        #expect(machine.begin().started == [0])
        #expect(machine.apply([failed(0)]) == .init(
            ended: [
                Ending(index: 0, status: .error, cause: .outcome),
                Ending(index: 1, status: .skipped, cause: .skipped(dependency: 0)),
            ],
            started: [2]
        ))
        #expect(machine.apply([ok(2)]).started == [])
        #expect(machine.isFinished)
        #expect(machine.runStatus == .ok)
    }

    // MARK: Dependencies

    @Test func dependentStartsOnlyWhenAllDependenciesSucceeded() {
        var machine = Machine(dependencies: [[], [], [0, 1]], strategy: .gather, limit: nil)
        #expect(machine.begin().started == [0, 1])
        #expect(machine.apply([ok(0)]).started == [])
        #expect(machine.phases[2] == .waiting)
        #expect(machine.apply([ok(1)]).started == [2])
        #expect(machine.isRunning(2))
    }

    @Test func dependentStartsInTheSameRoundItsLastDependencyEnds() {
        var machine = Machine(dependencies: [[], [0], [1]], strategy: .gather, limit: nil)
        _ = machine.begin()
        #expect(machine.apply([ok(0)]) == .init(ended: [Ending(index: 0, status: .ok, cause: .outcome)], started: [1]))
        #expect(machine.apply([ok(1)]).started == [2])
    }

    @Test func gatherFailureSkipsDependentsTransitively() {
        // 0 → 1 → 3, 0 → 2, 4 independent, 5 needs 4 and 3.
        var machine = Machine(dependencies: [[], [0], [0], [1], [], [3, 4]], strategy: .gather, limit: nil)
        #expect(machine.begin().started == [0, 4])
        let round = machine.apply([failed(0)])
        #expect(round.started == [])
        #expect(round.ended.first == Ending(index: 0, status: .error, cause: .outcome))
        #expect(Set(round.ended.dropFirst().map(\.index)) == [1, 2, 3, 5])
        #expect(round.ended.dropFirst().allSatisfy { $0.status == .skipped })
        let causes = Dictionary(uniqueKeysWithValues: round.ended.map { ($0.index, $0.cause) })
        #expect(causes[1] == .skipped(dependency: 0))
        #expect(causes[2] == .skipped(dependency: 0))
        #expect(causes[3] == .skipped(dependency: 1))
        #expect(causes[5] == .skipped(dependency: 3))
        // Everything else goes on.
        #expect(machine.isRunning(4))
        #expect(!machine.isFinished)
        #expect(machine.apply([ok(4)]).ended == [Ending(index: 4, status: .ok, cause: .outcome)])
        #expect(machine.isFinished)
        #expect(machine.runStatus == .ok)
    }

    @Test func aCallWithOneFailedDependencyIsSkippedEvenIfOthersSucceed() {
        var machine = Machine(dependencies: [[], [], [0, 1]], strategy: .gather, limit: nil)
        _ = machine.begin()
        #expect(machine.apply([ok(0)]).ended.count == 1)
        let round = machine.apply([failed(1, .timeout)])
        #expect(round.ended == [
            Ending(index: 1, status: .timeout, cause: .outcome),
            Ending(index: 2, status: .skipped, cause: .skipped(dependency: 1)),
        ])
        #expect(machine.isFinished)
    }

    @Test func skippedDiamondEndsOnce() {
        // 3 depends on both 1 and 2, which both depend on 0.
        var machine = Machine(dependencies: [[], [0], [0], [1, 2]], strategy: .gather, limit: nil)
        _ = machine.begin()
        let round = machine.apply([failed(0)])
        #expect(round.ended.map(\.index).sorted() == [0, 1, 2, 3])
        #expect(machine.isFinished)
    }

    @Test(arguments: [CallStatus.error, .timeout, .cancelled, .skipped])
    func everyNonOkStatusCountsAsFailure(status: CallStatus) {
        var machine = Machine(dependencies: [[], [0]], strategy: .gather, limit: nil)
        _ = machine.begin()
        let round = machine.apply([(0, status)])
        #expect(round.ended.last == Ending(index: 1, status: .skipped, cause: .skipped(dependency: 0)))
    }

    // MARK: taskgroup

    @Test func taskgroupFailureCancelsEverythingAndStartsNothing() {
        // 0, 1 run (limit 2); 2 is ready but waits for a slot; 3 waits for 0.
        var machine = Machine(dependencies: [[], [], [], [0]], strategy: .taskgroup, limit: 2)
        #expect(machine.begin().started == [0, 1])
        let round = machine.apply([failed(1)])
        #expect(round == .init(
            ended: [
                Ending(index: 1, status: .error, cause: .outcome),
                Ending(index: 0, status: .cancelled, cause: .cancelled(cause: 1)),
                Ending(index: 2, status: .cancelled, cause: .cancelled(cause: 1)),
                Ending(index: 3, status: .cancelled, cause: .cancelled(cause: 1)),
            ],
            started: []
        ))
        #expect(machine.isFinished)
        #expect(machine.runStatus == .failed)
        #expect(machine.abortCause == .cancelled(cause: 1))
    }

    @Test func taskgroupIgnoresOutcomesAfterTheAbort() {
        var machine = Machine(dependencies: [[], [], []], strategy: .taskgroup, limit: nil)
        _ = machine.begin()
        #expect(machine.apply([failed(0, .timeout)]).ended.count == 3)
        // The cancelled calls' late results change nothing.
        #expect(machine.apply([ok(1), failed(2)]) == .init())
        #expect(machine.phases == [.ended(.timeout), .ended(.cancelled), .ended(.cancelled)])
        #expect(machine.runStatus == .failed)
    }

    @Test func taskgroupSuccessesBehaveLikeGather() {
        var machine = Machine(dependencies: [[], [0], []], strategy: .taskgroup, limit: nil)
        #expect(machine.begin().started == [0, 2])
        #expect(machine.apply([ok(0)]).started == [1])
        _ = machine.apply([ok(1), ok(2)])
        #expect(machine.isFinished)
        #expect(machine.runStatus == .ok)
    }

    @Test func taskgroupFirstFailureInARoundIsTheCauseAndTheRoundsOutcomesStand() {
        var machine = Machine(dependencies: [[], [], [], []], strategy: .taskgroup, limit: nil)
        _ = machine.begin()
        let round = machine.apply([failed(2), failed(0), ok(3)])
        #expect(round.ended == [
            Ending(index: 2, status: .error, cause: .outcome),
            Ending(index: 0, status: .error, cause: .outcome),
            Ending(index: 3, status: .ok, cause: .outcome),
            Ending(index: 1, status: .cancelled, cause: .cancelled(cause: 2)),
        ])
        #expect(machine.abortCause == .cancelled(cause: 2))
    }

    // MARK: Cancel from outside

    @Test func cancelRunEndsEverythingLeft() {
        var machine = Machine(dependencies: [[], [], [0], []], strategy: .gather, limit: 2)
        _ = machine.begin()
        let round = machine.apply([ok(0)], cancelRun: true)
        #expect(round == .init(
            ended: [
                Ending(index: 0, status: .ok, cause: .outcome),
                Ending(index: 1, status: .cancelled, cause: .cancelled(cause: nil)),
                Ending(index: 2, status: .cancelled, cause: .cancelled(cause: nil)),
                Ending(index: 3, status: .cancelled, cause: .cancelled(cause: nil)),
            ],
            started: []
        ))
        #expect(machine.isFinished)
        #expect(machine.runStatus == .cancelled)
    }

    @Test func cancelRunAfterATaskgroupFailureKeepsFailed() {
        var machine = Machine(dependencies: [[], []], strategy: .taskgroup, limit: nil)
        _ = machine.begin()
        _ = machine.apply([failed(0)])
        #expect(machine.apply([], cancelRun: true) == .init())
        #expect(machine.runStatus == .failed)
    }

    @Test func cancelRunTwiceIsHarmless() {
        var machine = Machine(dependencies: [[], []], strategy: .sequential, limit: nil)
        _ = machine.begin()
        #expect(machine.apply([], cancelRun: true).ended.count == 2)
        #expect(machine.apply([], cancelRun: true) == .init())
        #expect(machine.runStatus == .cancelled)
    }

    @Test func gatherFailureDoesNotFailTheRun() {
        var machine = Machine(dependencies: [[], []], strategy: .gather, limit: nil)
        _ = machine.begin()
        _ = machine.apply([failed(0), failed(1, .timeout)])
        #expect(machine.isFinished)
        #expect(machine.runStatus == .ok)
        #expect(machine.abortCause == nil)
    }

    // MARK: Ignored outcomes

    @Test func outcomesForCallsNotRunningAreIgnored() {
        var machine = Machine(dependencies: [[], [0], []], strategy: .gather, limit: 1)
        #expect(machine.begin().started == [0])
        // 1 is waiting, 2 is ready but not started: neither outcome counts.
        #expect(machine.apply([ok(1), failed(2)]) == .init())
        #expect(machine.phases == [.running, .waiting, .ready])
        #expect(machine.apply([ok(0)]).started == [1])
        // A second outcome for a call that already ended is ignored too.
        #expect(machine.apply([failed(0)]) == .init())
        #expect(machine.phases[0] == .ended(.ok))
        #expect(machine.apply([ok(1), ok(1)]).ended == [Ending(index: 1, status: .ok, cause: .outcome)])
        #expect(machine.apply([ok(2)]).ended.count == 1)
        #expect(machine.isFinished)
    }

    @Test func isFinishedOnlyWhenEveryCallEnded() {
        var machine = Machine(dependencies: [[], [], []], strategy: .gather, limit: nil)
        _ = machine.begin()
        #expect(!machine.isFinished)
        _ = machine.apply([ok(0)])
        #expect(!machine.isFinished)
        _ = machine.apply([ok(0), ok(1)])  // the repeat of 0 must not count twice
        #expect(!machine.isFinished)
        _ = machine.apply([ok(2)])
        #expect(machine.isFinished)
    }
}
