import Foundation
import Testing

@testable import FanoutCore

extension ExecutorRealClockTests {
    /// The rule: an async handler's calls run one after another in one task on the launching thread,
    /// until one of them awaits; that handler's later calls in the run start as tasks of their own.
    @Test func callsShareATaskOnTheLaunchingThreadUntilTheirHandlerAwaits() async throws {
        // One launch (under a burst): 100 calls that return at once, 50 that await, 100 that return.
        let calls = (0..<100).map { call("a_\($0)", "now") } + (0..<50).map { call("w_\($0)", "waits") }
            + (0..<100).map { call("b_\($0)", "now") }
        let log = TaskLog()
        let handlers = HandlerRegistry([TaskRecordingHandler(name: "now", log: log), TaskRecordingHandler(name: "waits", log: log, waits: true)])
        let report = try await Executor(handlers: handlers).run(calls)
        #expect(report.results.allSatisfy { $0.status == .ok })
        let tasks = log.tasks
        // The first 100 and the first call that awaits share one task; every later awaiting call has
        // its own; the 100 after them share another.
        #expect(Set(tasks.prefix(101)).count == 1)
        #expect(Set(tasks[101..<150]).count == 49)
        #expect(Set(tasks.suffix(100)).count == 1)
        #expect(Set(tasks).count == 51)
        // Those that never awaited ran on the launching thread.
        #expect(Set(log.threads.prefix(100)).count == 1)
    }

    @Test func handlersThatComputeBeforeAwaitingStillEndAsTheySay() async throws {
        // The first call computes 2 ms on the launching thread, then awaits; the later ones start as
        // tasks of their own. Every call still ends, in overlap.
        let calls = (0..<300).map { call("call_\($0)", $0 % 2 == 0 ? "prepares" : "waits") }
        let handlers: [any ToolHandler] = [
            ComputeThenWaitHandler(name: "prepares", computing: .milliseconds(2), waiting: .milliseconds(50)),
            handler("waits", latency: .milliseconds(50)),
        ]
        let started = ContinuousClock.now
        let report = try await Executor(handlers: HandlerRegistry(handlers)).run(calls)
        let elapsed = started.duration(to: .now)
        #expect(report.results.allSatisfy { $0.status == .ok })
        #expect(report.results.filter { $0.name == "prepares" }.allSatisfy { $0.output == ["prepared": true] })
        // 150 × 2 ms of computing on two cores, and the waits overlapping.
        #expect(elapsed < TimingSlack.bound(.seconds(3)), "took \(elapsed)")
    }
}

/// In queue order, the task and the thread each call's first step ran on.
private final class TaskLog: Sendable {
    private let entries = Locked<[(call: String, task: Int, thread: UInt)]>([])

    func record(_ call: String) {
        let task = withUnsafeCurrentTask { $0?.hashValue ?? 0 }
        #if canImport(Darwin)
        let thread = UInt(bitPattern: pthread_self())
        #else
        let thread = UInt(pthread_self())
        #endif
        entries.withLock { $0.append((call, task, thread)) }
    }

    private var inQueueOrder: [(call: String, task: Int, thread: UInt)] {
        // Calls are named a_, w_, b_ and numbered within each group.
        entries.withLock { $0 }.sorted { lhs, rhs in
            let (l, r) = (lhs.call.split(separator: "_"), rhs.call.split(separator: "_"))
            return (Self.group(l[0]), Int(l[1])!) < (Self.group(r[0]), Int(r[1])!)
        }
    }

    private static func group(_ prefix: Substring) -> Int { ["a": 0, "w": 1, "b": 2][String(prefix)]! }

    var tasks: [Int] { inQueueOrder.map(\.task) }
    var threads: [UInt] { inQueueOrder.map(\.thread) }
}

/// Notes the task and thread it starts on, then returns or awaits.
private struct TaskRecordingHandler: ToolHandler {
    let name: String
    let log: TaskLog
    var waits = false

    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        log.record(context.callID)
        if waits { try await context.sleep(for: .milliseconds(50)) }
        return ["ok": true]
    }
}

/// Computes for a while, then awaits: a request that needs preparing.
private struct ComputeThenWaitHandler: ToolHandler {
    let name: String
    let computing: Duration
    let waiting: Duration

    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        CPUTime.spin(for: computing)
        try await context.sleep(for: waiting)
        return ["prepared": true]
    }
}
