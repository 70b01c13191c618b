import Foundation
import Testing

@testable import FanoutCore

extension ExecutorRealClockTests {
    @Test func aRunTakesAtMostItsThreadsAndLeavesThePoolAsItWas() async throws {
        let pool = OffloadPool(maximumThreads: 64)
        let two = Gauge(), four = Gauge(), whole = Gauge()
        let handlers = HandlerRegistry([
            BlockingHandler(name: "two", gauge: two), BlockingHandler(name: "four", gauge: four),
            BlockingHandler(name: "whole", gauge: whole),
        ])
        let executor = Executor(handlers: handlers, offloadPool: pool)
        // Two runs at once, each with its own limit, on one pool.
        async let twoAtATime = executor.run((1...6).map { call("a_\($0)", "two") }, options: ExecutionOptions(threads: 2))
        async let fourAtATime = executor.run((1...8).map { call("b_\($0)", "four") }, options: ExecutionOptions(threads: 4))
        let reports = try await [twoAtATime, fourAtATime]
        // Then a run that sets no limit gets the whole pool, as wide as it was made.
        let third = try await executor.run((1...12).map { call("c_\($0)", "whole") })
        #expect((reports + [third]).allSatisfy { $0.results.allSatisfy { $0.status == .ok } })
        #expect(two.most == 2)
        #expect(four.most == 4)
        #expect(whole.most == 12)
    }

    @Test func aRunAskingForMoreThreadsThanThePoolHasGetsThePool() async throws {
        let gauge = Gauge()
        let executor = Executor(
            handlers: HandlerRegistry([BlockingHandler(name: "block", gauge: gauge)]), offloadPool: OffloadPool(maximumThreads: 3))
        let report = try await executor.run((1...6).map { call("call_\($0)", "block") }, options: ExecutionOptions(threads: 8))
        #expect(report.results.allSatisfy { $0.status == .ok })
        #expect(gauge.most == 3)
    }

    #if os(Linux)
    @Test func offloadThreadsAreNamedForTheKernel() async throws {
        let report = try await Executor(handlers: HandlerRegistry([ThreadNameHandler()])).run([call("call_1", "name")])
        #expect(report["call_1"].output == .string(OffloadPool.threadName))
        let comms = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap { task in
            try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)
        }
        // The thread idles for a few seconds before it retires, so it is still listed.
        #expect(comms.contains(OffloadPool.threadName + "\n"))
    }
    #endif
}

/// The most calls that were inside it at once.
private final class Gauge: Sendable {
    private let counts = Locked((inside: 0, most: 0))

    func enter() {
        counts.withLock { counts in
            counts.inside += 1
            counts.most = max(counts.most, counts.inside)
        }
    }

    func leave() {
        counts.withLock { $0.inside -= 1 }
    }

    var most: Int { counts.withLock { $0.most } }
}

/// Blocks its thread for 200 ms, counted by its gauge.
private struct BlockingHandler: ToolHandler {
    let name: String
    let gauge: Gauge
    var kind: HandlerKind { .sync }

    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        gauge.enter()
        defer { gauge.leave() }
        await context.blockThread(for: .milliseconds(200))
        return true
    }
}

#if os(Linux)
/// Returns the name the kernel has for the thread it runs on.
private struct ThreadNameHandler: ToolHandler {
    let name = "name"
    var kind: HandlerKind { .sync }

    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let comm = try String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
        return .string(comm.trimmingCharacters(in: .newlines))
    }
}
#endif
