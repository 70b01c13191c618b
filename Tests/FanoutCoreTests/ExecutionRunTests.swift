import Testing
@testable import FanoutCore

/// What a run gives its caller besides the report: its number and its one stream of events.
@Suite("Execution runs")
struct ExecutionRunTests {
    private let executor = Executor(handlers: HandlerRegistry([handler("fetch")]))
    private let virtual = ExecutionOptions(clock: .virtual)

    @Test func successiveRunsOfAnExecutorAreNumberedInOrder() async throws {
        var numbers: [Int] = []
        for _ in 1...3 {
            numbers.append(try await executor.run([call("call_1", "fetch")], options: virtual).run)
        }
        #expect(numbers == [1, 2, 3])
    }

    @Test func aRunNumberSetInTheOptionsWinsAndTakesNoNumberFromTheCount() async throws {
        var chosen = virtual
        chosen.runNumber = 7
        let first = try await executor.run([call("call_1", "fetch")], options: virtual)
        let run = try executor.start([call("call_1", "fetch")], options: chosen)
        var numbers: Set<Int> = []
        for await event in run.events { numbers.insert(event.run) }
        let next = try await executor.run([call("call_1", "fetch")], options: virtual)
        #expect(numbers == [7])
        #expect(await run.report.run == 7)
        #expect([first.run, next.run] == [1, 2])
    }

    @Test func copiesOfAnExecutorShareItsCount() async throws {
        var copy = executor
        copy.handlers = HandlerRegistry([handler("fetch"), handler("other")])
        let first = try await executor.run([call("call_1", "fetch")], options: virtual)
        let second = try await copy.run([call("call_1", "other")], options: virtual)
        #expect([first.run, second.run] == [1, 2])
    }

    @Test func theFirstIterationGetsEveryEventAndASecondEndsAtOnce() async throws {
        let run = try executor.start((1...3).map { call("call_\($0)", "fetch") }, options: virtual)
        var first: [String] = []
        for await event in run.events { first.append(event.name) }
        var second = 0
        for await _ in run.events { second += 1 }
        #expect(first == ["run_started"] + Array(repeating: "call_started", count: 3)
            + Array(repeating: "call_finished", count: 3) + ["run_finished"])
        #expect(second == 0)
    }

    @Test func aSecondIteratorMadeWhileTheFirstReadsEndsAtOnce() async throws {
        let run = try executor.start((1...500).map { call("call_\($0)", "fetch") }, options: virtual)
        var first = run.events.makeAsyncIterator()
        var second = run.events.makeAsyncIterator()
        #expect(await second.next() == nil)
        var count = 0
        while await first.next() != nil { count += 1 }
        #expect(count == 1 + 500 * 2 + 1)
    }
}

private extension ExecutionEvent {
    var name: String {
        switch self {
        case .runStarted: "run_started"
        case .callStarted: "call_started"
        case .callProgress: "call_progress"
        case .callRetry: "call_retry"
        case .callFinished: "call_finished"
        case .runFinished: "run_finished"
        }
    }
}
