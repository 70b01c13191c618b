import Foundation
import Testing
@testable import FanoutCore
import FanoutSimulation

/// Runs random queues through the executor on the virtual clock and through ``ReferenceScheduler``,
/// and demands the same status, start, end and retries for every call, the same wall and the same
/// run status.
///
/// `FANOUT_MODEL_SEEDS=N` runs seeds 1…N (2,000 by default); `FANOUT_MODEL_SEED=S` runs seed S alone,
/// to reproduce a failure.
///
/// The retries' backoff is random per seed: RetryPolicy documents it as a draw between half and all
/// of `min(maximum, initial × 2ⁿ⁻¹)` from the run's seed and the call's id. The model takes the drawn
/// value from `RetryPolicy.delay(beforeRetry:of:seed:)`, the documented draw (the only executor
/// function it uses), after checking that the value lies in that documented range; a third of the
/// policies use a backoff of 0…0, which is deterministic outright (retries in the same instant).
@Suite("Reference model of the scheduler")
struct SchedulerModelTests {
    private static var seeds: ClosedRange<UInt64> {
        let environment = ProcessInfo.processInfo.environment
        if let seed = environment["FANOUT_MODEL_SEED"].flatMap({ UInt64($0) }) { return seed...seed }
        let count = environment["FANOUT_MODEL_SEEDS"].flatMap { UInt64($0) } ?? 2_000
        return 1...max(count, 1)
    }

