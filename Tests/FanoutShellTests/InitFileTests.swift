import FanoutCore
import Foundation
import Testing
@testable import FanoutShell

@Suite("Init file")
struct InitFileTests {
    private func writeTemporary(_ name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private static let settings = "settings: limit, timeout, offload, threads, cores, seed, retries, backoff"

    /// At start nothing was typed yet, so an error that names only a column points at nothing.
    @Test func errorsNameTheFileAndLineAsSourcesDo() async throws {
        let path = try writeTemporary("init", "# my settings\nset limt 3\nstrategy sequential\n")
        let (session, sink) = makeSession()
        await session.runInitFile(at: path)
        #expect(sink.take() == """
            error: \(path):2, column 5: unknown setting 'limt' (did you mean limit?); \(Self.settings)
            strategy sequential

            """)
        // What is typed afterwards is no longer the init file's.
        await session.execute("set limt 3")
        #expect(sink.take() == "error: column 5: unknown setting 'limt' (did you mean limit?); \(Self.settings)\n")
    }

    /// The init file's commands are recorded as typed, so their errors are recorded as a replay prints them.
    @Test func aTranscriptRecordsTheCommandsAndTheirErrorsAsTyped() async throws {
        let path = try writeTemporary("init", "set limt 3\n")
        let transcript = try writeTemporary("session.fanout", "")
        let (session, _) = makeSession()
        try session.startRecording(to: transcript, force: true)
        await session.runInitFile(at: path)
        session.stopRecording()
        let text = try String(contentsOfFile: transcript, encoding: .utf8)
        #expect(text.hasSuffix("fanout> set limt 3\nerror: column 5: unknown setting 'limt' (did you mean limit?); \(Self.settings)\n"))
        #expect(await TranscriptChecker.check(file: transcript).diff.isEmpty)
    }
}
