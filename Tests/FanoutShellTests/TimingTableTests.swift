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

    private func twoCallTable(width: Int, latency: Duration = .seconds(1)) -> [String] {
        let results = [
            CallResult(id: "call_1", name: "get_weather", status: .ok, startedAt: .zero, finishedAt: latency, output: [:]),
            CallResult(id: "call_2", name: "get_news", status: .ok, startedAt: .zero, finishedAt: latency / 2, output: [:]),
        ]
        let report = RunReport(
            run: 1, strategy: .gather, clock: .virtual, status: .ok, results: results, wall: latency, criticalPath: ["call_1"])
        return TimingTable(report: report, sequentialWall: nil, width: width, style: Style(enabled: false)).lines
    }

    /// Too narrow for a timeline: the columns alone, so that no row wraps onto a second line.
    @Test func aNarrowWindowGetsTheColumnsWithoutTheTimeline() {
        let lines = twoCallTable(width: 50)
        #expect(lines.dropLast() == [
            "call    name         status   start    duration",
            "call_1  get_weather  ok       0.000s   1.000s",
            "call_2  get_news     ok       0.000s   0.500s",
        ])
        #expect(twoCallTable(width: 80)[1].hasSuffix("█"))
    }

    @Test func longTimesKeepTheirColumnsApart() {
        let lines = twoCallTable(width: 80, latency: .seconds(30_000_169))
        #expect(lines[1].hasPrefix("call_1  get_weather  ok       0.000s   347d05h22m49s  █"), "\(lines)")
    }

    @Test(arguments: [
        (Duration.milliseconds(1), "0.001s"), (.seconds(59.9994), "59.999s"), (.seconds(600), "600.000s"),
        (.seconds(999.999), "999.999s"), (.seconds(1000), "16m40s"), (.seconds(3600), "1h"), (.seconds(3601), "1h00m01s"),
        (.seconds(60_000), "16h40m"), (.seconds(60_000_000), "694d10h40m"), (.seconds(-2), "-2.000s"),
    ])
    func timesPastAThousandSecondsUseLargerUnits(_ duration: Duration, _ text: String) {
        #expect(TimingTable.seconds(duration) == text)
    }

    @Test func theTimelineOfALongRunIsLabelledInLargerUnits() {
        let lines = twoCallTable(width: 80, latency: .seconds(60_000))
        #expect(lines[0].hasSuffix("16h40m"))
        #expect(lines.last?.hasPrefix("wall 16h40m · work 1d01h") == true, "\(lines)")
    }

    @Test func instantCallsHaveNoRatioWithSequential() {
        // Sequential takes no time on the model, so a real run of instant calls has no meaningful ratio.
        #expect(summary(wall: .milliseconds(1), sequential: .zero)
            == "wall 0.001s · work 0.001s · sequential 0.000s (instant calls) · critical path call_7")
    }
}

@Suite("Offload threads blocked by earlier runs")
struct ThreadsBlockedEarlierTests {
    @Test func aRunWhoseCallsWaitedForThreadsBlockedByAnEarlierRunSaysSo() async {
        // The real clock. The only offload thread stays blocked for 2 s by a call that timed out at
        // 50 ms; the next run's 20 ms sync call waits for it.
        let (session, sink) = await session(on: .real, after: [
            "register block kind=sync latency=2s", "register quick kind=sync latency=20ms",
            "set threads 1", "set timeout 50ms", "call block", "run", "set timeout none", "call quick",
        ])
        // The model knows nothing of the real thread still blocked: plan says so, and the run makes no
        // comparison with a sequential run that would not have waited either.
        await session.execute("plan")
        #expect(sink.take().hasSuffix("note: 1 offload thread is still blocked by an earlier run's calls; the prediction takes every thread as free\n"))
        await session.execute("run")
        let lines = sink.text.split(separator: "\n")
        #expect(lines.dropLast().last?.hasPrefix("wall ") == true, "\(sink.text)")
        #expect(lines.dropLast().last?.hasSuffix(" · not compared with sequential (threads still blocked, see the note) · critical path call_2") == true, "\(sink.text)")
        #expect(lines.last == "note: call_2 waited for an offload thread: the only one was still blocked by an earlier run's call_1 when this run started")
    }

