import FanoutCore
import Testing
@testable import FanoutShell

/// Tables line up on a terminal however wide the characters in them are.
@Suite("Display width")
struct DisplayWidthTests {
    @Test(arguments: [
        ("get_weather", 11), ("天気", 4), ("🚀", 2), ("👨‍👩‍👧", 2), ("🇯🇵", 2), ("☀️", 2), ("é", 1), ("e\u{301}", 1), ("", 0),
    ])
    func columnsOfText(_ text: String, _ columns: Int) {
        #expect(text.displayWidth == columns)
    }

    @Test func theTimingTableAndTheQueueAlignWideNames() async {
        let text = await outputOfLast(["register 天気 latency=1s", "register f latency=1s", "call 天気", "call f", "call 🚀", "run"])
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("call_") }.map(String.init)
        #expect(rows.count == 3)
        // The status column starts at the same terminal column on every row.
        let statusColumns = rows.map { row in
            let status = row.range(of: row.contains("error") ? "error" : "ok")!
            return String(row[..<status.lowerBound]).displayWidth
        }
        #expect(Set(statusColumns).count == 1, "\(rows)")
        #expect(rows[0].hasPrefix("call_1  天気  ok"))
        #expect(rows[2].hasPrefix("call_3  🚀    error"))
    }

    @Test func theLiveBlockPadsAndCutsByColumns() {
        var block = LiveBlock(calls: [ToolCall(id: "call_1", name: "天気"), ToolCall(id: "call_2", name: "wx")], color: false)
        block.apply(.callStarted(run: 1, call: "call_1", name: "天気", at: .zero))
        let frame = block.frame(now: .milliseconds(500), tick: 0, width: 80, height: 24)
        #expect(frame[0] == "⠋ call_1  天気  running     0.500s")
        #expect(frame[1] == "· call_2  wx    waiting")
        #expect(LiveBlock.visibleWidth(frame[0]) == 34)
        #expect(LiveBlock.truncate("ab天気", to: 3) == "ab")
        #expect(LiveBlock.truncate("ab天気", to: 4) == "ab天")
    }
}
