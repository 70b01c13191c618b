import Foundation
import Testing
@testable import FanoutCore

/// Real-clock behaviour, with generous bounds: this is a shared 2-core machine.
@Suite("Executor on the real clock", .serialized)
struct ExecutorRealClockTests {
    @Test func offloadedSyncHandlersDoNotStallAsyncWork() async throws {
        let calls = (1...8).map { call("call_\($0)", "blocking") }
        let executor = Executor(handlers: HandlerRegistry([handler("blocking", .sync)]), offloadPool: OffloadPool(maximumThreads: 8))
        let lateness = Locked(Duration.zero)
        let heartbeat = Task {
            let clock = ContinuousClock()
            while !Task.isCancelled {
                let before = clock.now
                try? await Task.sleep(for: .milliseconds(50))
                let late = before.duration(to: clock.now) - .milliseconds(50)
                lateness.withLock { $0 = max($0, late) }
            }
        }
        let started = ContinuousClock.now
        let report = try await executor.run(calls)
        let elapsed = started.duration(to: .now)
        heartbeat.cancel()
        #expect(report.results.allSatisfy { $0.status == .ok })
        #expect(elapsed < TimingSlack.bound(.milliseconds(1600)), "eight 1 s blocking calls on 8 offload threads took \(elapsed)")
        #expect(elapsed >= .seconds(1))
        let worst = lateness.withLock { $0 }
        #expect(worst < TimingSlack.bound(.milliseconds(300)), "the heartbeat was \(worst) late while blocking calls ran")
    }

    @Test func cancellingARunEndsEveryCallPromptly() async throws {
        let calls = (1...6).map { call("call_\($0)", "slow") }
        let executor = Executor(handlers: HandlerRegistry([handler("slow", latency: .seconds(5))]))
        let run = try executor.start(calls)
        try await Task.sleep(for: .milliseconds(100))
        let cancelledAt = ContinuousClock.now
        run.cancel()
        let report = await run.report
        let took = cancelledAt.duration(to: .now)
        #expect(took < TimingSlack.bound(.milliseconds(200)), "cancel took \(took)")
        #expect(report.status == .cancelled)
        #expect(report.results.map(\.status) == Array(repeating: .cancelled, count: 6))
        var finishes = 0
        for await event in run.events {
            if case .callFinished = event { finishes += 1 }
        }
        #expect(finishes == 6)
    }

    @Test func cancellingTheAwaitingTaskCancelsTheRun() async throws {
        let executor = Executor(handlers: HandlerRegistry([handler("slow", latency: .seconds(5))]))
        let waiting = Task { try await executor.run([call("call_1", "slow"), call("call_2", "slow")]) }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        let report = try await waiting.value
        #expect(report.results.map(\.status) == [.cancelled, .cancelled])
    }

    @Test func aBlockedSyncCallTimesOutAtOnce() async throws {
        let executor = Executor(handlers: HandlerRegistry([handler("blocking", .sync, latency: .seconds(1))]))
        let started = ContinuousClock.now
        let report = try await executor.run([call("call_1", "blocking")], options: ExecutionOptions(timeout: .milliseconds(100)))
        let elapsed = started.duration(to: .now)
        #expect(report["call_1"].status == .timeout)
        #expect(elapsed < TimingSlack.bound(.milliseconds(700)), "a timed-out call must not wait for its blocked thread (took \(elapsed))")
    }

    @Test func realAndVirtualAgreeOnTheShapeOfARun() async throws {
        let calls = [
            call("A", "fast"), call("B", "slow"),
            ToolCall(id: "C", name: "slow", arguments: ["x": .reference(CallReference(callID: "A"))]),
        ]
        let handlers = [handler("fast", latency: .milliseconds(100)), handler("slow", latency: .milliseconds(200))]
        let real = try await Executor(handlers: HandlerRegistry(handlers)).run(calls)
        #expect(real.results.map(\.status) == [.ok, .ok, .ok])
        #expect(real.wall >= .milliseconds(300))
        #expect(real.wall < TimingSlack.bound(.milliseconds(900)))
        #expect(real.criticalPath == ["A", "C"])
    }

    /// Inline, blocking calls hold every cooperative thread, and an async call queued after them
    /// waits for one before it starts, as on the virtual clock and in asyncio: the pitfall the
    /// lesson shows. Started eagerly, it would have slept beside them and ended with them.
    @Test func inlineBlockingCallsHoldAnAsyncCallQueuedAfterThemOnBothClocks() async throws {
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let calls = (1...threads).map { call("block_\($0)", "block") } + [call("fetch", "fetch")]
        let handlers = [handler("block", .sync, latency: .milliseconds(400)), handler("fetch", latency: .milliseconds(400))]
        let options = ExecutionOptions(offload: .inline, cores: threads)
        let real = try await Executor(handlers: HandlerRegistry(handlers)).run(calls, options: options)
        #expect(real.results.map(\.status).allSatisfy { $0 == .ok })
        #expect(real["fetch"].finishedAt >= .milliseconds(750), "\(real["fetch"])")
        var virtualOptions = options
        virtualOptions.clock = .virtual
        let virtual = try await Executor(handlers: HandlerRegistry(handlers)).run(calls, options: virtualOptions)
        #expect(virtual["fetch"].finishedAt == .milliseconds(800))
    }

