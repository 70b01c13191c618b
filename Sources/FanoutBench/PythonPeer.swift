import FanoutCore
import Foundation

/// Runs the Python asyncio layer (`bench/peer.py`) for the scenarios it has, with python3.
enum PythonPeer {
    static let scenarios: [BenchScenario] = [.overhead, .fanout, .limit, .blocking]

    static func rows(script: String, runs: Int, smoke: Bool) async -> [BenchRow] {
        var rows: [BenchRow] = []
        for scenario in scenarios {
            let n = scenario.size(smoke: smoke)
            guard let output = runPython([script, "--scenario", scenario.rawValue, "--n", "\(n)", "--runs", "\(runs)"]),
                  let object = try? JSONParser.parse(output).objectValue,
                  let walls = object["wall_ms"]?.arrayValue?.compactMap(\.doubleValue), !walls.isEmpty
            else {
                var row = BenchRow(scenario: "python \(scenario.rawValue)", n: n, walls: [], reference: nil, referenceKind: "")
                row.failure = "python3 \(script) did not give figures (its error is above)"
                rows.append(row)
                continue
            }
            let baseline = runPython([script, "--baseline-rss"]).flatMap { try? JSONParser.parse($0).objectValue?["peak_rss_kib"]?.intValue } ?? 0
            var row = BenchRow(
                scenario: "python \(scenario.rawValue)", n: n,
                walls: walls.map { .microseconds(Int64($0 * 1000)) }, reference: nil, referenceKind: "fanout")
            if let peak = object["peak_rss_kib"]?.intValue { row.peakRSSKiB = max(0, peak - baseline) }
            if let late = object["heartbeat_late_ms"]?.arrayValue?.compactMap(\.doubleValue).max() {
                row.notes.append(BenchNote("heartbeat_late_ms", late, decimals: 1))
            }
            rows.append(row)
        }
        return rows
    }

    private static func runPython(_ arguments: [String]) -> String? {
        run("/usr/bin/env", ["python3"] + arguments)
    }

    /// Runs `executable` with `arguments`; its standard output, or `nil` when it fails.
    static func run(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
