import FanoutCore
import Foundation
import Testing
@testable import FanoutMCP

/// The client against a server written with the official Python SDK. Serialized: one server at a
/// time, so the real-clock bounds are not measured against each other's start-up.
@Suite("MCP client against the Python SDK's server", .serialized, .timeLimit(.minutes(1)))
struct MCPClientTests {
    @Test func connectListsToolsWithSchemasAndTheAgreedProtocol() async throws {
        let client = try await PythonServer.connect("files")
        defer { Task { await client.close() } }
        #expect(client.server.name == "fanout-test")
        #expect(client.server.version == "1.0.0")
        #expect(client.server.protocolVersion == "2025-11-25")
        #expect(client.tools.map(\.name).contains("sleep_ms"))
        let echo = try #require(client.handlers.first { $0.name == "files.echo" })
        #expect(echo.description == "Returns its text.")
        #expect(echo.parameters.requiredNames == ["text"])
        #expect(echo.schemaNote == nil)
        #expect(try await client.callTool("echo", arguments: ["text": "hi"]) == ["result": "hi"])
        #expect(try await client.callTool("sleep_ms", arguments: ["ms": 1]) == ["slept_ms": 1])
    }

    @Test func twentyHalfSecondCallsOverlapOnOneConnection() async throws {
        let client = try await PythonServer.connect()
        defer { Task { await client.close() } }
        let (outputs, wall) = try await timed {
            try await withThrowingTaskGroup(of: JSONValue.self) { group in
                for _ in 0..<20 { group.addTask { try await client.callTool("sleep_ms", arguments: ["ms": 500]) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(outputs.count == 20)
        #expect(outputs.allSatisfy { $0 == ["slept_ms": 500] })
        #expect(wall >= .milliseconds(500))
        #expect(wall < TimingSlack.bound(.seconds(2)), "20 × 500 ms took \(wall): the calls did not overlap")
    }

    @Test func toolErrorsAndJSONRPCErrorsAreErrorsWithTheirText() async throws {
        let client = try await PythonServer.connect()
        defer { Task { await client.close() } }
        await #expect(throws: MCPError(.toolFailed, "Error executing tool fail")) {
            try await client.callTool("fail", arguments: ["message": "boom"])
        }
        await #expect(throws: MCPError(.toolFailed, "Unknown tool: nope")) {
            try await client.callTool("nope", arguments: [:])
        }
        // The Python SDK sends `data` as a string: the call still ends, with code, message and data.
        await #expect(throws: MCPError(.rpcError(code: -32000), "MCP server test answered with error -32000: quota exceeded for ann (try again tomorrow)")) {
            try await client.callTool("quota", arguments: ["user": "ann"])
        }
        // Bad arguments the server refuses come back as its error text.
        do {
            _ = try await client.callTool("echo", arguments: ["text": 5])
            Issue.record("bad arguments were accepted")
        } catch let error as MCPError {
            #expect(error.reason == .toolFailed)
            #expect(error.message.contains("validation error"), "\(error.message)")
        }
        // The connection is still fine.
        #expect(try await client.callTool("echo", arguments: ["text": "still here"]) == ["result": "still here"])
    }

    @Test func cancellingACallEndsItAtOnceAndTheConnectionStaysUsable() async throws {
        let client = try await PythonServer.connect()
        defer { Task { await client.close() } }
        let call = Task { try await client.callTool("sleep_ms", arguments: ["ms": 5_000]) }
        try await Task.sleep(for: .milliseconds(200))
        let (result, took) = await timed {
            call.cancel()
            return await call.result
        }
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(took < TimingSlack.bound(.milliseconds(500)))
        #expect(client.callsInFlight == 0)
        #expect(try await client.callTool("echo", arguments: ["text": "after"]) == ["result": "after"])
    }

    @Test func progressReachesTheCallsHandlerAndLogsAreKept() async throws {
        let client = try await PythonServer.connect()
        defer { Task { await client.close() } }
        let reports = Locked<[MCPProgress]>([])
        let output = try await client.callTool("count", arguments: ["steps": 3, "step_ms": 10]) { progress in
            reports.withLock { $0.append(progress) }
        }
        #expect(output == ["counted": 3])
        #expect(reports.withLock { $0 } == (1...3).map { MCPProgress(progress: Double($0), total: 3, message: "step \($0) of 3") })
        #expect(client.log.filter { $0.source == .notification(level: "info", logger: nil) }.map(\.text).suffix(3)
            == ["counted 1", "counted 2", "counted 3"])
    }

