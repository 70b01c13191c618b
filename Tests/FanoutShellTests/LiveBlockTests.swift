import FanoutCore
import Testing
@testable import FanoutShell

@Suite("Live block")
struct LiveBlockTests {
    let calls = [
        ToolCall(id: "call_1", name: "get_weather"), ToolCall(id: "call_2", name: "get_news"),
        ToolCall(id: "call_3", name: "get_recommendations"),
    ]

    @Test func oneLinePerCallWithStatusAndElapsed() {
        var block = LiveBlock(calls: calls, color: false)
        block.apply(.callStarted(run: 1, call: "call_1", name: "get_weather", at: .zero))
        block.apply(.callStarted(run: 1, call: "call_2", name: "get_news", at: .zero))
        block.apply(.callFinished(run: 1, result: CallResult(
            id: "call_2", name: "get_news", status: .error, startedAt: .zero, finishedAt: .milliseconds(300), error: "boom")))
        let frame = block.frame(now: .milliseconds(500), tick: 0, width: 80, height: 24)
        #expect(frame == [
            "⠋ call_1  get_weather          running     0.500s",
            "✗ call_2  get_news             error       0.300s",
            "· call_3  get_recommendations  waiting",
            "0.500s elapsed · Ctrl-C cancels the run",
        ])
    }

    @Test func aRunningCallShowsItsLastProgressAsABarAndItsMessage() {
        var block = LiveBlock(calls: calls, color: false)
        block.apply(.callStarted(run: 1, call: "call_1", name: "get_weather", at: .zero))
        block.apply(.callStarted(run: 1, call: "call_2", name: "get_news", at: .zero))
        block.apply(.callStarted(run: 1, call: "call_3", name: "get_recommendations", at: .zero))
        block.apply(.callProgress(run: 1, call: "call_1", at: .milliseconds(100), fraction: 0.2, message: "fetching"))
        block.apply(.callProgress(run: 1, call: "call_1", at: .milliseconds(200), fraction: 0.4, message: "parsing\nrows"))
        block.apply(.callProgress(run: 1, call: "call_2", at: .milliseconds(200), fraction: nil, message: "page 3"))
        block.apply(.callProgress(run: 1, call: "call_3", at: .milliseconds(200), fraction: 1, message: nil))
        let frame = block.frame(now: .milliseconds(500), tick: 0, width: 100, height: 24)
        #expect(frame == [
            "⠋ call_1  get_weather          running     0.500s  [████░░░░░░]  40% parsing\\nrows",
            "⠋ call_2  get_news             running     0.500s  page 3",
            "⠋ call_3  get_recommendations  running     0.500s  [██████████] 100%",
            "0.500s elapsed · Ctrl-C cancels the run",
        ])
        // Once the call ends, its line says how it ended, without the bar.
        block.apply(.callFinished(run: 1, result: CallResult(
            id: "call_1", name: "get_weather", status: .ok, startedAt: .zero, finishedAt: .milliseconds(600), output: [:])))
        #expect(block.frame(now: .milliseconds(700), tick: 0, width: 100, height: 24)[0] == "✓ call_1  get_weather          ok          0.600s")
    }

    @Test func manyCallsBecomeAProgressBarWithTheSlowestRunning() {
        let many = (1...100).map { ToolCall(id: "call_\($0)", name: "f") }
        var block = LiveBlock(calls: many, color: false)
        for index in 1...100 { block.apply(.callStarted(run: 1, call: "call_\(index)", name: "f", at: .milliseconds(index))) }
        for index in 1...50 {
            block.apply(.callFinished(run: 1, result: CallResult(
                id: "call_\(index)", name: "f", status: .ok, startedAt: .zero, finishedAt: .seconds(1))))
        }
        let frame = block.frame(now: .seconds(2), tick: 1, width: 80, height: 10)
        #expect(frame.count <= 10)
        #expect(frame[0] == "⠙ [███████████████░░░░░░░░░░░░░░░] 50/100  50 ok · 50 running")
        #expect(frame[1] == "  slowest: call_51 f 1.949s")
    }

    /// A frame drawn before the window narrowed wraps: erasing it must go up past every row.
    @Test func rowsAFrameTakesAfterTheWindowNarrows() {
        #expect(LiveBlock.visibleWidth("\u{1B}[32m✓\u{1B}[0m call_1  ok") == 12)
        #expect(LiveBlock.rows(occupiedBy: [54, 54, 30], atWidth: 100) == 3)
        #expect(LiveBlock.rows(occupiedBy: [54, 54, 30], atWidth: 30) == 5)
        #expect(LiveBlock.rows(occupiedBy: [0, 60], atWidth: 30) == 3)
        #expect(LiveBlock.rows(occupiedBy: [], atWidth: 30) == 0)
    }

    @Test func linesAreCutToTheWidthKeepingColourCodesBalanced() {
        let cut = LiveBlock.truncate("\u{1B}[32mabcdef\u{1B}[0m", to: 3)
        #expect(cut == "\u{1B}[32mabc\u{1B}[0m")
    }
}

@Suite("Live block on the virtual clock")
struct LiveBlockVirtualTests {
    @Test func elapsedTimesFollowTheEventsNotTheWallClock() {
        var block = LiveBlock(calls: [ToolCall(id: "call_1", name: "f")], color: false)
        block.apply(.runStarted(RunStarted(run: 1, strategy: .gather, clock: .virtual, limit: nil, timeout: nil, calls: ["call_1"])))
        block.apply(.callStarted(run: 1, call: "call_1", name: "f", at: .seconds(2000)))
        let frame = block.frame(now: .milliseconds(5), tick: 0, width: 80, height: 24)
        #expect(frame[0] == "⠋ call_1  f  running     0.000s")
        #expect(frame[1].hasPrefix("33m20s elapsed"))
    }

    @Test func negativeDurationsFormatWithASign() {
        #expect(TimingTable.seconds(.milliseconds(-234)) == "-0.234s")
    }
}
