import FanoutCore
import Foundation

/// Measures scenarios in this process. `fanout bench` runs each scenario in a child process of its
/// own, so one scenario's memory never counts against another's.
public enum ScenarioRunner {
    /// Runs `scenario` `runs` times and returns its rows (a scenario may have variants, such as a floor).
    public static func measure(_ scenario: BenchScenario, runs: Int, smoke: Bool, peerScript: String) async -> [BenchRow] {
        let n = scenario.size(smoke: smoke)
        let baseline = ProcessMemory.residentKiB
        var rows: [BenchRow]
        switch scenario {
        case .overhead: rows = await overhead(n: n, runs: runs)
        case .fanout: rows = await fanOut(n: n, runs: runs)
        case .limit: rows = await limited(n: n, runs: runs)
        case .blocking: rows = await blocking(n: n, runs: runs)
        case .dag: rows = [await dag(n: n, runs: runs)]
        case .virtual: rows = [await virtualRun(n: n, runs: runs)]
        case .soak: rows = [await soak(n: n)]
        case .exec: return await ExecBench.rows(n: n, runs: runs, peerFolder: URL(fileURLWithPath: peerScript).deletingLastPathComponent())
        case .peer: return await PythonPeer.rows(script: peerScript, runs: runs, smoke: smoke)
        case .mcp:
            let folder = URL(fileURLWithPath: peerScript).deletingLastPathComponent()
            return await MCPBench.rows(benchFolder: folder, runs: runs, smoke: smoke)
        }
        let peak = max(0, ProcessMemory.peakKiB - baseline)
        for index in rows.indices where rows[index].peakRSSKiB == nil { rows[index].peakRSSKiB = peak }
        return rows
    }

    /// Runs `calls` on the real clock with every event encoded as a JSON line into a null sink.
    @discardableResult
    static func execute(
        _ calls: [ToolCall], handlers: [any ToolHandler], options: ExecutionOptions, offloadPool: OffloadPool = OffloadPool()
    ) async -> RunReport {
        let run = start(calls, handlers: handlers, options: options, offloadPool: offloadPool)
        let consumer = encodeEvents(of: run)
        let report = await run.report
        _ = await consumer.value
        return report
    }

    /// Starts `calls`; the benchmark's options are constants, always in range.
    private static func start(
        _ calls: [ToolCall], handlers: [any ToolHandler], options: ExecutionOptions, offloadPool: OffloadPool = OffloadPool()
    ) -> ExecutionRun {
        do {
            return try Executor(handlers: HandlerRegistry(handlers), offloadPool: offloadPool).start(calls, options: options)
        } catch {
            fatalError("the benchmark's own options are out of range: \(error)")
        }
    }

    /// Encodes every event of `run` as a JSON line into a null sink.
    private static func encodeEvents(of run: ExecutionRun) -> Task<Int, Never> {
        Task {
            var sink = NullSink()
            for await event in run.events { sink.write(event) }
            return sink.bytes
        }
    }

    static func instantCalls(_ n: Int) -> [ToolCall] {
        (1...n).map { ToolCall(id: "call_\($0)", name: "instant") }
    }

    static func sleepCalls(_ n: Int, ms: Double, name: String = "sleep") -> [ToolCall] {
        (1...n).map { ToolCall(id: "call_\($0)", name: name, values: ["ms": .double(ms)]) }
    }

    private static func overhead(n: Int, runs: Int) async -> [BenchRow] {
        var executor = Timings(), bare = Timings()
        var peak = 0, floorPeak = 0
        for _ in 0..<runs {
            floorPeak = max(floorPeak, await ProcessMemory.peakRise {
                await bare.measure {
                    await withTaskGroup(of: Void.self) { group in
                        for _ in 0..<n { group.addTask {} }
                    }
                }
            })
            // The calls are part of what the executor holds, so they count towards its memory.
            peak = max(peak, await ProcessMemory.peakRise {
                let calls = instantCalls(n)
                await executor.measure { await execute(calls, handlers: [InstantHandler()], options: ExecutionOptions()) }
            })
        }
        var floor = BenchRow(scenario: "overhead floor (bare task group)", n: n, walls: bare.walls, reference: nil, referenceKind: "")
        floor.peakRSSKiB = floorPeak
        floor.notes.append(bare.cpuNote)
        var row = BenchRow(scenario: "overhead", n: n, walls: executor.walls, reference: floor.median, referenceKind: "floor")
        row.peakRSSKiB = peak
        row.notes.append(BenchNote("per_call_us", row.median.seconds * 1e6 / Double(n), decimals: 2))
        row.notes.append(executor.cpuNote)
        return [row, floor]
    }

