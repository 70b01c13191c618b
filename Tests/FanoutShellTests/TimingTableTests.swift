import FanoutCore
import Testing
@testable import FanoutShell

@Suite("Timing table")
struct TimingTableTests {
    /// The summary line of a one-call run that took `wall`, against a sequential wall of `sequential`.
    private func summary(wall: Duration, sequential: Duration) -> String {
        let result = CallResult(id: "call_7", name: "quick", status: .ok, startedAt: .zero, finishedAt: wall, output: [:])
        let report = RunReport(
            run: 2, strategy: .gather, clock: .real, status: .ok, results: [result], wall: wall, criticalPath: ["call_7"])
        let table = TimingTable(report: report, sequentialWall: sequential, width: TimingTable.transcriptWidth, style: Style(enabled: false))
        return table.lines.last!
    }

    @Test func aRunSlowerThanSequentialSaysHowManyTimesSlower() {
        // A 100 ms sync call that waited for offload threads still blocked by an earlier run.
        #expect(summary(wall: .milliseconds(1899), sequential: .milliseconds(100))
            == "wall 1.899s · work 1.899s · 19.0x slower than sequential · critical path call_7")
    }

    @Test func instantCallsAreNotComparedWithSequential() {
        // Sequential takes no time on the model, so a real run of instant calls has no meaningful ratio.
        #expect(summary(wall: .milliseconds(1), sequential: .zero) == "wall 0.001s · work 0.001s · critical path call_7")
    }
}
