import FanoutCore
import FanoutMCP
import Foundation

/// The `mcp` scenario: fanout's MCP client, through the executor, against the official Python
/// client doing the same with `asyncio.gather`, both calling the same Python SDK server
/// (`bench/mcp_server.py`) with every call of a batch at once.
enum MCPBench {
    /// The two batches: a trivial tool many times (the cost of a call, client and server), and a
    /// 500 ms tool (whether the calls overlap on one connection).
    struct Batch {
        var scenario: String
        var tool: String
        var n: Int
        var ms: Int?
    }

    static func batches(smoke: Bool) -> [Batch] {
        [
            Batch(scenario: "mcp trivial", tool: "noop", n: smoke ? 50 : 1_000, ms: nil),
            Batch(scenario: "mcp 500 ms", tool: "sleep_ms", n: smoke ? 10 : 100, ms: 500),
        ]
    }

    /// `benchFolder` holds the server and the Python client; the Python with the `mcp` package is
    /// the virtualenv `make venv` makes beside it, in `.build/test-venv`.
    static func rows(benchFolder: URL, runs: Int, smoke: Bool) async -> [BenchRow] {
        let python = benchFolder.deletingLastPathComponent().appendingPathComponent(".build/test-venv/bin/python").path
        let server = benchFolder.appendingPathComponent("mcp_server.py").path
        let batches = batches(smoke: smoke)
        guard FileManager.default.isExecutableFile(atPath: python) else {
            return batches.flatMap { batch in
                [batch.scenario, "python " + batch.scenario].map { scenario in
                    var row = BenchRow(scenario: scenario, n: batch.n, walls: [], reference: nil, referenceKind: "")
                    row.failure = "no \(python): make venv installs the mcp package there"
                    return row
                }
            }
        }
        var rows: [BenchRow] = []
        for batch in batches {
            rows.append(await fanout(batch, python: python, server: server, runs: runs))
            rows.append(peer(batch, python: python, script: benchFolder.appendingPathComponent("mcp_peer.py").path, runs: runs))
        }
        return rows
    }

    private static func fanout(_ batch: Batch, python: String, server: String, runs: Int) async -> BenchRow {
        let ideal = batch.ms.map { Duration.milliseconds($0) }
        var row = BenchRow(scenario: batch.scenario, n: batch.n, walls: [], reference: ideal, referenceKind: ideal == nil ? "" : "ideal")
        let client: MCPClient
        do {
            client = try await MCPClient.connect(name: "bench", command: python, arguments: [server], timeout: .seconds(60))
        } catch {
            row.failure = "cannot connect to \(server): \(error.message)"
            return row
        }
        let arguments: JSONObject = batch.ms.map { ["ms": .int($0)] } ?? [:]
        let calls = (1...batch.n).map { ToolCall(id: "call_\($0)", name: "bench.\(batch.tool)", values: arguments) }
        let handlers = client.handlers.map { $0 as any ToolHandler }
        var timings = Timings()
        for _ in 0..<runs {
            let report = await timings.measure { await ScenarioRunner.execute(calls, handlers: handlers, options: ExecutionOptions()) }
            if let failed = report.results.first(where: { $0.status != .ok }) {
                row.failure = "\(failed.id) ended \(failed.status.rawValue): \(failed.error ?? "")"
                break
            }
        }
        await client.close()
        row.walls = timings.walls
        row.notes.append(timings.cpuNote)
        if ideal == nil, !row.walls.isEmpty {
            row.notes.append(BenchNote("per_call_us", row.median.seconds * 1e6 / Double(batch.n), decimals: 1))
        }
        return row
    }

    private static func peer(_ batch: Batch, python: String, script: String, runs: Int) -> BenchRow {
        var row = BenchRow(scenario: "python " + batch.scenario, n: batch.n, walls: [], reference: nil, referenceKind: "fanout")
        var arguments = [script, "--tool", batch.tool, "--n", "\(batch.n)", "--runs", "\(runs)"]
        if let ms = batch.ms { arguments += ["--ms", "\(ms)"] }
        guard let output = PythonPeer.run(python, arguments),
              let walls = (try? JSONParser.parse(output))?.objectValue?["wall_ms"]?.arrayValue?.compactMap(\.doubleValue), !walls.isEmpty
        else {
            row.failure = "\(python) \(script) did not give figures (its error is above)"
            return row
        }
        row.walls = walls.map { .microseconds(Int64($0 * 1000)) }
        return row
    }
}
