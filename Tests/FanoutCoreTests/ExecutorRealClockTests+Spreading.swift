import Foundation
import Synchronization
import Testing

@testable import FanoutCore

extension ExecutorRealClockTests {
    @Test func aSmallLaunchTakesAwaitingCallsToTheirFirstAwaitOnTheLaunchingThread() async throws {
        let threads = ThreadLog()
        let calls = (0..<(RunOwner.spreadingLaunch - 1)).map { call("call_\($0)", "waits") }
        let report = try await Executor(handlers: HandlerRegistry([ThreadRecordingHandler(name: "waits", log: threads)])).run(calls)
        #expect(report.results.allSatisfy { $0.status == .ok })
        #expect(threads.distinct == 1)
    }
}

/// The threads that handlers' first steps ran on.
private final class ThreadLog: Sendable {
    private let threads = Mutex<Set<UInt>>([])

    func record() {
        #if canImport(Darwin)
        let thread = UInt(bitPattern: pthread_self())
        #else
        let thread = UInt(pthread_self())
        #endif
        threads.withLock { _ = $0.insert(thread) }
    }

    var distinct: Int { threads.withLock { $0.count } }
}

/// Notes the thread it starts on, then awaits.
private struct ThreadRecordingHandler: ToolHandler {
    let name: String
    let log: ThreadLog

    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        log.record()
        try await context.sleep(for: .milliseconds(20))
        return ["ok": true]
    }
}
