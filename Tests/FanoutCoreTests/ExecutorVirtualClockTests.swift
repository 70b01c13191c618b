import Testing
@testable import FanoutCore
import FanoutSimulation

@Suite("Executor on the virtual clock")
struct ExecutorVirtualClockTests {
    let three = [call("call_1", "a"), call("call_2", "b"), call("call_3", "c")]
    let handlers = [handler("a"), handler("b"), handler("c")]

    @Test func gatherRunsIndependentCallsTogether() async throws {
        let (report, _) = try await runVirtual(three, handlers: handlers)
        #expect(report.wall == .seconds(1))
        #expect(report.work == .seconds(3))
        #expect(report.results.map(\.status) == [.ok, .ok, .ok])
    }

    @Test func sequentialRunsOneAtATime() async throws {
        let (report, _) = try await runVirtual(three, handlers: handlers, options: ExecutionOptions(strategy: .sequential))
        #expect(report.wall == .seconds(3))
        #expect(report["call_3"].startedAt == .seconds(2))
        #expect(report.criticalPath == ["call_1", "call_2", "call_3"])
    }

    @Test func theLessonsExercise() async throws {
        let calls = TestCalls.exercise
        let (report, _) = try await runVirtual(calls, handlers: DemoSet.shop.handlers)
        #expect(report.wall == .seconds(2))
        #expect(report.work == .seconds(4))
        #expect(report.criticalPath == ["call_2", "call_4"])
        #expect(report["call_1"].output?.jsonText == #"{"user_id":"user_123","name":"Alice","location":"Seattle"}"#)
        #expect(report["call_3"].output?.jsonText == #"{"location":"Seattle","temperature":15,"condition":"cloudy"}"#)
        // The recommendations are built from the orders the reference carried.
        #expect(report["call_4"].output?.jsonText
            == #"{"user_id":"user_123","based_on":["Laptop","Mouse"],"recommendations":["Keyboard","Monitor Stand","USB Hub"]}"#)
    }

    @Test func dependentsStartEagerlyNotPerPhase() async throws {
        let calls = [
            call("A", "fast"),
            call("B", "slow"),
            ToolCall(id: "C", name: "slow", arguments: ["input": .reference(CallReference(callID: "A"))]),
        ]
        let (report, _) = try await runVirtual(calls, handlers: [handler("fast", latency: .ms(500)), handler("slow")])
        #expect(report.wall == .ms(1500))
        #expect(report["C"].startedAt == .ms(500))
    }

    /// A reference may name an earlier call by its alias, as in the shell's `$alias.path`; not a
    /// later one's.
    @Test func referencesMayUseAnEarlierCallsAlias() async throws {
        let calls = [
            ToolCall(id: "w", name: "fast", values: ["list": [1, 2, 3]], alias: "weather"),
            ToolCall(id: "x", name: "slow", arguments: [
                "second": .reference(CallReference(callID: "weather", path: try JSONPath(parsing: "arguments.list[1]"))),
                "later": .reference(CallReference(callID: "late")),
            ]),
            ToolCall(id: "y", name: "slow", arguments: ["n": .reference(CallReference(callID: "weather", path: try JSONPath(parsing: "arguments.list[2]")))]),
            ToolCall(id: "z", name: "fast", alias: "late"),
        ]
        let echo = SimulatedHandler(name: "slow", spec: HandlerSpec(latency: .ms(100), returns: ["n": "{n}"]))
        let (report, _) = try await runVirtual(calls, handlers: [handler("fast", latency: .ms(500)), echo])
        #expect(report["y"].startedAt == .ms(500))
        #expect(report["y"].output == ["n": 3])
        #expect(report["x"].error == "$late refers to no earlier call in this run: a reference may only point at an earlier call")
    }

    @Test func gatherKeepsOtherResultsWhenOneFails() async throws {
        let calls = TestCalls.exercise
        var shop: [any ToolHandler] = DemoSet.shop.handlers
        shop[1] = handler("get_orders", failure: .always, error: "ConnectionError: reset")
        let (report, events) = try await runVirtual(calls, handlers: shop)
        #expect(report.results.map(\.status) == [.ok, .error, .ok, .skipped])
        #expect(report["call_2"].error == "ConnectionError: reset")
        #expect(report["call_4"].error == "dependency call_2 (get_orders) failed")
        #expect(report["call_4"].startedAt == nil)
        #expect(report.status == .ok)
        #expect(events.last?.jsonLine.contains("\"counts\":{\"ok\":2,\"error\":1,\"timeout\":0,\"cancelled\":0,\"skipped\":1}") == true)
    }

