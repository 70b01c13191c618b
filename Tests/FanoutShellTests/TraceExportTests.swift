import FanoutCore
import Foundation
import Testing
@testable import FanoutShell

@Suite("export trace and svg")
struct TraceExportTests {
    private func folder() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-trace-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }

    /// The exercise plus a call that times out.
    private let exerciseWithTimeout = exercise + ["register slow latency=3s", "call slow", "set timeout 1500ms", "run"]

    private func events(_ path: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let trace = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(trace["traceEvents"] as? [[String: Any]])
    }

    @Test func slicesLanesFlowsAndMarks() async throws {
        let path = folder() + "/trace.json"
        let (session, sink) = await session(on: .virtual, after: exerciseWithTimeout)
        #expect(await session.execute("export trace \(path)") == .ok)
        #expect(sink.take() == "wrote a trace of run 1 to \(path)\n")
        let all = try events(path)
        let slices = all.filter { $0["ph"] as? String == "X" }
        #expect(slices.map { $0["name"] as? String } == ["call_1 get_user", "call_2 get_orders", "call_3 get_weather", "call_4 get_recommendations", "call_5 slow"])
        #expect(slices.map { $0["ts"] as? Int } == [0, 0, 0, 1_000_000, 0])
        #expect(slices.map { $0["dur"] as? Int } == [1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_500_000])
        // Four calls at once take four lanes; the dependent reuses a free one.
        #expect(slices.map { $0["tid"] as? Int } == [1, 2, 3, 1, 4])
        let flows = all.filter { ["s", "f"].contains($0["ph"] as? String) }
        #expect(flows.map { "\($0["ph"]!) \($0["tid"]!) \($0["ts"]!)" } == ["s 2 999999", "f 1 1000000"])
        let marks = all.filter { $0["ph"] as? String == "i" }.map { $0["name"] as? String }
        #expect(marks == ["timeout call_5"])
        let output = (slices[3]["args"] as? [String: Any])?["output"] as? String
        #expect(output?.contains("\"based_on\":[\"Laptop\",\"Mouse\"]") == true)
    }

    /// A call that fails twice, then succeeds (with seed 5); one that times out on every attempt.
    private let retried = [
        "set seed 5",
        "register flaky latency=300ms fail=0.5 retries=3 backoff=200ms..200ms",
        "register slow latency=3s timeout=1s retries=1 backoff=500ms..500ms",
        "call flaky", "call slow", "run",
    ]

    @Test func aRetriedCallsSliceHoldsASliceForEachAttemptAndEachWait() async throws {
        let path = folder() + "/trace.json"
        let (session, _) = await session(on: .virtual, after: retried)
        #expect(await session.execute("export trace \(path)") == .ok)
        let all = try events(path)
        let slices = all.filter { $0["ph"] as? String == "X" }
        func described(_ tid: Int) -> [String] {
            slices.filter { $0["tid"] as? Int == tid }.map { "\($0["name"]!) \($0["cat"]!) \($0["ts"]!)+\($0["dur"]!)" }
        }
        // flaky: its first attempt fails at 0.3 s; each wait is a draw from 100..200 ms.
        let flaky = described(1)
        #expect(flaky.map { $0.split(separator: " ").prefix(3).joined(separator: " ") } == [
            "call_1 flaky ok", "attempt 1 error", "retry wait retry_wait", "attempt 2 error", "retry wait retry_wait", "attempt 3 ok",
        ])
        #expect(flaky.dropFirst().first == "attempt 1 error 0+300000", "\(flaky)")
        let waits = slices.filter { $0["tid"] as? Int == 1 && $0["name"] as? String == "retry wait" }.compactMap { $0["dur"] as? Int }
        #expect(waits.count == 2 && waits.allSatisfy { (100_000...200_000).contains($0) }, "\(waits)")
        #expect(flaky.last == "attempt 3 ok \(600_000 + waits.reduce(0, +))+300000", "\(flaky)")
        #expect((slices.first?["args"] as? [String: Any])?["attempts"] as? Int == 3)
        // slow: a timeout mark for each attempt.
        #expect(described(2).map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
            == ["call_2 slow timeout", "attempt 1 timeout", "retry wait retry_wait", "attempt 2 timeout"])
        let marks = all.filter { $0["ph"] as? String == "i" }.map { $0["name"] as? String }
        #expect(marks == ["timeout call_2 attempt 1", "timeout call_2"])
    }

    @Test func aRetriedCallsBarsAreItsAttempts() async throws {
        let path = folder() + "/timeline.svg"
        let (session, _) = await session(on: .virtual, after: retried)
        #expect(await session.execute("export svg \(path)") == .ok)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        // The failed attempts by their status, the last as the call ended, a wait between each two.
        #expect(svg.components(separatedBy: "<rect class=\"attempt error\"").count - 1 == 2)
        #expect(svg.components(separatedBy: "<rect class=\"attempt timeout\"").count - 1 == 1)
        #expect(svg.components(separatedBy: "<rect class=\"call ok\"").count - 1 == 1)
        #expect(svg.components(separatedBy: "<rect class=\"call timeout\"").count - 1 == 1)
        #expect(svg.components(separatedBy: "<line class=\"retry-wait\"").count - 1 == 3)
        #expect(svg.contains("<title>call_1 flaky attempt 1: error, 0.000s + 0.300s: RuntimeError: flaky failed</title>"), "\(svg)")
    }

    @Test func aVirtualTraceIsTheSameBytesEveryTime() async throws {
        var texts: [String] = []
        for _ in 0..<2 {
            let path = folder() + "/trace.json"
            let (session, _) = await session(on: .virtual, after: exerciseWithTimeout + ["call get_user user_id=u2", "run"])
            #expect(await session.execute("export trace --all \(path)") == .ok)
            texts.append(try String(contentsOfFile: path, encoding: .utf8))
        }
        #expect(texts[0] == texts[1])
        #expect(texts[0].contains(#""runs":[{"run":1,"#))
        #expect(texts[0].contains(#"{"run":2,"#))
    }

    @Test func theSVGHasABarPerCallColouredByStatusAndTheCriticalPathOutlined() async throws {
        let path = folder() + "/timeline.svg"
        let (session, _) = await session(on: .virtual, after: exerciseWithTimeout)
        #expect(await session.execute("export svg \(path)") == .ok)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "class=\"call ok\"").count - 1 == 4)
        #expect(svg.components(separatedBy: "class=\"call timeout\"").count - 1 == 1)
        #expect(svg.components(separatedBy: "stroke=\"\(SVGTimeline.criticalPathColour)\" stroke-width=\"2\"><title>").count - 1 == 2)
    }

    @Test func ticksAreRound() {
        #expect(SVGTimeline.ticks(upTo: .seconds(2)).map { SVGTimeline.tickLabel($0, axis: .seconds(2)) } == ["0s", "0.5s", "1s", "1.5s", "2s"])
        #expect(SVGTimeline.ticks(upTo: .milliseconds(300)).map { SVGTimeline.tickLabel($0, axis: .milliseconds(300)) } == ["0s", "50ms", "100ms", "150ms", "200ms", "250ms", "300ms"])
    }

    @Test func withoutARunThereIsNothingToExport() async {
        let (session, _) = makeSession()
        #expect(await session.execute("export trace t.json") == .rejected("no run to export yet: queue calls and type run"))
        #expect(await session.execute("export svg") == .rejected("usage: export svg FILE"))
    }
}