    private static func fanOut(n: Int, runs: Int) async -> [BenchRow] {
        let calls = sleepCalls(n, ms: 10)
        let handler = SleepHandler(name: "sleep", kind: .async)
        var executor = Timings(), bare = Timings(), bareSameTimer = Timings()
        var lastStarts: [Duration] = []
        for _ in 0..<runs {
            await bare.measure { await sleepAtOnce(n) { try? await Task.sleep(for: .milliseconds(10)) } }
            await bareSameTimer.measure { await sleepAtOnce(n) { try? await SleepTimer.shared.sleep(for: .milliseconds(10)) } }
            let report = await executor.measure { await execute(calls, handlers: [handler], options: ExecutionOptions()) }
            lastStarts.append(report.results.lazy.compactMap { $0.startedAt }.max() ?? .zero)
        }
        var floor = BenchRow(scenario: "fanout floor (bare task group, Task.sleep)", n: n, walls: bare.walls, reference: .milliseconds(10), referenceKind: "ideal")
        floor.notes.append(bare.cpuNote)
        // The executor's handlers sleep on `SleepTimer`, which is cheaper than `Task.sleep`: this floor
        // sleeps the same way, so the ratio to it is the executor's own cost per call.
        var sameTimer = BenchRow(scenario: "fanout floor (bare task group, SleepTimer)", n: n, walls: bareSameTimer.walls, reference: .milliseconds(10), referenceKind: "ideal")
        sameTimer.notes.append(bareSameTimer.cpuNote)
        var row = BenchRow(scenario: "fanout", n: n, walls: executor.walls, reference: floor.median, referenceKind: "floor")
        row.notes.append(executor.cpuNote)
        row.notes.append(BenchNote("ratio_to_sleeptimer_floor", row.median.seconds / sameTimer.median.seconds, decimals: 2))
        // The owner starts every call itself, so when it started the last one (each run's, the median)
        // tells how much of the wall went to starting calls rather than to sleeping.
        row.notes.append(BenchNote("last_start_ms", lastStarts.sorted()[lastStarts.count / 2].milliseconds, decimals: 1))
        return [row, floor, sameTimer]
    }

