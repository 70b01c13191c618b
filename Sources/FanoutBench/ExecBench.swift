import FanoutCore
import FanoutTools
import Foundation

/// The `exec` scenario: 1,000 calls of `/bin/true` through an exec handler under `set limit 16`,
/// beside `xargs -P16 -n1 /bin/true` over the same 1,000 (the floor: no JSON, no capture) and
/// Python's `asyncio.create_subprocess_exec` under a `Semaphore(16)` (`bench/exec_peer.py`), in
/// one sitting. The children dominate (about 1.3 ms of CPU each here), so the ratios matter, not the times.
enum ExecBench {
    static let limit = 16

    static func rows(n: Int, runs: Int, peerFolder: URL) async -> [BenchRow] {
        let handler: ExecHandler
        do {
            handler = try ExecHandler(name: "true", argv: ["/bin/true"])
        } catch {
            var row = BenchRow(scenario: "exec /bin/true", n: n, walls: [], reference: nil, referenceKind: "")
            row.failure = error.description
            return [row]
        }
        let calls = (1...n).map { ToolCall(id: "call_\($0)", name: "true") }
        var fanout = Timings(), xargs: [Duration] = []
        for _ in 0..<runs {
            let report = await fanout.measure {
                await ScenarioRunner.execute(calls, handlers: [handler], options: ExecutionOptions(limit: limit))
            }
            if let failed = report.results.first(where: { $0.status != .ok }) {
                var row = BenchRow(scenario: "exec /bin/true", n: n, walls: [], reference: nil, referenceKind: "")
                row.failure = "\(failed.id) ended \(failed.status.rawValue): \(failed.error ?? "")"
                return [row]
            }
            let started = ContinuousClock.now
            _ = PythonPeer.run("/bin/sh", ["-c", "seq \(n) | xargs -P\(limit) -n1 /bin/true"])
            xargs.append(ContinuousClock.now - started)
        }
        let floor = BenchRow(scenario: "exec floor (xargs -P16 -n1 /bin/true)", n: n, walls: xargs, reference: nil, referenceKind: "")
        var row = BenchRow(scenario: "exec /bin/true (limit 16)", n: n, walls: fanout.walls, reference: floor.median, referenceKind: "xargs")
        row.notes.append(fanout.cpuNote)
        var python = BenchRow(scenario: "python exec /bin/true (Semaphore 16)", n: n, walls: [], reference: row.median, referenceKind: "fanout")
        let script = peerFolder.appendingPathComponent("exec_peer.py").path
        if let output = PythonPeer.run("/usr/bin/env", ["python3", script, "--n", "\(n)", "--limit", "\(limit)", "--runs", "\(runs)"]),
           let walls = (try? JSONParser.parse(output))?.objectValue?["wall_ms"]?.arrayValue?.compactMap(\.doubleValue) {
            python.walls = walls.map { .microseconds(Int64($0 * 1000)) }
        } else {
            python.failure = "python3 \(script) did not give figures (its error is above)"
        }
        return [row, floor, python]
    }
}
