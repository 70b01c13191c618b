import Testing
@testable import FanoutCore

@Suite("Critical path")
struct CriticalPathTests {
    /// A call whose argument refers to the result of `callID`, which makes it depend on that call.
    private func dependent(_ id: String, _ name: String, on callID: String) -> ToolCall {
        ToolCall(id: id, name: name, arguments: ["input": .reference(CallReference(callID: callID))])
    }

    @Test func aTieWithADependentChainResolvesToTheChain() async throws {
        // The single 1 s call and the two-call chain end together on the virtual clock; on the real
        // clock the chain's hand-over makes it end last, so that is the path a real run reports.
        let calls = [call("call_1", "slow"), call("call_2", "half"), dependent("call_3", "half", on: "call_2")]
        let handlers = [handler("slow"), handler("half", latency: .ms(500))]
        let (report, _) = try await runVirtual(calls, handlers: handlers)
        #expect(report.wall == .seconds(1))
        #expect(report.criticalPath == ["call_2", "call_3"])
    }

    @Test func aTieBetweenDependenciesResolvesToTheLongerChain() async throws {
        // call_4 waits for call_1 and call_3, which end together; call_3 has a dependency of its own.
        let calls = [
            call("call_1", "slow"), call("call_2", "half"), dependent("call_3", "half", on: "call_2"),
            ToolCall(id: "call_4", name: "half", arguments: [
                "a": .reference(CallReference(callID: "call_1")), "b": .reference(CallReference(callID: "call_3")),
            ]),
        ]
        let handlers = [handler("slow"), handler("half", latency: .ms(500))]
        let (report, _) = try await runVirtual(calls, handlers: handlers)
        #expect(report.criticalPath == ["call_2", "call_3", "call_4"])
    }

    @Test func aTaskgroupStoppedByAFailureEndsWithTheFailingCall() async throws {
        // The siblings are cancelled at the instant of the failure; that failure is what ended the run.
        let calls = [call("call_1", "slow"), call("call_2", "slow"), call("call_3", "flaky")]
        let handlers = [handler("slow"), handler("flaky", latency: .ms(500), failure: .always)]
        let (report, _) = try await runVirtual(calls, handlers: handlers, options: ExecutionOptions(strategy: .taskgroup))
        #expect(report.status == .failed)
        #expect(report.criticalPath == ["call_3"])
    }
}