    @Test func aRunThatFoundSomeThreadsBlockedSaysHowManyWereLeft() {
        let blocked = TimingTable.ThreadsBlockedEarlier(
            busy: 2, threads: 6, earlierCalls: ["call_1", "call_2"], offloadedCalls: ["call_3", "call_4"])
        #expect(blocked.note == "note: 2 of 6 offload threads were still blocked by earlier runs' blocking calls (call_1, call_2) when this run started: call_3, call_4 had 4 threads to share")
    }

    /// The virtual clock hands the threads a run's blocking handlers still hold on to the next run, as
    /// a real machine does: the next run, and plan and compare before it, find them taken.
    @Test func aVirtualRunStartsWithTheThreadsAnEarlierRunStillHeld() async {
        let (session, sink) = await session(on: .virtual, after: [
            "register block kind=sync latency=3s", "register quick kind=sync latency=500ms",
            "set threads 1", "set timeout 1s", "call block", "run", "set timeout none", "call quick",
        ])
        #expect(session.threadsHeldInSimulation == [HeldThread(call: "call_1", pool: .offload, remaining: .seconds(2))])
        await session.execute("plan")
        #expect(sink.take().contains("predicted wall: gather 2.500s (current)"))
        await session.execute("run")
        let lines = sink.take().split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("call_2  quick  ok       0.000s   2.500s") }, "\(lines)")
        #expect(lines.last == "note: call_2 waited for an offload thread: the only one was still blocked by an earlier run's call_1 when this run started")
        // Given back during that run: the next finds the thread free.
        #expect(session.threadsHeldInSimulation.isEmpty)
        await session.execute("call quick")
        await session.execute("run")
        #expect(sink.take().contains("wall 0.500s"))
    }

    /// A thread held longer than the next run lasts is handed on again, with what is left of its time;
    /// inline, it is a cooperative thread that is held.
    @Test func aThreadHeldPastTheNextRunIsHandedOnWithWhatIsLeft() async {
        let (session, _) = await session(on: .virtual, after: [
            "set offload inline", "register block kind=sync latency=10s", "register tick latency=1s",
            "set timeout 2s", "call block", "run", "call tick", "run",
        ])
        #expect(session.threadsHeldInSimulation == [HeldThread(call: "call_1", pool: .cooperative, remaining: .seconds(7))])
    }
}

/// Every summary of a run that did all its work compares it with sequential, or says why not.
@Suite("Comparison with sequential")
struct VersusSequentialTests {
    private func summary(of lines: [String], simulatingAtMost limit: Int = 20_000) async -> String {
        let (session, sink) = makeSession()
        session.sequentialSimulationLimit = limit
        for line in lines { await session.execute(line) }
        return String(sink.text.split(separator: "\n").last { $0.hasPrefix("wall ") } ?? "")
    }

    @Test func instantCallsAreTheSameAsSequential() async {
        let text = await summary(of: ["register f latency=0", "call f", "call f", "run"])
        #expect(text == "wall 0.000s · work 0.000s · same as sequential · critical path call_1")
    }

    @Test func instantCallsOnTheRealClockSaySoInsteadOfARatio() {
        #expect(TimingTable.versusSequential(sequential: .zero, wall: .milliseconds(3)) == "sequential 0.000s (instant calls)")
        #expect(TimingTable.versusSequential(sequential: .zero, wall: .microseconds(300)) == "same as sequential")
    }

    @Test func aRunTooBigToSimulateAgainSaysWhy() async {
        let calls = Array(repeating: "call f", count: 11)
        let text = await summary(of: ["register f latency=10ms"] + calls + ["run"], simulatingAtMost: 10)
        #expect(text.hasPrefix("wall 0.010s · work 0.110s · not compared with sequential (over 10 calls) · critical path"))
    }

    @Test func aRunThatStoppedEarlyHasNoComparison() async {
        let text = await summary(of: ["strategy taskgroup", "register bad fail=always latency=100ms", "register f", "call bad", "call f", "run"])
        #expect(text == "wall 0.100s · work 0.200s · 1 error, 1 cancelled · run failed")
    }
}