    @Test func taskgroupCancelsSiblingsAtTheFirstFailure() async throws {
        let calls = [call("call_1", "slow"), call("call_2", "broken"), call("call_3", "slow")]
        let handlers = [handler("slow"), handler("broken", latency: .ms(300), failure: .always)]
        let (report, _) = try await runVirtual(calls, handlers: handlers, options: ExecutionOptions(strategy: .taskgroup))
        #expect(report.wall == .ms(300))
        #expect(report.status == .failed)
        #expect(report.results.map(\.status) == [.cancelled, .error, .cancelled])
        #expect(report["call_1"].finishedAt == .ms(300))
        #expect(report["call_1"].error == "call_2 (broken) failed")
    }

    @Test func limitCapsRunningCalls() async throws {
        let calls = (1...5).map { call("call_\($0)", "a") }
        let (report, _) = try await runVirtual(calls, handlers: [handler("a")], options: ExecutionOptions(limit: 2))
        #expect(report.wall == .seconds(3))
        #expect(report.results.map(\.startedAt) == [.zero, .zero, .seconds(1), .seconds(1), .seconds(2)])
    }

    @Test func timeoutEndsASlowCall() async throws {
        let (report, _) = try await runVirtual(
            [call("call_1", "a")], handlers: [handler("a")], options: ExecutionOptions(timeout: .ms(500)))
        #expect(report["call_1"].status == .timeout)
        #expect(report["call_1"].finishedAt == .ms(500))
        #expect(report["call_1"].error == "timed out after 500ms")
        #expect(report.wall == .ms(500))
    }

    @Test func handlersOwnTimeoutWinsOverTheRuns() async throws {
        let (report, _) = try await runVirtual(
            [call("call_1", "a")], handlers: [handler("a", timeout: .ms(200))], options: ExecutionOptions(timeout: .seconds(5)))
        #expect(report["call_1"].status == .timeout)
        #expect(report["call_1"].finishedAt == .ms(200))
    }

    @Test func aResultExactlyAtItsDeadlineCountsAsOnTime() async throws {
        let (report, _) = try await runVirtual(
            [call("call_1", "a")], handlers: [handler("a")], options: ExecutionOptions(timeout: .seconds(1)))
        #expect(report["call_1"].status == .ok)
    }

    @Test func inlineSyncHandlersBlockTheCooperativePool() async throws {
        let calls = [call("s1", "sync"), call("s2", "sync"), call("s3", "sync"), call("a1", "async")]
        let handlers = [handler("sync", .sync), handler("async")]
        let inline = try await runVirtual(calls, handlers: handlers, options: ExecutionOptions(offload: .inline, cores: 2))
        #expect(inline.report.wall == .seconds(2))
        #expect(inline.report["a1"].duration == .seconds(2))
        let offloaded = try await runVirtual(calls, handlers: handlers, options: ExecutionOptions(offload: .thread, cores: 2))
        #expect(offloaded.report.wall == .seconds(1))
        #expect(offloaded.report["a1"].duration == .seconds(1))
    }

    @Test func cpuWorkCannotOutrunTheCores() async throws {
        let calls = (1...4).map { call("call_\($0)", "calculate_risk_score", ["portfolio_id": .string("P\($0)")]) }
        let (report, _) = try await runVirtual(calls, handlers: DemoSet.legacy.handlers, options: ExecutionOptions(cores: 2))
        #expect(report.wall == .ms(1000))
    }

