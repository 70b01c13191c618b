import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `mcp connect` and runs of MCP tools in the `fanout` binary, against the Python SDK's server in
/// `Tests/mcp/server.py` (run with the virtualenv `make test` creates).
extension EndToEnd {
@Suite("MCP servers in the shell", .timeLimit(.minutes(2)))
struct MCPEndToEndTests {
    private static func connect(_ name: String = "files") throws -> String {
        let root = try #require(FanoutBinary.packageRoot())
        let python = root.appendingPathComponent(".build/test-venv/bin/python").path
        try #require(FileManager.default.isExecutableFile(atPath: python),
                     "no \(python): run make test (or make venv) to create the test virtualenv with the mcp package")
        return "mcp connect \(name) \(python) \(root.appendingPathComponent("Tests/mcp/server.py").path)"
    }

    private static func events(_ result: FanoutResult) throws -> [[String: Any]] {
        try result.stdoutLines.map(JSONLines.object)
    }

    @Test func connectCallsWithADependencyRunAndQuitReapsTheServer() async throws {
        let result = try await FanoutProcess.run(["--allow-exec"], stdin: Fixtures.script([
            try Self.connect(),
            "call files.lookup city=Paris as weather",
            "call files.echo text=$weather.advice",
            "call files.sleep_ms ms=300",
            "run",
            "results call_2",
            "mcp list",
        ]))
        result.expectExit(0)
        let lines = result.stdoutLines
        let connected = try #require(lines.first)
        #expect(connected.hasPrefix("connected files: fanout-test 1.0.0, protocol 2025-11-25, pid "), "\(result.summary)")
        #expect(connected.hasSuffix(", 8 tools"))
        #expect(lines.contains { $0.hasPrefix("  files.echo") && $0.contains("text: string") }, "\(result.summary)")
        #expect(lines.contains { $0.contains("started   call_2 files.echo(text: $weather.advice)") })
        #expect(lines.contains { $0.hasPrefix("call_2  files.echo") && $0.contains(" ok ") }, "\(result.summary)")
        #expect(lines.contains("  \"result\": \"Paris is fine for a walk\""), "\(result.summary)")
        // Nothing simulates an MCP tool, so there is no sequential run to compare with, and the summary says so.
        #expect(lines.contains { $0.hasPrefix("wall ") && $0.contains(" · not compared with sequential (its real tools can't be simulated) · ") }, "\(result.summary)")
        let listed = try #require(lines.last { $0.hasPrefix("files ") })
        #expect(listed.contains(" connected ") && listed.hasSuffix(" 8      0"), "\(listed)")
        // Quitting ended the server and reaped it.
        let pid = try #require(Int32(connected.split(separator: " ")[7].dropLast()))
        #expect(kill(pid, 0) != 0, "server \(pid) outlived fanout")
    }

    @Test func twentyHalfSecondCallsOverlapAndProgressComesAsJSONLines() async throws {
        let calls = Array(repeating: "call files.sleep_ms ms=500", count: 20)
        let result = try await FanoutProcess.run(["--allow-exec", "--format", "jsonl"], stdin: Fixtures.script(
            [try Self.connect()] + calls + ["run", "call files.count steps=3 step_ms=50", "run"]))
        result.expectExit(0)
        let events = try Self.events(result)
        #expect(events.first?["event"] as? String == "mcp_connected")
        let walls = events.filter { $0["event"] as? String == "run_finished" }.compactMap { $0["wall_ms"] as? Double }
        #expect(walls.count == 2)
        #expect(walls.first.map { $0 >= 500 && $0 < 2_000 } == true, "20 × 500 ms took \(walls) ms")
        let second = result.stdoutLines.filter { $0.contains("\"run\":2") && $0.contains("\"call\":\"call_21\"") }
        let kinds = try second.map { try JSONLines.object($0)["event"] as? String }
        #expect(kinds == ["call_started", "call_progress", "call_progress", "call_progress", "call_finished"], "\(second)")
        let progress = second.filter { $0.contains("call_progress") }
        #expect(progress.first.map(JSONLines.topLevelKeys) == ["event", "run", "call", "t_ms", "progress", "message"])
        let values = try progress.map { try JSONLines.object($0) }
        #expect(values.map { $0["progress"] as? Double } == [0.333, 0.667, 1.0])
        #expect(values.map { $0["message"] as? String } == ["step 1 of 3", "step 2 of 3", "step 3 of 3"])
    }

