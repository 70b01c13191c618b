import FanoutCore
import FanoutTools
import Foundation
import Testing

/// Every call ends, and takes what it started with it: the process table is the witness.
@Suite struct ExecTeardownTests {
    let scripts: ExecScripts

    init() throws { scripts = try ExecScripts() }

    func run(_ handler: ExecHandler, timeout: Duration?) async throws -> (CallResult, Duration) {
        let executor = Executor(handlers: HandlerRegistry([handler]))
        let started = ContinuousClock.now
        let report = try await executor.run([ToolCall(id: "c1", name: handler.name)], options: ExecutionOptions(timeout: timeout))
        return (try #require(report.results.first), ContinuousClock.now - started)
    }

    /// Whether a process holding `marker` is gone within a generous bound.
    func gone(_ marker: String) async throws -> Bool {
        for _ in 0..<200 {
            if !ExecScripts.processRunning(withMarker: marker) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test func aTimedOutCommandAndItsGrandchildAreGone() async throws {
        let marker = "fanout-marker-\(UUID().uuidString.prefix(8))"
        let sleeper = try scripts.sleeper(marker)
        let path = try scripts.script("slow", "\(sleeper) 30 &\n\(sleeper) 31\nwait")
        let (result, elapsed) = try await run(try ExecHandler(name: "slow", argv: [path]), timeout: .milliseconds(300))
        #expect(result.status == .timeout)
        #expect(elapsed < TimingSlack.bound(.seconds(10)))
        #expect(try await gone(marker))
    }

    @Test func aGrandchildIgnoringSIGTERMIsKilledToo() async throws {
        let marker = "fanout-marker-\(UUID().uuidString.prefix(8))"
        let sleeper = try scripts.sleeper(marker)
        let path = try scripts.script("stubborn", "sh -c \"trap '' TERM; \(sleeper) 30\" &\nsleep 30")
        let handler = try ExecHandler(name: "stubborn", argv: [path], terminationGrace: .milliseconds(200))
        let (result, elapsed) = try await run(handler, timeout: .milliseconds(300))
        #expect(result.status == .timeout)
        #expect(elapsed < TimingSlack.bound(.seconds(10)))
        #expect(try await gone(marker))
    }

    @Test func aBackgroundChildOfAProgramThatExitedIsReaped() async throws {
        let marker = "fanout-marker-\(UUID().uuidString.prefix(8))"
        // The grandchild keeps standard output open: the call must still end when the program does.
        let path = try scripts.script("leaves", "\(try scripts.sleeper(marker)) 30 &\necho done")
        let (result, elapsed) = try await run(try ExecHandler(name: "leaves", argv: [path]), timeout: nil)
        #expect(result.status == .ok)
        #expect(result.output == .string("done"))
        #expect(elapsed < TimingSlack.bound(.seconds(10)))
        #expect(try await gone(marker))
    }

    @Test func aKilledProgramSaysBySignal() async throws {
        let path = try scripts.script("dies", "kill -9 $$")
        let (result, _) = try await run(try ExecHandler(name: "dies", argv: [path]), timeout: nil)
        #expect(result.error == "killed by signal 9 (SIGKILL)")
    }

    @Test func cancellingARunEndsItsCommands() async throws {
        let marker = "fanout-marker-\(UUID().uuidString.prefix(8))"
        let handler = try ExecHandler(name: "slow", argv: [try scripts.sleeper(marker), "30"])
        let executor = Executor(handlers: HandlerRegistry([handler]))
        let run = try executor.start((1...4).map { ToolCall(id: "c\($0)", name: "slow") })
        try await Task.sleep(for: .milliseconds(300))
        run.cancel()
        let report = await run.report
        #expect(report.results.map(\.status) == Array(repeating: .cancelled, count: 4))
        #expect(try await gone(marker))
    }

    @Test func commandsRunAtTheSameTime() async throws {
        let handler = try ExecHandler(name: "nap", argv: ["sleep", "1"])
        let executor = Executor(handlers: HandlerRegistry([handler]))
        let started = ContinuousClock.now
        let report = try await executor.run((1...4).map { ToolCall(id: "c\($0)", name: "nap") }, options: ExecutionOptions(limit: 4))
        #expect(report.results.allSatisfy { $0.status == .ok })
        // Four one-second sleeps one after another would take 4 s; at once, a little over 1 s.
        #expect(ContinuousClock.now - started < TimingSlack.bound(.seconds(3)))
    }
}