    /// Offloaded cpu work shares the processors, as the OS time-slices threads: every piece runs at
    /// `processors / pieces` of full speed while there are more pieces than processors.
    @Test func offloadedCPUWorkSharesTheProcessors() async throws {
        let cpu = [handler("half", .cpu, latency: .ms(500)), handler("one", .cpu, latency: .seconds(1))]
        let three = try await runVirtual((1...3).map { call("c\($0)", "one") }, handlers: cpu, options: ExecutionOptions(cores: 2))
        #expect(three.report.results.map(\.finishedAt) == [.ms(1500), .ms(1500), .ms(1500)])
        // 0.5 s of work done at 2/3 speed ends at 0.75 s; then two pieces have a processor each.
        let uneven = try await runVirtual([call("h", "half"), call("o1", "one"), call("o2", "one")], handlers: cpu, options: ExecutionOptions(cores: 2))
        #expect(uneven.report.results.map(\.finishedAt) == [.ms(750), .ms(1250), .ms(1250)])
        // Work left from an earlier run takes its share too.
        var options = ExecutionOptions(cores: 2)
        options.threadsHeldAtStart = [HeldThread(call: "old", pool: .processor, remaining: .seconds(9))]
        let shared = try await runVirtual([call("a", "one"), call("b", "one")], handlers: cpu, options: options)
        #expect(shared.report.results.map(\.finishedAt) == [.ms(1500), .ms(1500)])
        #expect(shared.report.threadsStillHeld == [HeldThread(call: "old", pool: .processor, remaining: .seconds(8))])
    }

    @Test func offloadPoolWidthLimitsBlockingCalls() async throws {
        let calls = (1...4).map { call("call_\($0)", "sync") }
        let (report, _) = try await runVirtual(
            calls, handlers: [handler("sync", .sync)], options: ExecutionOptions(threads: 2))
        #expect(report.wall == .seconds(2))
    }

    /// Threads an earlier run's blocking handlers still hold are taken from the start, and given
    /// back when their time is up; held beyond the pool's width, none is free until enough are back.
    @Test func threadsHeldAtTheStartAreTakenUntilTheirTimeIsUp() async throws {
        var options = ExecutionOptions(threads: 2)
        options.threadsHeldAtStart = [
            HeldThread(call: "old_1", pool: .offload, remaining: .seconds(1)),
            HeldThread(call: "old_2", pool: .offload, remaining: .seconds(2)),
            HeldThread(call: "old_3", pool: .offload, remaining: .seconds(9)),
        ]
        let (report, _) = try await runVirtual([call("s1", "sync"), call("a1", "async")], handlers: [handler("sync", .sync), handler("async")], options: options)
        // Three held on a pool of two: the first free slot comes when the second is given back, at 2 s.
        #expect(report["s1"].duration == .seconds(3))
        #expect(report["a1"].duration == .seconds(1))
        #expect(report.wall == .seconds(3))
        #expect(report.threadsStillHeld == [HeldThread(call: "old_3", pool: .offload, remaining: .seconds(6))])
    }

