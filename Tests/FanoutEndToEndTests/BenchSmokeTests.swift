import Foundation
import Testing

extension EndToEnd {
    /// `fanout bench` at its tiny smoke size: every scenario completes and emits valid rows. The
    /// figures themselves belong to `make bench`, not to a timed test.
    @Suite("Benchmark smoke")
    struct BenchSmokeTests {
        @Test func everyScenarioCompletesWithValidRows() async throws {
            let peer = try #require(FanoutBinary.packageRoot()).appendingPathComponent("bench/peer.py").path
            let result = try await FanoutProcess.run(
                ["bench", "--smoke", "--runs", "1", "--format", "jsonl", "--peer", peer], timeout: 120)
            result.expectExit(0)
            let rows = try result.stdoutLines.map(JSONLines.object)
            let scenarios = rows.compactMap { $0["scenario"] as? String }
            for expected in ["overhead", "overhead floor (bare task group)", "fanout", "limit", "blocking offloaded",
                             "blocking inline (the pitfall)", "dag", "virtual (limit 100, 10 ms)",
                             "python overhead", "python fanout", "python limit", "python blocking"] {
                #expect(scenarios.contains(expected), "no row for \(expected): \(scenarios)")
            }
            for row in rows {
                let wall = row["wall_ms"] as? [String: Any]
                let median = try #require(wall?["median"] as? Double, "row without a median: \(row)")
                #expect(median > 0, "\(row)")
                #expect((row["n"] as? Int ?? 0) > 0, "\(row)")
                #expect(row["runs"] as? Int == 1)
            }
            let virtual = rows.first { ($0["scenario"] as? String)?.hasPrefix("virtual") == true }
            #expect((virtual?["notes"] as? [String: Any])?["virtual_wall_s"] as? String == "0.200")
        }
    }
}
