import Foundation
import Testing

extension EndToEnd {
    /// The SVG timeline renders: rsvg-convert draws it, and the pixels where bars must be have their
    /// status's colour, a retried call's attempts each theirs.
    @Suite("SVG rendering")
    struct SVGRenderingTests {
        @Test func barsAreDrawnInTheirStatusColours() async throws {
            let root = try #require(FanoutBinary.packageRoot())
            let python = root.appendingPathComponent(".build/test-venv/bin/python")
            try #require(FileManager.default.isExecutableFile(atPath: python.path), "no \(python.path): run make test (or make venv)")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-svg-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let script = [
                "register ok latency=1s", "register bad latency=500ms fail=always", "register slow latency=3s timeout=1s",
                // Fails its first attempt, succeeds on the second.
                "register flaky latency=300ms fail=0.5 retries=3 backoff=200ms..200ms",
                "call ok", "call bad", "call slow", "call flaky", "run", "export svg timeline.svg",
            ].joined(separator: "\n") + "\n"
            let export = try await FanoutProcess.run(["--clock", "virtual"], stdin: script, in: folder)
            #expect(export.status == 0, "\(export.summary)")
            let svg = try String(contentsOf: folder.appendingPathComponent("timeline.svg"), encoding: .utf8)
            let render = try await FanoutProcess.run(
                executable: URL(fileURLWithPath: "/usr/bin/rsvg-convert"),
                [folder.appendingPathComponent("timeline.svg").path, "-o", folder.appendingPathComponent("timeline.png").path])
            #expect(render.status == 0, "\(render.summary)")
            // The centre of each call's bar, and of each retried attempt's, from the SVG's own rectangles.
            let bars = try Regex(#"class="(?:call|attempt) (\w+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)""#)
            let found = svg.matches(of: bars).map { match in
                let number = { (index: Int) in Double(String(match.output[index].substring!))! }
                return (status: String(match.output[1].substring!), point: "\(number(2) + number(4) / 2),\(number(3) + number(5) / 2)")
            }
            #expect(found.map(\.status) == ["ok", "error", "timeout", "error", "ok"])
            let pixels = try await FanoutProcess.run(
                executable: python,
                [root.appendingPathComponent("Tests/vendor/pixel_colours.py").path, folder.appendingPathComponent("timeline.png").path] + found.map(\.point))
            #expect(pixels.status == 0, "\(pixels.summary)")
            // flaky's failed attempt in the colour of an error, its last in the call's.
            #expect(pixels.stdoutLines == ["#2e7d32", "#c62828", "#ef6c00", "#c62828", "#2e7d32"], "\(pixels.summary)")
            // Between its attempts, the wait to retry: a dashed line, not a bar.
            #expect(svg.contains(#"<line class="retry-wait" "#), "\(svg)")
        }
    }
}
