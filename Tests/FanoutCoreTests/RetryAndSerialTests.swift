import FanoutSimulation
import Testing
@testable import FanoutCore

@Suite("Retries and serial handlers")
struct RetryAndSerialTests {
    /// Fails the first `failures` calls it gets, then succeeds: a flaky tool.
    private final class Flaky: ToolHandler {
        let name: String
        let retryPolicy: RetryPolicy?
        private let remaining: Locked<Int>

        init(_ name: String, failures: Int, retries: Int) {
            self.name = name
            remaining = Locked(failures)
            retryPolicy = RetryPolicy(maxRetries: retries, backoff: .milliseconds(100) ... .milliseconds(100))
        }

        func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
            try await context.sleep(for: .milliseconds(200))
            let fails = remaining.withLock { count -> Bool in
                defer { count -= 1 }
                return count > 0
            }
            if fails { throw ToolError("ConnectionError: reset") }
            return "ok"
        }
    }

    private func retries(in events: [ExecutionEvent]) -> [CallRetry] {
        events.compactMap { if case .callRetry(let retry) = $0 { retry } else { nil } }
    }

    @Test func aFailedCallRunsAgainAfterItsBackoffAndSucceeds() async throws {
        let (report, events) = try await runVirtual([call("c1", "flaky")], handlers: [Flaky("flaky", failures: 2, retries: 3)])
        let result = report["c1"]
        #expect(result.status == .ok)
        #expect(result.attempts == 3)
        let waits = retries(in: events).map(\.delay)
        #expect(retries(in: events).map(\.attempt) == [1, 2])
        #expect(waits.allSatisfy { $0 >= .milliseconds(50) && $0 <= .milliseconds(100) })
        // Three attempts of 200 ms and the two waits between them, exactly.
        #expect(result.finishedAt == .milliseconds(600) + waits[0] + waits[1])
        #expect(result.retriedAttempts.map(\.error) == ["ConnectionError: reset", "ConnectionError: reset"])
        #expect(result.lastAttemptStartedAt == .milliseconds(400) + waits[0] + waits[1])
        let line = try #require(events.first { if case .callRetry = $0 { true } else { false } }?.jsonLine)
        #expect(line.hasPrefix(#"{"event":"call_retry","run":1,"call":"c1","name":"flaky","t_ms":200,"attempt":1,"error":"ConnectionError: reset","delay_ms":"#))
        // The call's finish says how many attempts it took, after its duration.
        let finished = try #require(events.first { if case .callFinished = $0 { true } else { false } }?.jsonLine)
        #expect(finished.contains(#","attempts":3,"output":"ok"}"#), "\(finished)")
    }

    @Test func aCallThatRanOnceFinishesWithoutAnAttemptsKey() async throws {
        let (_, events) = try await runVirtual([call("c1", "flaky")], handlers: [Flaky("flaky", failures: 0, retries: 3)])
        let finished = try #require(events.first { if case .callFinished = $0 { true } else { false } }?.jsonLine)
        #expect(finished.hasPrefix(#"{"event":"call_finished","run":1,"call":"c1","name":"flaky","status":"ok","started_ms":0,"t_ms":200,"duration_ms":200,"output":"#), "\(finished)")
    }

    @Test func theLastAttemptsFailureIsTheResult() async throws {
        let (report, events) = try await runVirtual([call("c1", "flaky")], handlers: [Flaky("flaky", failures: 5, retries: 2)])
        #expect(report["c1"].status == .error)
        #expect(report["c1"].attempts == 3)
        #expect(retries(in: events).count == 2)
    }

    @Test func timeoutsRetryButInvalidArgumentsAndUnknownToolsDoNot() async throws {
        let slow = SimulatedHandler(name: "slow", spec: HandlerSpec(latency: .seconds(1), timeout: .milliseconds(100), retries: RetryPolicy(maxRetries: 1)))
        let strict = Tool("strict", parameters: .object(["x": .integer()], required: ["x"])) { _, _ in "ok" }
        var options = ExecutionOptions()
        options.retries = RetryPolicy(maxRetries: 3)
        let (report, events) = try await runVirtual(
            [call("a", "slow"), call("b", "strict"), call("c", "nope")], handlers: [slow, strict], options: options)
        #expect(report.results.map(\.status) == [.timeout, .error, .error])
        #expect(report.results.map(\.attempts) == [2, 1, 1])
        #expect(report["a"].retriedAttempts.map(\.status) == [.timeout])
        #expect(retries(in: events).map(\.call) == ["a"])
    }

    @Test func underTaskgroupOnlyALastAttemptsFailureFailsTheGroup() async throws {
        let handlers: [any ToolHandler] = [Flaky("flaky", failures: 1, retries: 1), handler("steady")]
        let (report, _) = try await runVirtual(
            [call("c1", "flaky"), call("c2", "steady")], handlers: handlers, options: ExecutionOptions(strategy: .taskgroup))
        #expect(report.status == .ok)
        #expect(report.results.map(\.status) == [.ok, .ok])
    }

    @Test func aCancelDuringTheWaitEndsTheCallWithoutAnotherAttempt() async throws {
        let flaky = Flaky("flaky", failures: 1, retries: 1)
        let breaker = SimulatedHandler(name: "breaker", spec: HandlerSpec(latency: .milliseconds(250), failure: .always))
        let (report, _) = try await runVirtual(
            [call("c1", "flaky"), call("c2", "breaker")], handlers: [flaky, breaker], options: ExecutionOptions(strategy: .taskgroup))
        #expect(report.results.map(\.status) == [.cancelled, .error])
        #expect(report["c1"].finishedAt == .milliseconds(250))
        #expect(report["c1"].retriedAttempts.count == 1)
    }

    @Test func theSameSeedWaitsTheSameEveryRun() async throws {
        let policy = RetryPolicy(maxRetries: 5, backoff: .milliseconds(100) ... .seconds(2))
        #expect(policy.delay(beforeRetry: 3, of: "c1", seed: 7) == policy.delay(beforeRetry: 3, of: "c1", seed: 7))
        #expect((200...400).contains(policy.delay(beforeRetry: 3, of: "c1", seed: 7).roundedMicroseconds / 1000))
        #expect(policy.delay(beforeRetry: 9, of: "c1", seed: 7) <= .seconds(2))
    }

    @Test func aSerialHandlersCallsNeverOverlapWhileOthersRunBeside() async throws {
        let database = SimulatedHandler(name: "db", spec: HandlerSpec(latency: .seconds(1), serial: true))
        let calls = [call("d1", "db"), call("d2", "db"), call("w", "web"), call("d3", "db")]
        let (report, _) = try await runVirtual(calls, handlers: [database, handler("web")])
        #expect(report.results.map(\.startedAt) == [.zero, .seconds(1), .zero, .seconds(2)])
        #expect(report.wall == .seconds(3))
        #expect(report.criticalPath == ["d1", "d2", "d3"])
    }

    @Test func callsWaitingForTheirSerialHandlerTakeNoSlot() {
        // Calls 0, 1 and 3 share a group; with a limit of 2, call 2 starts beside call 0.
        var machine = SchedulerStateMachine(
            dependencies: [[], [], [], []], strategy: .gather, limit: 2, serialGroups: [0, 0, nil, 0])
        #expect(machine.begin().started == [0, 2])
        #expect(machine.apply([(index: 2, status: .ok)]).started == [])
        #expect(machine.apply([(index: 0, status: .ok)]).started == [1])
        #expect(machine.apply([(index: 1, status: .error)]).started == [3])
    }
}
