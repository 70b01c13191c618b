import FanoutCore
import Foundation
import Testing
@testable import FanoutShell

@Suite("Record and check")
struct RecordTests {
    func temporaryPath(_ name: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    @Test func aRecordedSessionPassesCheckAndHoldsEveryCommand() async throws {
        let path = temporaryPath("session.fanout")
        let (session, _) = makeSession()
        #expect(await session.execute("record \(path)") == .ok)
        for line in exercise + ["run", "bogus"] { await session.execute(line) }
        #expect(await session.execute("record stop") == .ok)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let script = SessionScript(text: text)
        #expect(script.commands.map(\.text) == exercise + ["run", "bogus"])
        #expect(text.contains("error: column 1: unknown command 'bogus'"))
        let result = await TranscriptChecker.check(file: path)
        #expect(result.problem == nil)
        #expect(result.diff.isEmpty, "\(result.diff.joined(separator: "\n"))")
    }

    @Test func theTranscriptIsWrittenAsTheSessionGoes() async throws {
        let path = temporaryPath("live.fanout")
        let (session, _) = makeSession()
        await session.execute("record \(path)")
        await session.execute("demo weather")
        // Not stopped: what was shown must already be on disk.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("fanout> demo weather\nloaded get_weather, get_news, get_stock_price\n"))
    }

    @Test func anExistingFileIsKeptUnlessForced() async throws {
        let path = temporaryPath("kept.fanout")
        try "precious\n".write(toFile: path, atomically: true, encoding: .utf8)
        let (session, _) = makeSession()
        #expect(await session.execute("record \(path)") == .rejected(
            "'\(path)' already exists: pick another name, or use record \(path) force to replace it"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious\n")
        #expect(await session.execute("record \(path) force") == .ok)
    }

    @Test func checkFindsAChangedNumberAndNamesTheLine() async throws {
        let path = temporaryPath("edited.fanout")
        let (session, _) = makeSession()
        await session.execute("record \(path)")
        for line in exercise + ["run"] { await session.execute(line) }
        session.stopRecording()
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let summary = lines.firstIndex { $0.hasPrefix("wall 2.000s") }!
        lines[summary] = lines[summary].replacingOccurrences(of: "wall 2.000s", with: "wall 1.000s")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let result = await TranscriptChecker.check(file: path)
        #expect(result.diff.contains("-" + lines[summary]))
        #expect(result.diff.contains { $0.hasPrefix("@@ -\(summary - 1),") })
    }
}