    @Test func eagerlyStartedHandlersStillRunConcurrentlyAndTimeOut() async throws {
        // Instant handlers return inside their eager start; the awaiting ones are started eagerly
        // once, then as ordinary tasks. Either way they overlap, and a deadline still cancels them.
        let calls = (1...200).map { call("instant_\($0)", "instant") }
            + (1...50).map { call("wait_\($0)", "wait") }
            + [call("late", "slow")]
        let handlers = [
            handler("instant", latency: .zero), handler("wait", latency: .milliseconds(200)),
            handler("slow", latency: .seconds(5), timeout: .milliseconds(100)),
        ]
        let started = ContinuousClock.now
        let report = try await Executor(handlers: HandlerRegistry(handlers)).run(calls)
        let elapsed = started.duration(to: .now)
        #expect(report.results.prefix(250).allSatisfy { $0.status == .ok })
        #expect(report["late"].status == .timeout)
        #expect(elapsed >= .milliseconds(200))
        #expect(elapsed < TimingSlack.bound(.seconds(2)), "fifty 200 ms awaits must overlap (took \(elapsed))")
    }

    @Test func aBigRoundStartsInBurstsAndKeepsTheEventRules() async throws {
        // 3,000 calls start a burst at a time, with finishes reported between bursts. The stream
        // must still hold: one start before one finish per call, times never going back.
        let calls = (1...3_000).map { call("call_\($0)", $0 % 3 == 0 ? "wait" : "instant") }
        let handlers = [handler("instant", latency: .zero), handler("wait", latency: .milliseconds(20))]
        let run = try Executor(handlers: HandlerRegistry(handlers)).start(calls)
        var started: Set<String> = [], finished: Set<String> = []
        var lastTime = Duration.zero
        var orderKept = true
        for await event in run.events {
            switch event {
            case .callStarted(_, let id, _, let time):
                orderKept = orderKept && !finished.contains(id) && started.insert(id).inserted && time >= lastTime
                lastTime = time
            case .callFinished(_, let result):
                orderKept = orderKept && started.contains(result.id) && finished.insert(result.id).inserted
                    && result.finishedAt >= lastTime
                lastTime = result.finishedAt
            default:
                break
            }
        }
        let report = await run.report
        #expect(orderKept)
        #expect(finished.count == 3_000)
        #expect(report.results.allSatisfy { $0.status == .ok })
    }

    @Test func callsOfOneBurstFinishBeforeTheNextBurstStarts() async throws {
        // Outcomes are taken in before the next burst is started, so the first burst's calls keep
        // their own finish times instead of taking the next burst's start time.
        let calls = (0..<1_000).map { call("call_\($0)", "now") }
        let report = try await Executor(handlers: HandlerRegistry([InlineHandler(name: "now")])).run(calls)
        let nextBurst = report.results[RunOwner.startBurst].startedAt!
        #expect(report.results[..<RunOwner.startBurst].allSatisfy { $0.finishedAt < nextBurst })
        #expect(report.results.allSatisfy { $0.status == .ok && $0.finishedAt >= $0.startedAt! })
    }

    @Test func cancellingDuringABigRoundEndsTheCallsNotYetStarted() async throws {
        let calls = (1...20_000).map { call("call_\($0)", "wait") }
        let run = try Executor(handlers: HandlerRegistry([handler("wait", latency: .seconds(5))])).start(calls)
        run.cancel()
        let report = await run.report
        #expect(report.status == .cancelled)
        #expect(report.results.allSatisfy { $0.status == .cancelled })
        var starts = 0, finishes = 0
        for await event in run.events {
            if case .callStarted = event { starts += 1 }
            if case .callFinished = event { finishes += 1 }
        }
        #expect(finishes == 20_000)
        // The cancel is waiting before the second burst, so most calls never start.
        #expect(starts < 20_000)
        #expect(starts == report.results.filter { $0.startedAt != nil }.count)
    }

    @Test func eagerBatchesHandOverCallsThatAwaitFailOrRunLong() async throws {
        // In queue order: returns at once, awaits 100 ms, throws at once, computes 5 ms without
        // awaiting (so its calls stay on the launching thread), and one that awaits past its
        // deadline. Every call must end as its own handler says.
        let kinds = ["now", "waits", "throws", "computes", "now", "stuck"]
        let calls = (0..<600).map { call("call_\($0)", kinds[$0 % kinds.count]) }
        let handlers: [any ToolHandler] = [
            InlineHandler(name: "now"), InlineHandler(name: "throws", throwing: true),
            InlineHandler(name: "computes", computing: .milliseconds(5)),
            handler("waits", latency: .milliseconds(100)),
            handler("stuck", latency: .seconds(5), timeout: .milliseconds(150)),
        ]
        let started = ContinuousClock.now
        let report = try await Executor(handlers: HandlerRegistry(handlers)).run(calls)
        let elapsed = started.duration(to: .now)
        let expected: [String: CallStatus] = [
            "now": .ok, "waits": .ok, "throws": .error, "computes": .ok, "stuck": .timeout,
        ]
        #expect(report.results.allSatisfy { $0.status == expected[$0.name] })
        #expect(report.results.filter { $0.name == "throws" }.allSatisfy { $0.error == "InlineHandler failed" })
        // A hundred 100 ms waits overlap; a hundred 5 ms computations take at most 500 ms on one core.
        #expect(elapsed < TimingSlack.bound(.seconds(3)), "took \(elapsed)")
    }
}

/// Returns without awaiting: at once, after throwing, or after computing for a while.
private struct InlineHandler: ToolHandler {
    let name: String
    var throwing = false
    var computing = Duration.zero

    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        if computing > .zero { CPUTime.spin(for: computing) }
        if throwing { throw ToolError("InlineHandler failed") }
        return ["ok": true]
    }
}
