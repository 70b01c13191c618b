import Testing
@testable import FanoutCore

@Suite("Calls that cannot run")
struct CallProblemTests {
    private let quick = handler("quick", latency: .ms(10))

    @Test func aSecondCallWithAnIdAlreadyUsedFailsAndTheFirstRuns() async throws {
        let (report, _) = try await runVirtual([call("a", "quick"), call("b", "quick"), call("a", "quick")], handlers: [quick])
        #expect(report.results.map(\.status) == [.ok, .ok, .error])
        #expect(report.results[2].error == "duplicate call id 'a': every call in a run needs its own id")
    }

    @Test func aDuplicateFarIntoABigLimitedRunIsFoundWhenItsTurnComes() async throws {
        // Ids are checked as calls are reached: the duplicate starts in the sixth wave of 100.
        var calls = (1...600).map { call("call_\($0)", "quick") }
        calls[549] = call("call_3", "quick")
        let (report, _) = try await runVirtual(calls, handlers: [quick], options: ExecutionOptions(limit: 100))
        let failed = report.results.indices.filter { report.results[$0].status != .ok }
        #expect(failed == [549])
        #expect(report.results[549].error == "duplicate call id 'call_3': every call in a run needs its own id")
        #expect(report.wall == .ms(60))
    }

    @Test func withReferencesADuplicateAndAForwardReferenceAreBothReported() async throws {
        let calls = [
            call("a", "quick"),
            ToolCall(id: "b", name: "quick", arguments: ["x": .reference(CallReference(callID: "c"))]),
            call("c", "quick"),
            ToolCall(id: "a", name: "quick", arguments: ["x": .reference(CallReference(callID: "a"))]),
        ]
        let (report, _) = try await runVirtual(calls, handlers: [quick])
        #expect(report.results.map(\.status) == [.ok, .error, .ok, .error])
        #expect(report.results[1].error == "$c refers to no earlier call in this run: a reference may only point at an earlier call")
        #expect(report.results[3].error == "duplicate call id 'a': every call in a run needs its own id")
    }
}
