import Testing
@testable import FanoutCore

private typealias Machine = SchedulerStateMachine
private typealias Ending = SchedulerStateMachine.Ending

@Suite("Scheduler state machine: random runs")
struct SchedulerStateMachinePropertyTests {

    /// Drives random runs to the end, checking the invariants after every round.
    @Test(arguments: [Strategy.gather, .taskgroup, .sequential])
    func randomRunsKeepTheInvariants(strategy: Strategy) {
        // How much the random runs exercised, so the test cannot pass vacuously.
        var skippedCalls = 0, cancelledCalls = 0, strayOutcomes = 0, fullRounds = 0
        for seed in UInt64(1)...200 {
            let salt: UInt64 = strategy == .gather ? 0 : strategy == .taskgroup ? 1 : 2
            var random = SeededRandomGenerator(seed: seed &* 7919 &+ salt)
            let count = Int.random(in: 0...14, using: &random)
            let dependencies: [[Int]] = (0..<count).map { index in
                guard index > 0 else { return [] }
                let wanted = Int.random(in: 0...min(3, index), using: &random)
                return Array(Set((0..<wanted).map { _ in Int.random(in: 0..<index, using: &random) })).sorted()
            }
            let limit: Int? = Bool.random(using: &random) ? nil : Int.random(in: 1...4, using: &random)
            let failureRate = Double.random(in: 0...0.4, using: &random)
            let cancelAtStep: Int? = Int.random(in: 0..<10, using: &random) == 0 ? Int.random(in: 0...6, using: &random) : nil
            let context = "seed \(seed), \(strategy), limit \(String(describing: limit)), deps \(dependencies)"

            var machine = Machine(dependencies: dependencies, strategy: strategy, limit: limit)
            var endings: [Int: [Ending]] = [:]
            var starts: [Int: Int] = [:]
            var running: Set<Int> = []
            var step = 0

            func record(_ round: Machine.Round) -> Bool {
                for ending in round.ended {
                    endings[ending.index, default: []].append(ending)
                    running.remove(ending.index)
                    if case .skipped(let dependency) = ending.cause {
                        guard dependencies[ending.index].contains(dependency),
                              let cause = endings[dependency]?.first, !cause.status.isSuccess
                        else {
                            Issue.record("\(context): \(ending.index) skipped for \(dependency), which did not fail before it")
                            return false
                        }
                        guard starts[ending.index] == nil else {
                            Issue.record("\(context): \(ending.index) was skipped after it started")
                            return false
                        }
                    }
                }
                for index in round.started {
                    starts[index, default: 0] += 1
                    running.insert(index)
                    guard starts[index] == 1, endings[index] == nil else {
                        Issue.record("\(context): \(index) started twice or after it ended")
                        return false
                    }
                    guard dependencies[index].allSatisfy({ endings[$0]?.first?.status == .ok }) else {
                        Issue.record("\(context): \(index) started before its dependencies \(dependencies[index]) succeeded")
                        return false
                    }
                }
                guard round.started == round.started.sorted() else {
                    Issue.record("\(context): a round started \(round.started), not in queue order")
                    return false
                }
                let effectiveLimit = strategy == .sequential ? 1 : (limit ?? .max)
                if running.count == effectiveLimit { fullRounds += 1 }
                guard running.count <= effectiveLimit else {
                    Issue.record("\(context): \(running.count) running over limit \(effectiveLimit)")
                    return false
                }
                guard running == Set((0..<count).filter(machine.isRunning)) else {
                    Issue.record("\(context): the machine's running calls differ from the rounds'")
                    return false
                }
                // Work-conserving: while not aborted, a free slot never leaves a ready call waiting.
                if machine.abortCause == nil, running.count < effectiveLimit {
                    let idle = (0..<count).filter { machine.phases[$0] == .ready }
                    guard idle.isEmpty else {
                        Issue.record("\(context): \(idle) ready but not started with a free slot")
                        return false
                    }
                }
                return true
            }

            guard record(machine.begin()) else { continue }
            var healthy = true
            while !machine.isFinished, healthy {
                guard !running.isEmpty else {
                    Issue.record("\(context): stuck with nothing running and calls unfinished")
                    healthy = false
                    break
                }
                // Some of the running calls report, in a random order, plus a stray outcome now and then.
                var reporting = running.shuffled(using: &random)
                reporting = Array(reporting.prefix(Int.random(in: 1...reporting.count, using: &random)))
                if count > 0, Int.random(in: 0..<4, using: &random) == 0 {
                    let stray = Int.random(in: 0..<count, using: &random)
                    if !running.contains(stray) { strayOutcomes += 1 }
                    reporting.insert(stray, at: 0)
                }
                let outcomes = reporting.map { index -> (index: Int, status: CallStatus) in
                    let status: CallStatus = Double.random(in: 0..<1, using: &random) < failureRate
                        ? [.error, .timeout].randomElement(using: &random)! : .ok
                    return (index, status)
                }
                healthy = record(machine.apply(outcomes, cancelRun: step == cancelAtStep))
                step += 1
                if step > 1000 {
                    Issue.record("\(context): did not finish")
                    healthy = false
                }
            }
            guard healthy else { continue }

            // Every call ended exactly once, and the run's status fits what happened.
            #expect((0..<count).allSatisfy { endings[$0]?.count == 1 }, "\(context): endings \(endings)")
            #expect(running.isEmpty, "\(context)")
            let statuses = (0..<count).compactMap { endings[$0]?.first }
            skippedCalls += statuses.count { $0.status == .skipped }
            cancelledCalls += statuses.count { $0.status == .cancelled && $0.cause != .outcome }
            switch strategy {
            case .gather, .sequential:
                #expect(machine.runStatus == (machine.abortCause == nil ? .ok : .cancelled), "\(context)")
                // Without a cancel, every call whose dependencies all succeeded was started.
                if machine.abortCause == nil {
                    for index in 0..<count where dependencies[index].allSatisfy({ endings[$0]?.first?.status == .ok }) {
                        #expect(starts[index] == 1, "\(context): \(index) never started")
                    }
                }
            case .taskgroup:
                let firstFailure = statuses.first { $0.cause == .outcome && !$0.status.isSuccess }
                if case .cancelled(cause: let cause?) = machine.abortCause {
                    #expect(machine.runStatus == .failed, "\(context)")
                    #expect(firstFailure != nil, "\(context)")
                    #expect(endings[cause]?.first?.cause == .outcome, "\(context)")
                    #expect(!statuses.contains { $0.status == .skipped }, "\(context): taskgroup skipped a call")
                } else if machine.abortCause == nil {
                    #expect(firstFailure == nil, "\(context)")
                    #expect(statuses.allSatisfy { $0.status == .ok }, "\(context)")
                } else {
                    #expect(machine.runStatus == .cancelled, "\(context)")
                }
            }
            // A call that never started ended skipped or cancelled; one that started ended by its outcome
            // or was cancelled.
            for ending in statuses {
                if starts[ending.index] == nil {
                    #expect([.skipped, .cancelled].contains(ending.status), "\(context): \(ending)")
                } else {
                    #expect(ending.cause == .outcome || ending.status == .cancelled, "\(context): \(ending)")
                }
            }
        }
        #expect(strayOutcomes > 0)
        #expect(fullRounds > 0)
        #expect(cancelledCalls > 0)
        if strategy != .taskgroup { #expect(skippedCalls > 0) }
    }

    /// A machine built for independent calls (no per-call lists) runs exactly like one given an empty
    /// dependency list per call: the same rounds, outcome for outcome.
    @Test(arguments: [Strategy.gather, .taskgroup, .sequential])
    func independentCallsRunAsWithEmptyDependencies(strategy: Strategy) {
        var failures = 0, cancels = 0
        for seed in UInt64(1)...200 {
            var random = SeededRandomGenerator(seed: seed &* 104_729)
            let count = Int.random(in: 0...14, using: &random)
            let limit: Int? = Bool.random(using: &random) ? nil : Int.random(in: 1...4, using: &random)
            let cancelAtStep: Int? = Int.random(in: 0..<8, using: &random) == 0 ? Int.random(in: 0...4, using: &random) : nil
            var listed = Machine(dependencies: Array(repeating: [], count: count), strategy: strategy, limit: limit)
            var independent = Machine(independentCalls: count, strategy: strategy, limit: limit)
            let context = "seed \(seed), \(strategy), \(count) calls, limit \(String(describing: limit))"
            var round = listed.begin()
            #expect(independent.begin() == round, "\(context)")
            var step = 0
            while !listed.isFinished, step < 100 {
                let running = (0..<count).filter(listed.isRunning).shuffled(using: &random)
                let outcomes = running.prefix(Int.random(in: 1...max(1, running.count), using: &random)).map { index in
                    (index: index, status: Int.random(in: 0..<5, using: &random) == 0 ? CallStatus.error : .ok)
                }
                failures += outcomes.count { $0.status == .error }
                let cancel = step == cancelAtStep
                if cancel { cancels += 1 }
                round = listed.apply(outcomes, cancelRun: cancel)
                #expect(independent.apply(outcomes, cancelRun: cancel) == round, "\(context), step \(step)")
                #expect(independent.phases == listed.phases, "\(context), step \(step)")
                step += 1
            }
            #expect(listed.isFinished && independent.isFinished, "\(context)")
            #expect(independent.runStatus == listed.runStatus, "\(context)")
        }
        #expect(failures > 0)
        #expect(cancels > 0)
    }
}