    @Test func errorsBadArgumentsAndATimeoutLeaveTheConnectionUsable() async throws {
        let result = try await FanoutProcess.run(["--allow-exec", "--format", "jsonl"], stdin: Fixtures.script([
            try Self.connect(),
            "call files.fail message=boom",
            "call files.quota user=ann",
            "call files.echo text=5",
            "set timeout 300ms",
            "call files.sleep_ms ms=5000",
            "run",
            "set timeout none",
            "call files.echo text=after",
            "run",
        ]))
        result.expectExit(0)
        let finished = try Self.events(result).filter { $0["event"] as? String == "call_finished" }
        let byCall = Dictionary(uniqueKeysWithValues: finished.map { ($0["call"] as? String ?? "", $0) })
        #expect(byCall["call_1"]?["error"] as? String == "Error executing tool fail")
        #expect(byCall["call_1"]?["error_kind"] as? String == "handler_error")
        #expect(byCall["call_2"]?["error"] as? String == "MCP server files answered with error -32000: quota exceeded for ann (try again tomorrow)")
        #expect(byCall["call_3"]?["error"] as? String == "text: expected string, got 5")
        #expect(byCall["call_3"]?["error_kind"] as? String == "invalid_arguments")
        #expect(byCall["call_4"]?["status"] as? String == "timeout")
        #expect((byCall["call_4"]?["duration_ms"] as? Double).map { $0 < 1_000 } == true)
        #expect(byCall["call_5"]?["status"] as? String == "ok")
        #expect((byCall["call_5"]?["output"] as? [String: Any])?["result"] as? String == "after")
    }

    @Test func theServerDyingMidRunEndsItsCallsAndTheShellLives() async throws {
        let connect = try Self.connect()
        let result = try await FanoutProcess.run(["--allow-exec", "--keep-going"], stdin: Fixtures.script([
            connect,
            "call files.sleep_ms ms=10000",
            "call files.sleep_ms ms=10000",
            "call files.crash after_ms=200",
            "run",
            "mcp list",
            "call files.echo text=again",
            "run",
            "mcp disconnect files",
            connect,
            "call files.echo text=back",
            "run",
        ]))
        result.expectExit(0)
        let lines = result.stdoutLines
        let died = lines.filter { $0.hasSuffix("MCP server files exited with status 1") }
        #expect(died.count == 3, "\(result.summary)")
        let wall = try #require(lines.first { $0.hasPrefix("wall ") })
        // The run ends as the server dies (about 0.2 s in), not at the 10 s calls' end.
        let seconds = try #require(Double(wall.dropFirst(5).prefix { $0 != "s" }))
        #expect(seconds < 1.5, "\(wall)")
        #expect(lines.contains { $0.hasPrefix("files ") && $0.contains("exited with status 1") }, "\(result.summary)")
        #expect(lines.contains { $0.hasSuffix("files.echo (0.000s): MCP server files exited with status 1; reconnect to use its tools") }, "\(result.summary)")
        #expect(lines.contains { $0.hasPrefix("disconnected files (pid ") && $0.contains("exited with status 1") })
        #expect(lines.contains { $0.hasPrefix("call_5  files.echo") && $0.contains(" ok ") }, "\(result.summary)")
    }

    @Test func theVirtualClockPlanAndCompareRefuseMCPTools() async throws {
        let result = try await FanoutProcess.run(["--allow-exec", "--clock", "virtual", "--keep-going"], stdin: Fixtures.script([
            try Self.connect(), "call files.echo text=x", "run", "plan", "compare",
        ]))
        result.expectExit(1)
        #expect(result.stderrLines == [
            "error: line 3: the clock is virtual, and call_1 calls files.echo, an MCP tool, which runs on the real clock only: clock real, then run",
            "error: line 4: plan simulates the queue on the virtual clock, and call_1 calls files.echo, an MCP tool, which runs on the real clock only: run the queue instead, or drop that call",
            "error: line 5: compare runs the queue on the virtual clock, and call_1 calls files.echo, an MCP tool, which runs on the real clock only: run the queue instead, or drop that call",
        ], "\(result.summary)")
    }

    @Test func aServerThatNeverAnswersTimesOutWithAClearError() async throws {
        let root = try #require(FanoutBinary.packageRoot())
        let result = try await FanoutProcess.run(["--allow-exec"], stdin: Fixtures.script([
            "mcp connect slow timeout=500ms python3 \(root.appendingPathComponent("Tests/mcp/slow_start.py").path)",
            "mcp list",
        ]))
        result.expectExit(1)
        #expect(result.stderrLines == [
            "error: line 1: MCP server slow ('python3') did not answer initialize within 0.5s (is it an MCP server speaking stdio?); its error output ends: starting up, slowly",
        ], "\(result.summary)")
    }
}
}