    @Test(arguments: [("exit", "MCP server test exited with status 1"), ("kill", "MCP server test was killed by signal 9 (SIGKILL)")])
    func theServerDyingEndsEveryCallInFlightAtOnce(how: String, message: String) async throws {
        let client = try await PythonServer.connect()
        defer { Task { await client.close() } }
        let (errors, wall) = await timed {
            await withTaskGroup(of: String?.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        do { _ = try await client.callTool("sleep_ms", arguments: ["ms": 10_000]) } catch { return "\(error)" }
                        return nil
                    }
                }
                group.addTask {
                    do { _ = try await client.callTool("crash", arguments: ["after_ms": 200, "how": .string(how)]) } catch { return "\(error)" }
                    return nil
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(errors == Array(repeating: message, count: 6))
        #expect(wall < TimingSlack.bound(.seconds(1)), "the calls took \(wall) to end after the server died")
        #expect(!client.isConnected)
        await #expect(throws: MCPError(.connectionEnded, message + "; reconnect to use its tools")) {
            try await client.callTool("echo", arguments: ["text": "x"])
        }
    }

    @Test func aServerClosingItsOutputEndsTheCallsAndIsStopped() async throws {
        let client = try await PythonServer.connect()
        let (result, wall) = await timed { await outcome { try await client.callTool("crash", arguments: ["after_ms": 100, "how": "close"]) } }
        #expect(throws: MCPError(.connectionEnded, "MCP server test closed its output")) { try result.get() }
        #expect(wall < TimingSlack.bound(.seconds(1)))
        // fanout stops a server it can no longer hear from.
        #expect(await client.close() == .signalled(SIGTERM))
    }

    @Test func strayOutputIsSkippedAndNoted() async throws {
        let client = try await PythonServer.connect()
        defer { Task { await client.close() } }
        #expect(try await client.callTool("noisy", arguments: ["text": "answer"]) == ["result": "answer"])
        let notes = client.log.filter { $0.source == .client }.map(\.text)
        #expect(notes.contains { $0.contains("this is not JSON-RPC") }, "\(notes)")
        #expect(notes.count == 3, "\(notes)")
        #expect(try await client.callTool("echo", arguments: ["text": "ok"]) == ["result": "ok"])
    }

    @Test func closingEndsTheServerAndReapsIt() async throws {
        let client = try await PythonServer.connect()
        let pid = client.pid
        let (status, took) = await timed { await client.close() }
        // The end of its input is a Python SDK server's cue to exit.
        #expect(status == .exited(0))
        #expect(took < TimingSlack.bound(.seconds(2)))
        #expect(kill(pid, 0) != 0, "the server's process is still there")
        await #expect(throws: MCPError(.connectionEnded, "MCP server test is disconnected; reconnect to use its tools")) {
            try await client.callTool("echo", arguments: ["text": "x"])
        }
    }
}

@Suite("MCP servers that are not", .serialized, .timeLimit(.minutes(1)))
struct MCPConnectFailureTests {
    @Test func aServerThatNeverAnswersInitializeTimesOut() async throws {
        let script = PythonServer.root.appendingPathComponent("Tests/mcp/slow_start.py").path
        let (result, took) = await timed {
            await outcome {
                try await MCPClient.connect(name: "slow", command: "python3", arguments: [script], timeout: .milliseconds(800))
            }
        }
        #expect(throws: MCPError(.timedOut, "MCP server slow ('python3') did not answer initialize within 0.8s (is it an MCP server speaking stdio?); its error output ends: starting up, slowly")) {
            _ = try result.get()
        }
        #expect(took < TimingSlack.bound(.seconds(3)))
    }

    @Test func garbageOnStdoutIsNotTakenForAnAnswer() async throws {
        let (result, _) = await timed {
            await outcome {
                try await MCPClient.connect(
                    name: "junk", command: "sh", arguments: ["-c", "while :; do echo 'Welcome!'; sleep 0.05; done"], timeout: .milliseconds(500))
            }
        }
        #expect(throws: MCPError(.timedOut, #"MCP server junk ('sh') did not answer initialize within 0.5s (is it an MCP server speaking stdio?); its output is not JSON-RPC: "Welcome!""#)) {
            _ = try result.get()
        }
    }

    @Test func aProgramThatExitsAtOnceSaysHowWithItsLastErrorOutput() async throws {
        let result = await outcome {
            try await MCPClient.connect(name: "bad", command: "sh", arguments: ["-c", "echo 'no such module' >&2; exit 3"])
        }
        #expect(throws: MCPError(.connectionEnded, "MCP server bad exited with status 3 before it was ready; its error output ends: no such module")) {
            _ = try result.get()
        }
    }

    @Test func aMissingProgramCannotStart() async {
        let result = await outcome {
            try await MCPClient.connect(name: "none", command: "no-such-program-fanout")
        }
        #expect(throws: MCPError(.cannotStart, "cannot start 'no-such-program-fanout': No such file or directory: no such program; check the name, or give its path")) {
            _ = try result.get()
        }
    }
}
