import FanoutCore
import Foundation

/// `fanout bench`: runs each scenario in a child process of its own and gathers the rows.
public enum Benchmark {
    public struct Configuration: Sendable {
        public var scenarios: [BenchScenario]
        public var runs: Int
        public var smoke: Bool
        /// The `fanout` executable, which runs the children (`fanout bench --child …`).
        public var executable: String
        public var peerScript: String

        public init(scenarios: [BenchScenario], runs: Int, smoke: Bool, executable: String, peerScript: String) {
            self.scenarios = scenarios
            self.runs = runs
            self.smoke = smoke
            self.executable = executable
            self.peerScript = peerScript
        }
    }

    /// Runs every scenario, calling `report` with each row as it is measured (Python rows get
    /// their ratio to fanout's matching row).
    public static func run(_ configuration: Configuration, report: (BenchRow) -> Void) -> Bool {
        var medians: [String: Duration] = [:]
        var succeeded = true
        for scenario in configuration.scenarios {
            var arguments = ["bench", "--child", "--scenario", scenario.rawValue, "--runs", "\(configuration.runs)", "--peer", configuration.peerScript]
            if configuration.smoke { arguments.append("--smoke") }
            guard let rows = child(configuration.executable, arguments) else {
                succeeded = false
                continue
            }
            for var row in rows {
                if row.referenceKind == "fanout" {
                    let matching = row.scenario.replacingOccurrences(of: "python ", with: "")
                    let key = matching == "blocking" ? "blocking offloaded" : matching
                    row.reference = medians[key]
                }
                medians[row.scenario] = row.median
                if row.failure != nil { succeeded = false }
                report(row)
            }
        }
        return succeeded
    }

    private static func child(_ executable: String, _ arguments: [String]) -> [BenchRow]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let text = String(data: data, encoding: .utf8) else { return nil }
        let rows = text.split(separator: "\n").compactMap { BenchRow(jsonLine: String($0)) }
        return rows.isEmpty ? nil : rows
    }
}
