import FanoutSimulation
import Synchronization
import Testing
@testable import FanoutCore

@Suite("Approval")
struct ApprovalTests {
    /// A 1 s handler whose calls ask first.
    private func confirmed(_ name: String) -> SimulatedHandler {
        var spec = HandlerSpec(latency: .seconds(1))
        spec.confirm = true
        return SimulatedHandler(name: name, spec: spec)
    }

    private func run(
        _ calls: [ToolCall], handlers: [any ToolHandler], approval: ApprovalHook?
    ) async throws -> RunReport {
        var options = ExecutionOptions()
        options.clock = .virtual
        return try await Executor(handlers: HandlerRegistry(handlers), approval: approval).start(calls, options: options).report
    }

    @Test func anApprovedCallRunsAndTheHookSeesItsResolvedArguments() async throws {
        let asked = Locked<[ApprovalRequest]>([])
        let report = try await run(
            [call("c1", "delete_file", ["path": "notes.txt"])], handlers: [confirmed("delete_file")],
            approval: { request in
                asked.withLock { $0.append(request) }
                return .approve
            })
        #expect(report["c1"].status == .ok)
        #expect(report["c1"].finishedAt == .seconds(1))
        #expect(asked.withLock { $0 } == [ApprovalRequest(callID: "c1", name: "delete_file", arguments: ["path": "notes.txt"])])
    }

    @Test func aDeniedCallEndsDeniedWithTheHooksMessageAndOthersRun() async throws {
        let report = try await run(
            [call("c1", "delete_file"), call("c2", "plain")], handlers: [confirmed("delete_file"), handler("plain")],
            approval: { _ in .deny("denied: not today") })
        #expect(report["c1"].status == .error)
        #expect(report["c1"].errorKind == .denied)
        #expect(report["c1"].error == "denied: not today")
        #expect(report["c2"].status == .ok)
        #expect(report.wall == .seconds(1))
    }

    @Test func withoutAHookEveryCallThatNeedsApprovalIsDenied() async throws {
        let report = try await run([call("c1", "delete_file")], handlers: [confirmed("delete_file")], approval: nil)
        #expect(report["c1"].errorKind == .denied)
        #expect(report["c1"].error == "delete_file needs approval, and the executor has no approval hook to ask")
    }

    @Test func aDeniedCallIsNotRetried() async throws {
        var spec = HandlerSpec(latency: .seconds(1), retries: RetryPolicy(maxRetries: 3, backoff: .milliseconds(100) ... .seconds(1)))
        spec.confirm = true
        let asked = Atomic(0)
        let report = try await run(
            [call("c1", "pay")], handlers: [SimulatedHandler(name: "pay", spec: spec)],
            approval: { _ in
                asked.add(1, ordering: .relaxed)
                return .deny("denied")
            })
        #expect(report["c1"].attempts == 1)
        #expect(asked.load(ordering: .relaxed) == 1)
    }

    @Test func handlersThatDoNotNeedApprovalNeverReachTheHook() async throws {
        let asked = Atomic(0)
        let report = try await run([call("c1", "plain")], handlers: [handler("plain")], approval: { _ in
            asked.add(1, ordering: .relaxed)
            return .deny("no")
        })
        #expect(report["c1"].status == .ok)
        #expect(asked.load(ordering: .relaxed) == 0)
    }

    /// On the real clock the hook may wait for a person: the other calls go on meanwhile.
    @Test func otherCallsFinishWhileACallWaitsForItsAnswer() async throws {
        var fast = HandlerSpec(latency: .milliseconds(50))
        fast.confirm = false
        let answered = Locked<CheckedContinuation<Void, Never>?>(nil)
        let executor = Executor(
            handlers: HandlerRegistry([confirmed("delete_file"), SimulatedHandler(name: "fast", spec: fast)]),
            approval: { _ in
                await withCheckedContinuation { continuation in answered.withLock { $0 = continuation } }
                return .deny("denied after the other call")
            })
        let run = try executor.start([call("c1", "delete_file"), call("c2", "fast")], options: ExecutionOptions(clock: .real))
        var finished: [String] = []
        for await event in run.events {
            guard case .callFinished(_, let result) = event else { continue }
            finished.append(result.id)
            if result.id == "c2" {
                // Only now does the person answer.
                while answered.withLock({ $0 == nil }) { try await Task.sleep(for: .milliseconds(5)) }
                answered.withLock { $0?.resume(); $0 = nil }
            }
        }
        #expect(finished == ["c2", "c1"])
        #expect(await run.report["c1"].errorKind == .denied)
    }
}