    /// `n` tasks of a bare task group, all started at once, each running `sleep`.
    private static func sleepAtOnce(_ n: Int, _ sleep: @escaping @Sendable () async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<n { group.addTask(operation: sleep) }
        }
    }

    private static func limited(n: Int, runs: Int) async -> [BenchRow] {
        let calls = sleepCalls(n, ms: 10)
        let handler = SleepHandler(name: "sleep", kind: .async)
        var executor = Timings(), bare = Timings()
        var report: RunReport?
        for _ in 0..<runs {
            await bare.measure { await slidingWindow(n: n, width: 100) }
            report = nil  // the last run's report is freed here, not in this run's time
            report = await executor.measure { await execute(calls, handlers: [handler], options: ExecutionOptions(limit: 100)) }
        }
        let ideal = Duration.milliseconds(10 * ((n + 99) / 100))
        let floor = BenchRow(scenario: "limit floor (bare task group, 100 at a time)", n: n, walls: bare.walls, reference: ideal, referenceKind: "ideal")
        var row = BenchRow(scenario: "limit", n: n, walls: executor.walls, reference: ideal, referenceKind: "ideal")
        // Where time beyond the ideal goes: sleeps that wake late (the machine's timers), or the
        // hand-over from one call's end to the start of the call that takes its place.
        if let results = report?.results, results.count > 100 {
            let meanSleep = results.reduce(Duration.zero) { $0 + $1.duration } / results.count
            row.notes.append(BenchNote("call_ms_mean", meanSleep.milliseconds, decimals: 3))
            let ends = results.map(\.finishedAt).sorted()
            let laterStarts = results.compactMap(\.startedAt).sorted().dropFirst(100)
            let handOver = zip(laterStarts, ends).reduce(Duration.zero) { $0 + ($1.0 - $1.1) } / laterStarts.count
            row.notes.append(BenchNote("handover_us_mean", handOver.milliseconds * 1000, decimals: 0))
        }
        return [row, floor]
    }

    /// `n` sleeps of 10 ms, `width` at a time: what a task group does without an executor.
    private static func slidingWindow(n: Int, width: Int) async {
        await withTaskGroup(of: Void.self) { group in
            var started = 0
            while started < min(width, n) {
                group.addTask { try? await Task.sleep(for: .milliseconds(10)) }
                started += 1
            }
            while await group.next() != nil, started < n {
                group.addTask { try? await Task.sleep(for: .milliseconds(10)) }
                started += 1
            }
        }
    }

    private static func blocking(n: Int, runs: Int) async -> [BenchRow] {
        let calls = sleepCalls(n, ms: 100)
        let handler = SleepHandler(name: "sleep", kind: .sync)
        var rows: [BenchRow] = []
        for offload in [OffloadMode.thread, .inline] {
            var timings = Timings()
            var worstLateness = Duration.zero
            for _ in 0..<runs {
                let lateness = Locked(Duration.zero)
                let heartbeat = Task {
                    while !Task.isCancelled {
                        let before = ContinuousClock.now
                        try? await Task.sleep(for: .milliseconds(5))
                        let late = before.duration(to: .now) - .milliseconds(5)
                        lateness.withLock { $0 = max($0, late) }
                    }
                }
                await timings.measure {
                    // A pool as wide as the calls: each has a thread at once, so the ideal is one latency.
                    await execute(calls, handlers: [handler], options: ExecutionOptions(offload: offload), offloadPool: OffloadPool(maximumThreads: n))
                }
                heartbeat.cancel()
                worstLateness = max(worstLateness, lateness.withLock { $0 })
            }
            var row = BenchRow(
                scenario: offload == .thread ? "blocking offloaded" : "blocking inline (the pitfall)", n: n,
                walls: timings.walls, reference: .milliseconds(100), referenceKind: "ideal")
            row.notes.append(BenchNote("heartbeat_late_ms", worstLateness.milliseconds, decimals: 1))
            rows.append(row)
        }
        return rows
    }

    private static func dag(n: Int, runs: Int) async -> BenchRow {
        let graph = RandomGraph(calls: n, seed: 42)
        var timings = Timings()
        for _ in 0..<runs {
            await timings.measure {
                await execute(graph.calls, handlers: [SleepHandler(name: "sleep", kind: .async)], options: ExecutionOptions())
            }
        }
        return BenchRow(scenario: "dag", n: n, walls: timings.walls, reference: graph.criticalPath, referenceKind: "ideal")
    }

    /// One run of `n` zero-latency calls, every event encoded: one run is the test, so `runs` does
    /// not repeat it. The peak counts the calls and their results, which the run holds to the end.
    private static func soak(n: Int) async -> BenchRow {
        var timings = Timings()
        var report: RunReport?
        let peak = await ProcessMemory.peakRise {
            let calls = instantCalls(n)
            report = await timings.measure { await execute(calls, handlers: [InstantHandler()], options: ExecutionOptions()) }
        }
        var row = BenchRow(scenario: "soak (one run)", n: n, walls: timings.walls, reference: nil, referenceKind: "")
        row.peakRSSKiB = peak
        row.notes.append(BenchNote("peak_bytes_per_call", Double(peak) * 1024 / Double(n), decimals: 0))
        row.notes.append(BenchNote("ok", Double(report?.counts.ok ?? 0), decimals: 0))
        row.notes.append(timings.cpuNote)
        return row
    }

    private static func virtualRun(n: Int, runs: Int) async -> BenchRow {
        let calls = sleepCalls(n, ms: 10)
        var timings = Timings()
        var simulated = Duration.zero
        for _ in 0..<runs {
            await timings.measure {
                let run = start(
                    calls, handlers: [SleepHandler(name: "sleep", kind: .async)], options: ExecutionOptions(limit: 100, clock: .virtual))
                let consumer = encodeEvents(of: run)
                simulated = await run.report.wall
                _ = await consumer.value
                return run
            }
        }
        var row = BenchRow(scenario: "virtual (limit 100, 10 ms)", n: n, walls: timings.walls, reference: .seconds(1), referenceKind: "target")
        row.notes.append(BenchNote("virtual_wall_s", simulated.seconds, decimals: 3))
        return row
    }
}

/// A seeded random layered graph: each call depends on up to three calls of earlier layers and
/// sleeps 1–20 ms.
struct RandomGraph {
    var calls: [ToolCall] = []
    var criticalPath = Duration.zero

    init(calls count: Int, seed: UInt64) {
        var random = SeededRandomGenerator(seed: seed)
        let layerSize = max(1, count / 20)
        var finish: [Double] = []
        for index in 0..<count {
            let layer = index / layerSize
            let latency = Double(Int.random(in: 1...20, using: &random))
            var arguments: [(String, ArgumentValue)] = [("ms", .value(.double(latency)))]
            var start = 0.0
            if layer > 0 {
                let earlier = 0..<(layer * layerSize)
                for dependency in Set((0..<Int.random(in: 1...3, using: &random)).map { _ in Int.random(in: earlier, using: &random) }).sorted() {
                    arguments.append(("after_\(dependency + 1)", .reference(CallReference(callID: "call_\(dependency + 1)"))))
                    start = max(start, finish[dependency])
                }
            }
            finish.append(start + latency)
            calls.append(ToolCall(id: "call_\(index + 1)", name: "sleep", arguments: .init(uniqueKeysWithValues: arguments)))
        }
        criticalPath = .microseconds(Int64((finish.max() ?? 0) * 1000))
    }
}