    @Test func aBlockingHandlerPastItsTimeoutIsReportedAsHoldingItsThread() async throws {
        let options = ExecutionOptions(timeout: .ms(250))
        let (report, _) = try await runVirtual(
            [call("s1", "sync"), call("c1", "cpu")], handlers: [handler("sync", .sync), handler("cpu", .cpu)], options: options)
        #expect(report.stillBlocked == ["s1", "c1"])
        #expect(report.threadsStillHeld == [
            HeldThread(call: "s1", pool: .offload, remaining: .ms(750)),
            HeldThread(call: "c1", pool: .offload, remaining: .ms(750)),
            HeldThread(call: "c1", pool: .processor, remaining: .ms(750)),
        ])
    }

    @Test func everyCallEndsExactlyOnceAndRunFinishedIsLast() async throws {
        let calls = [call("call_1", "a"), call("call_2", "broken"), call("call_3", "nope"), call("call_4", "a")]
        for strategy in Strategy.allCases {
            let (_, events) = try await runVirtual(
                calls, handlers: [handler("a"), handler("broken", latency: .ms(300), failure: .always)],
                options: ExecutionOptions(strategy: strategy))
            var finished: [String] = []
            for case .callFinished(_, let result) in events { finished.append(result.id) }
            #expect(finished.sorted() == ["call_1", "call_2", "call_3", "call_4"])
            guard case .runStarted = events.first, case .runFinished = events.last else {
                Issue.record("first and last events are wrong under \(strategy)")
                continue
            }
        }
    }

    @Test func theSameRunPrintsTheSameBytesEveryTime() async throws {
        let calls = (1...12).map { index in
            index > 4
                ? ToolCall(id: "call_\(index)", name: index % 3 == 0 ? "flaky" : "a", arguments: [
                    "x": .reference(CallReference(callID: "call_\(index - 4)")),
                ])
                : call("call_\(index)", "a")
        }
        let handlers: [any ToolHandler] = [
            SimulatedHandler(name: "a", spec: HandlerSpec(latency: .ms(100), jitter: .ms(50))),
            SimulatedHandler(name: "flaky", spec: HandlerSpec(latency: .ms(10), failure: .probability(0.5))),
        ]
        var transcripts: Set<String> = []
        for _ in 0..<20 {
            let (_, events) = try await runVirtual(calls, handlers: handlers, options: ExecutionOptions(limit: 3, seed: 7))
            transcripts.insert(events.map(\.jsonLine).joined(separator: "\n"))
        }
        #expect(transcripts.count == 1)
    }

    @Test func eventsComeInRoundsFinishesThenStarts() async throws {
        let calls = [
            call("call_1", "zero"),
            ToolCall(id: "call_2", name: "zero", arguments: ["x": .reference(CallReference(callID: "call_1"))]),
            call("call_3", "zero"),
        ]
        let (_, events) = try await runVirtual(calls, handlers: [handler("zero", latency: .zero)])
        let lines = events.map(\.jsonLine)
        #expect(lines[1] == #"{"event":"call_started","run":1,"call":"call_1","name":"zero","t_ms":0}"#)
        #expect(lines[2] == #"{"event":"call_started","run":1,"call":"call_3","name":"zero","t_ms":0}"#)
        #expect(lines[3].hasPrefix(#"{"event":"call_finished","run":1,"call":"call_1""#))
        #expect(lines[4].hasPrefix(#"{"event":"call_finished","run":1,"call":"call_3""#))
        #expect(lines[5].hasPrefix(#"{"event":"call_started","run":1,"call":"call_2""#))
        #expect(lines[6].hasPrefix(#"{"event":"call_finished","run":1,"call":"call_2""#))
    }
}

/// A handler that waits on real time, outside the simulation.
private struct RealSleeper: ToolHandler {
    let name = "real_sleeper"

    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        try await Task.sleep(for: .seconds(30))
        return nil
    }
}

@Suite("Virtual clock stalls")
struct VirtualClockStallTests {
    @Test func aHandlerWaitingOutsideTheSimulationEndsTheRunWithAReason() async throws {
        let (report, _) = try await runVirtual([call("call_1", "real_sleeper")], handlers: [RealSleeper()])
        #expect(report.status == .cancelled)
        #expect(report["call_1"].status == .cancelled)
        #expect(report["call_1"].error?.contains("the virtual clock stalled") == true)
    }
}

@Suite("Calls that end before they get a thread")
struct QueuedCallTests {
    @Test func aTimedOutCallThatNeverGotAThreadDoesNotBlockOneLater() async throws {
        let calls = [
            call("call_1", "slow"), call("call_2", "slow"), call("call_3", "slow"),
            call("call_4", "wait"),
            ToolCall(id: "call_5", name: "fast", arguments: ["x": .reference(CallReference(callID: "call_4"))]),
        ]
        let handlers = [
            handler("slow", .sync, latency: .seconds(1), timeout: .ms(500)),
            handler("wait", latency: .ms(600)),
            handler("fast", .sync, latency: .ms(100)),
        ]
        let (report, _) = try await runVirtual(calls, handlers: handlers, options: ExecutionOptions(threads: 1))
        #expect(report.results.prefix(3).map(\.status) == [.timeout, .timeout, .timeout])
        // call_1 holds the only thread until 1 s; call_2 and call_3 timed out while queued and never run.
        #expect(report["call_5"].finishedAt == .ms(1100))
    }
}

/// The lesson's exercise as a model would ask for it: three independent calls, then recommendations
/// from the orders.
enum TestCalls {
    static let exercise = [
        call("call_1", "get_user", ["user_id": "user_123"]),
        call("call_2", "get_orders", ["user_id": "user_123"]),
        call("call_3", "get_weather", ["location": "Seattle"]),
        ToolCall(id: "call_4", name: "get_recommendations", arguments: [
            "user_id": .value("user_123"),
            "order_history": .reference(CallReference(callID: "call_2", path: try! JSONPath(parsing: "orders"))),
        ]),
    ]
}
