import ArgumentParser
import FanoutBench
import FanoutShell
import Foundation

/// `fanout bench`: executor overhead and scale, side by side with Python asyncio.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the executor (overhead, fan-out, limit, blocking, dag, virtual), the Python asyncio peer, and MCP calls beside the Python MCP client.",
        usage: "fanout bench [--scenario <scenario> ...] [--runs <runs>] [--format human|jsonl] [--smoke] [--peer <peer>]",
        discussion: "--format jsonl prints one JSON object per row instead of progress lines and a table.")

    @Option(
        name: .customLong("scenario"), parsing: .upToNextOption,
        help: "Scenarios to run, one or more after each --scenario (default all).")
    var scenarios: [BenchScenario] = []

    // Unconditional, so that `--runs -1` reaches `validate()` instead of reading as a missing value.
    @Option(parsing: .unconditional, help: "Runs per scenario (at least 5 for figures you report).")
    var runs = 5

    /// Shared with `fanout` itself, which would otherwise take `--format` given after `bench`; hidden
    /// from help, where only `--format` means anything (see the usage line and discussion).
    @OptionGroup(visibility: .hidden) var options: SessionOptions

    private var format: PresentationOptions.Format { options.format }

    @Flag(help: "Tiny sizes: checks that every scenario completes (what make test runs).")
    var smoke = false

    @Option(help: "The Python asyncio peer script.")
    var peer = "bench/peer.py"

    @Flag(help: .hidden)
    var child = false

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        let chosen = scenarios.isEmpty ? BenchScenario.allCases : scenarios
        if chosen.contains(.peer), !FileManager.default.fileExists(atPath: peer) {
            throw ValidationError("no Python peer at '\(peer)': run from the project's root, or pass --peer PATH/TO/bench/peer.py")
        }
    }

    func run() async throws {
        let chosen = scenarios.isEmpty ? BenchScenario.allCases : scenarios
        if child {
            for scenario in chosen {
                for row in await ScenarioRunner.measure(scenario, runs: runs, smoke: smoke, peerScript: peer) {
                    Bench.write(row.jsonLine)
                }
            }
            return
        }
        #if DEBUG
        if !smoke {
            FileHandle.standardError.write(Data("warning: this is a debug build, several times slower than a release build; for figures to report, run make bench (or swift build -c release)\n".utf8))
        }
        #endif
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var rows: [BenchRow] = []
        let succeeded = Benchmark.run(
            .init(scenarios: chosen, runs: runs, smoke: smoke, executable: executable, peerScript: peer)
        ) { row in
            rows.append(row)
            Bench.write(format == .jsonl ? row.jsonLine : row.failure.map { "failed \(row.scenario): \($0)" } ?? "measured \(row.scenario)")
        }
        if format == .human {
            Bench.write("")
            BenchTable.lines(rows).forEach(Bench.write)
        }
        if !succeeded { throw ExitCode(1) }
    }
}

extension Bench {
    /// Writes a line to stdout at once, so progress shows while later scenarios run.
    static func write(_ line: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
    }
}

extension BenchScenario: ExpressibleByArgument {
    /// Takes the names as the table spells them too (`fan-out`).
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased().replacingOccurrences(of: "-", with: ""))
    }
}
