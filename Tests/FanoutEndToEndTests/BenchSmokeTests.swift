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
            for expected in ["overhead", "overhead floor (bare task group)", "fanout", "fanout floor (bare task group, Task.sleep)",
                             "fanout floor (bare task group, SleepTimer)",
                             "limit", "limit floor (bare task group, 100 at a time)", "blocking offloaded",
                             "blocking inline (the pitfall)", "dag", "virtual (limit 100, 10 ms)",
                             "python overhead", "python fanout", "python limit", "python blocking",
                             "mcp trivial", "python mcp trivial", "mcp 500 ms", "python mcp 500 ms",
                             "soak (one run)", "exec /bin/true (limit 16)", "exec floor (xargs -P16 -n1 /bin/true)",
                             "python exec /bin/true (Semaphore 16)"] {
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
            // Notes are numbers, their units in their names.
            #expect((virtual?["notes"] as? [String: Any])?["virtual_wall_s"] as? Double == 0.2)
            let fanout = rows.first { $0["scenario"] as? String == "fanout" }
            let lastStart = (fanout?["notes"] as? [String: Any])?["last_start_ms"] as? Double
            #expect(lastStart.map { $0 >= 0 && $0 <= (fanout?["wall_ms"] as? [String: Any])?["max"] as? Double ?? 0 } == true, "\(String(describing: fanout))")
            let overhead = rows.first { $0["scenario"] as? String == "overhead" }
            #expect((overhead?["notes"] as? [String: Any])?["cpu_ms"] as? Double ?? 0 > 0)
        }

        @Test func severalScenariosMayFollowOneFlagAsTheTableSpellsThem() async throws {
            let result = try await FanoutProcess.run(
                ["bench", "--smoke", "--runs", "1", "--format", "jsonl", "--scenario", "fan-out", "virtual"], timeout: 60)
            result.expectExit(0)
            let scenarios = try result.stdoutLines.map(JSONLines.object).compactMap { $0["scenario"] as? String }
            #expect(scenarios.first == "fanout")
            #expect(scenarios.last?.hasPrefix("virtual") == true, "\(scenarios)")
        }

        @Test func aNegativeRunCountIsRejectedAsSuch() async throws {
            let result = try await FanoutProcess.run(["bench", "--runs", "-1"], timeout: 60)
            result.expectExit(64)
            #expect(result.stderr.contains("--runs must be at least 1"))
            #expect(result.stdout.isEmpty)
        }

        @Test func aMissingPeerIsRejectedBeforeAnythingRuns() async throws {
            let result = try await FanoutProcess.run(
                ["bench", "--smoke", "--runs", "1", "--scenario", "peer", "--peer", "/nonexistent/peer.py"], timeout: 60)
            result.expectExit(64)
            #expect(result.stderr.contains("no Python peer at '/nonexistent/peer.py'"))
            #expect(result.stdout.isEmpty)
        }

        @Test func aBrokenPeerGivesFailedRowsAndExitOne() async throws {
            let script = FileManager.default.temporaryDirectory.appendingPathComponent("broken-peer-\(UUID().uuidString).py")
            try "raise SystemExit('broken on purpose')\n".write(to: script, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: script) }
            let result = try await FanoutProcess.run(
                ["bench", "--smoke", "--runs", "1", "--scenario", "peer", "--format", "jsonl", "--peer", script.path], timeout: 60)
            result.expectExit(1)
            let rows = try result.stdoutLines.map(JSONLines.object)
            #expect(rows.count == 4)
            #expect(rows.allSatisfy { ($0["failure"] as? String)?.contains("did not give figures") == true })
            #expect(result.stderr.contains("broken on purpose"))
        }
    }
}