    @Test func theExecutorAgreesWithTheModelOnRandomQueues() async throws {
        var mismatches: [UInt64] = []
        var reported = 0
        var seen: [CallStatus: Int] = [:]
        var retriedCalls = 0, failedRuns = 0, waitedForSerial = 0
        for seed in Self.seeds {
            let queue = ModelQueue.random(seed: seed)
            var backoffProblems: [String] = []
            let expected = ReferenceScheduler.run(queue) { index, retry, policy in
                let delay = Self.policy(policy).delay(beforeRetry: retry, of: queue.calls[index].id, seed: queue.seed)
                let ceiling = policy.ceiling(beforeRetry: retry)
                if delay > ceiling || delay * 2 + .microseconds(1) < ceiling {
                    backoffProblems.append("retry \(retry) of \(queue.calls[index].id) waits \(formatMilliseconds(delay)), "
                        + "outside half…all of \(formatMilliseconds(ceiling))")
                }
                return delay
            }
            let actual = try await Self.runExecutor(queue)
            for problem in backoffProblems { Issue.record("seed \(seed): \(problem)") }

            for call in expected.calls { seen[call.status, default: 0] += 1 }
            retriedCalls += expected.calls.filter { $0.retried > 0 }.count
            failedRuns += expected.status == .failed ? 1 : 0
            waitedForSerial += Self.serialHandlerMadeACallWait(queue, expected) ? 1 : 0

            guard actual != expected else { continue }
            mismatches.append(seed)
            // The first few in full; the seeds of all of them below.
            guard reported < 3 else { continue }
            reported += 1
            Issue.record("""
                The executor and the model disagree on seed \(seed) (FANOUT_MODEL_SEED=\(seed) reruns it alone).
                Queue:
                \(queue.description)
                \(Self.sideBySide(queue, model: expected, executor: actual))
                """)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(Self.seeds.count) seeds disagree: \(mismatches.prefix(40))")

        // The random queues must exercise what the model covers, or agreeing would mean little.
        guard Self.seeds.count >= 500 else { return }
        for status in CallStatus.allCases {
            #expect(seen[status, default: 0] > 0, "no call ended \(status.rawValue)")
        }
        #expect(retriedCalls > 0 && failedRuns > 0 && waitedForSerial > 0)
    }

    @Test func theModelFollowsTheContractOnAHandWorkedQueue() {
        // call_1 fails at 100 ms; call_2 needs it and is skipped then; call_3 (serial, like call_4)
        // runs 0…1 s, so call_4 waits for it and starts at 1 s although a slot is free.
        let handlers = [
            ModelHandler(name: "fail", latency: .milliseconds(100), fails: true, serial: false),
            ModelHandler(name: "db", latency: .seconds(1), fails: false, serial: true),
        ]
        let calls = [
            ModelCall(id: "call_1", handler: 0, dependencies: []), ModelCall(id: "call_2", handler: 1, dependencies: [0]),
            ModelCall(id: "call_3", handler: 1, dependencies: []), ModelCall(id: "call_4", handler: 1, dependencies: []),
        ]
        let queue = ModelQueue(handlers: handlers, calls: calls, strategy: .gather, limit: 3, timeout: nil, retries: nil, seed: 1)
        let timeline = ReferenceScheduler.run(queue) { _, _, _ in .zero }
        #expect(timeline.calls.map(\.status) == [.error, .skipped, .ok, .ok])
        #expect(timeline.calls.map(\.start) == [.zero, nil, .zero, .seconds(1)])
        #expect(timeline.calls.map(\.end) == [.milliseconds(100), .milliseconds(100), .seconds(1), .seconds(2)])
        #expect(timeline.wall == .seconds(2))
    }

    /// A bug the model found (seed 585 among others): one serial handler, call_3 and call_4 waiting
    /// for call_1; when it ended, call_2 (its dependent, earlier in the queue) started first, and
    /// call_3 went back to the end of the serial handler's waiting line, behind call_4, against
    /// DESIGN §2's "Ready calls start in queue order". The waiting line is now ordered by queue index.
    @Test func serialCallsStartInQueueOrder() async throws {
        let database = ModelHandler(name: "db", latency: .milliseconds(100), fails: false, serial: true)
        let calls = [
            ModelCall(id: "call_1", handler: 0, dependencies: []), ModelCall(id: "call_2", handler: 0, dependencies: [0]),
            ModelCall(id: "call_3", handler: 0, dependencies: []), ModelCall(id: "call_4", handler: 0, dependencies: []),
        ]
        let queue = ModelQueue(handlers: [database], calls: calls, strategy: .gather, limit: nil, timeout: nil, retries: nil, seed: 1)
        let expected = ReferenceScheduler.run(queue) { _, _, _ in .zero }
        #expect(expected.calls.map(\.start) == [.zero, .milliseconds(100), .milliseconds(200), .milliseconds(300)])
        let actual = try await Self.runExecutor(queue)
        #expect(actual == expected, "\n\(Self.sideBySide(queue, model: expected, executor: actual))")
    }

    // MARK: - The executor's side

    private static func policy(_ retry: ModelRetry) -> RetryPolicy {
        RetryPolicy(maxRetries: retry.maxRetries, backoff: retry.initialBackoff...retry.maximumBackoff)
    }

    /// Runs `queue` through the executor: async simulated handlers, no jitter, on the virtual clock.
    private static func runExecutor(_ queue: ModelQueue) async throws -> ModelTimeline {
        let handlers: [any ToolHandler] = queue.handlers.map { handler in
            SimulatedHandler(name: handler.name, spec: HandlerSpec(
                kind: .async, latency: handler.latency, jitter: .zero, failure: handler.fails ? .always : .never,
                timeout: handler.timeout, retries: handler.retries.map(policy), serial: handler.serial))
        }
        let path = try JSONPath(parsing: "function")
        let calls = queue.calls.map { call in
            var arguments: CallArguments = [:]
            for (position, dependency) in call.dependencies.enumerated() {
                arguments["in\(position)"] = .reference(CallReference(callID: queue.calls[dependency].id, path: path))
            }
            return ToolCall(id: call.id, name: queue.handlers[call.handler].name, arguments: arguments)
        }
        var options = ExecutionOptions(strategy: queue.strategy, limit: queue.limit, timeout: queue.timeout, clock: .virtual, seed: queue.seed)
        options.retries = queue.retries.map(policy)
        let (report, _) = try await runVirtual(calls, handlers: handlers, options: options)
        return ModelTimeline(
            calls: report.results.map { result in
                ModelCallTimeline(status: result.status, start: result.startedAt, end: result.finishedAt, retried: result.retriedAttempts.count)
            },
            wall: report.wall, status: report.status)
    }

    // MARK: - Reporting

    /// Whether some call started later than its dependencies (and the run) allowed only because a
    /// call of its serial handler held the handler.
    private static func serialHandlerMadeACallWait(_ queue: ModelQueue, _ timeline: ModelTimeline) -> Bool {
        queue.calls.indices.contains { index in
            guard let start = timeline.calls[index].start, start > .zero, queue.handlers[queue.calls[index].handler].serial
            else { return false }
            return queue.calls.indices.contains { other in
                other != index && queue.calls[other].handler == queue.calls[index].handler
                    && timeline.calls[other].end == start && timeline.calls[other].start != nil
            }
        }
    }

    /// Both timelines, a line a call, with `≠` before the calls they disagree on.
    private static func sideBySide(_ queue: ModelQueue, model: ModelTimeline, executor: ModelTimeline) -> String {
        func text(_ call: ModelCallTimeline?) -> String {
            guard let call else { return "(missing)" }
            let start = call.start.map(formatMilliseconds) ?? "never"
            let retried = call.retried > 0 ? " retried \(call.retried)" : ""
            return "\(call.status.rawValue) \(start) → \(formatMilliseconds(call.end))\(retried)"
        }
        func padded(_ text: String, _ width: Int) -> String {
            text + String(repeating: " ", count: max(0, width - text.count))
        }
        var lines = [padded("", 10) + padded("model", 34) + "executor"]
        for index in queue.calls.indices {
            let ours = index < model.calls.count ? model.calls[index] : nil
            let theirs = index < executor.calls.count ? executor.calls[index] : nil
            let mark = ours == theirs ? "  " : "≠ "
            lines.append(mark + padded(queue.calls[index].id, 8) + padded(text(ours), 34) + text(theirs))
        }
        let wallMark = model.wall == executor.wall && model.status == executor.status ? "  " : "≠ "
        lines.append(wallMark + padded("run", 8)
            + padded("\(model.status.rawValue), wall \(formatMilliseconds(model.wall))", 34)
            + "\(executor.status.rawValue), wall \(formatMilliseconds(executor.wall))")
        return lines.joined(separator: "\n")
    }
}
