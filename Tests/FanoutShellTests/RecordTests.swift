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
        await expectTranscriptPasses(path)
    }

    @Test func theTranscriptIsWrittenAsTheSessionGoes() async throws {
        let (path, session, _) = await recordingDemo(to: "live.fanout")
        // Not stopped, and the session still alive: what was shown must already be on disk.
        let text = try withExtendedLifetime(session) { try String(contentsOfFile: path, encoding: .utf8) }
        #expect(text.hasSuffix("fanout> demo weather\nloaded get_weather, get_news, get_stock_price\n"))
    }

    @Test func aSessionPrintingJSONLinesDoesNotRecord() async throws {
        let path = temporaryPath("events.fanout")
        let (session, _) = makeSession(format: .jsonl)
        #expect(await session.execute("record \(path)") == .rejected(
            "a transcript records the human format, and this session prints JSON lines: record without --format jsonl"))
        #expect(!FileManager.default.fileExists(atPath: path))
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

    /// Text from handlers and users is shown on one line, its control characters escaped: a newline
    /// in an error must not put a `fanout> ` line into the transcript, nor an escape reach the terminal.
    @Test func controlCharactersInErrorsAreEscapedAndTheTranscriptStillChecks() async throws {
        let path = temporaryPath("escaped.fanout")
        let (session, sink) = makeSession()
        #expect(await session.execute("record \(path)") == .ok)
        for line in [
            #"register bad fail=always latency=0 error="boom\nfanout> register evil\u001b[31m""#, "call bad", "run",
            "results", #"register "a\tb""#,
        ] {
            await session.execute(line)
        }
        #expect(await session.execute("record stop") == .ok)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(#"  0.000s  error     call_1 bad (0.000s): boom\nfanout> register evil\u{1B}[31m"#), "\(text)")
        #expect(text.contains(#"(no output: error) boom\nfanout> register evil\u{1B}[31m"#), "\(text)")
        #expect(text.contains(#"error: column 10: 'a\tb' is not a handler name"#), "\(text)")
        #expect(!sink.text.contains("\u{1B}"), "\(sink.text)")
        #expect(SessionScript(text: text).commands.count == 5)
        await expectTranscriptPasses(path)
    }

    /// Blank lines someone adds between a command's output and the next command are spacing, kept
    /// like comments; a blank line where output belongs is still a difference.
    @Test func blankLinesAfterACommandsOutputAreKeptAsSpacing() async throws {
        let path = temporaryPath("spaced.fanout")
        try """
            # fanout transcript · seed 0

            fanout> demo weather
            loaded get_weather, get_news, get_stock_price


            # the queue
            fanout> call get_weather location=Tokyo
            queued call_1 get_weather(location: "Tokyo")

            """.write(toFile: path, atomically: true, encoding: .utf8)
        await expectTranscriptPasses(path)

        try "fanout> demo weather\n\nfanout> queue\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = await TranscriptChecker.check(file: path)
        #expect(result.diff.contains("+loaded get_weather, get_news, get_stock_price"), "\(result.diff)")
    }

    /// A file's `source` lines name files from that file's folder, as `#include` does: a transcript
    /// that sources a neighbour checks the same from any folder, and nested files find theirs.
    @Test func sourcedPathsStartInTheFolderOfTheFileThatNamesThem() async throws {
        let folder = URL(fileURLWithPath: temporaryPath("unused")).deletingLastPathComponent()
        let nested = folder.appendingPathComponent("nested")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try "register hi latency=5ms\n".write(to: folder.appendingPathComponent("handlers.fanout"), atomically: true, encoding: .utf8)
        try "source ../handlers.fanout\ncall hi\n".write(to: nested.appendingPathComponent("calls.fanout"), atomically: true, encoding: .utf8)
        let transcript = folder.appendingPathComponent("session.fanout")
        try """
            # fanout transcript · seed 1
            fanout> source nested/calls.fanout
            registered hi (async, 5ms)
            queued call_1 hi()
            fanout> source missing.fanout
            error: column 8: no such file 'missing.fanout': check the path (relative paths start in \(folder.path))

            """.write(to: transcript, atomically: true, encoding: .utf8)
        // Checked from the current folder, which is not the transcript's.
        #expect(FileManager.default.currentDirectoryPath != folder.path)
        await expectTranscriptPasses(transcript.path)

        let (session, sink) = makeSession()
        session.scriptFolder = folder.path
        #expect(await session.execute("source nested/calls.fanout") == .ok)
        #expect(sink.take() == "registered hi (async, 5ms)\nqueued call_1 hi()\n")
        // Typed and piped commands start in the current folder.
        session.scriptFolder = nil
        #expect(await session.execute("source nested/calls.fanout") != .ok)
    }

    /// Transcripts leave out `record` commands (a replay must not start recording), so their output
    /// and errors stay out too: otherwise they would read as the output of the command before.
    @Test func recordCommandsLeaveNoOutputInTheTranscriptEvenWhenRefused() async throws {
        let (path, session, sink) = await recordingDemo(to: "twice.fanout")
        #expect(await session.execute("record \(path)") == .rejected("already recording to \(path): record stop first"))
        #expect(sink.take() == "error: already recording to \(path): record stop first\n")
        #expect(await session.execute("record") == .ok)
        await session.execute("call get_weather location=Tokyo")
        await session.execute("record stop")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").filter { !$0.hasPrefix("#") } == [
            "fanout> demo weather", "loaded get_weather, get_news, get_stock_price",
            "fanout> call get_weather location=Tokyo", #"queued call_1 get_weather(location: "Tokyo")"#,
        ])
        await expectTranscriptPasses(path)
    }

    @Test func aLineThatIsNotUTF8LeavesNoErrorInTheTranscript() async throws {
        let (path, session, sink) = await recordingDemo(to: "bytes.fanout")
        await session.execute(bytes: Array("call f x=".utf8) + [0xFF])
        #expect(sink.text == "error: the line is not valid UTF-8 text: check the file's encoding\n")
        session.stopRecording()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("fanout> demo weather\nloaded get_weather, get_news, get_stock_price\n"))
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

    /// `fanout check` replays the transcript at `path` with no difference.
    private func expectTranscriptPasses(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        let result = await TranscriptChecker.check(file: path)
        #expect(result.problem == nil, sourceLocation: sourceLocation)
        #expect(result.diff.isEmpty, "\(result.diff.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    /// A session recording to a fresh file `name` that has loaded `demo weather`; its sink holds
    /// nothing yet.
    private func recordingDemo(to name: String) async -> (String, Session, CapturingSink) {
        let path = temporaryPath(name)
        let (session, sink) = makeSession()
        await session.execute("record \(path)")
        await session.execute("demo weather")
        _ = sink.take()
        return (path, session, sink)
    }
}
