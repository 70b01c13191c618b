import FanoutCore
import FanoutTools
import Foundation
import Testing

/// Cancellation and fan-out: what the executor relies on for a real endpoint.
@Suite("HTTPHandler cancellation and concurrency", .timeLimit(.minutes(1)))
struct HTTPConcurrencyTests {
    @Test(arguments: ["/slow?ms=30000", "/slow-body"])
    func cancellingACallEndsItPromptly(_ route: String) async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(name: "slow", method: "GET", url: "\(server.base)\(route)", session: session)
            let call = Task { try await handler.send([:]) }
            try await Task.sleep(for: .milliseconds(300))
            let started = ContinuousClock.now
            call.cancel()
            let result = await call.result
            let took = ContinuousClock.now - started
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(took < TimingSlack.bound(.seconds(2)), "cancelling took \(took)")
            // The session is still usable afterwards.
            let quick = try HTTPHandler(name: "json", method: "GET", url: "\(server.base)/json", session: session)
            #expect(try await quick.send([:]).objectValue?["city"] == "Paris")
        }
    }

    @Test func theExecutorsTimeoutEndsASlowCall() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(
                name: "slow", method: "GET", url: "\(server.base)/slow-body", timeout: .milliseconds(400), session: session
            )
            let started = ContinuousClock.now
            let report = try await Executor(handlers: HandlerRegistry([handler])).run([ToolCall(id: "s", name: "slow")])
            #expect(report.results.first?.status == .timeout)
            #expect(ContinuousClock.now - started < TimingSlack.bound(.seconds(2)))
        }
    }

    @Test func fiftyConcurrentCallsOverOneSessionAllSucceed() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(name: "echo", method: "GET", url: "\(server.base)/echo?i={i}", session: session)
            let slow = try HTTPHandler(name: "slow", method: "GET", url: "\(server.base)/slow?ms=300", session: session)
            let started = ContinuousClock.now
            let outputs = try await withThrowingTaskGroup(of: (Int, JSONValue, JSONValue).self) { group in
                for index in 0..<50 {
                    group.addTask { (index, try await handler.send(["i": .int(index)]), try await slow.send([:])) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let wall = ContinuousClock.now - started
            #expect(outputs.count == 50)
            for (index, echo, slept) in outputs {
                #expect(echo.objectValue?["items"] == ["i": .string(String(index))])
                #expect(slept == ["slept": true])
            }
            // 50 × 300 ms one after another would be 15 s: the pool let them overlap.
            #expect(wall < TimingSlack.bound(.seconds(5)), "50 calls took \(wall)")
        }
    }
}
