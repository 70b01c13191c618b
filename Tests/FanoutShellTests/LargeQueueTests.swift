import FanoutCore
import Testing
@testable import FanoutShell

/// The shell with 100,000 queued calls stays responsive: each command that reads the whole queue
/// ends within a bound generous enough for a debug build on a loaded two-core machine.
@Suite("A queue of 100,000 calls", .serialized)
struct LargeQueueTests {
    static let count = 100_000

    /// Seconds `line` took, and what it printed.
    private func timed(_ session: Session, _ sink: CapturingSink, _ line: String) async -> (Double, String) {
        _ = sink.take()
        let started = ContinuousClock.now
        let outcome = await session.execute(line)
        let elapsed = ContinuousClock.now - started
        #expect(outcome == .ok, "\(line): \(sink.text.suffix(300))")
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, sink.take())
    }

    @Test func queuePlanRunAndResultsEachEndWithinSeconds() async {
        let (session, sink) = makeSession(clock: .real)
        await session.execute("register instant latency=0")
        let queueing = ContinuousClock.now
        for _ in 0..<Self.count { await session.execute("call instant") }
        // Queueing is constant-time per call: 100,000 of them in well under a minute.
        #expect(ContinuousClock.now - queueing < TimingSlack.bound(.seconds(60)))
        #expect(sink.take().hasSuffix("queued call_\(Self.count) instant()\n"))

        let (queueTime, queue) = await timed(session, sink, "queue")
        #expect(queue.contains("call_\(Self.count)"))
        let (planTime, plan) = await timed(session, sink, "plan")
        #expect(plan.hasPrefix("stage 1  call_1 instant · call_2 instant"), "\(plan.prefix(300))")
        let (runTime, run) = await timed(session, sink, "run")
        #expect(run.contains("\(Self.count) ok") || run.contains("call_\(Self.count)"), "\(run.suffix(300))")
        let (resultsTime, results) = await timed(session, sink, "results")
        #expect(results.contains("call_\(Self.count)"))
        for (name, seconds) in [("queue", queueTime), ("plan", planTime), ("run", runTime), ("results", resultsTime)] {
            #expect(seconds < 10, "\(name) took \(seconds) s with \(Self.count) calls")
        }
    }
}
