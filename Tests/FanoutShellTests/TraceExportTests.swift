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
