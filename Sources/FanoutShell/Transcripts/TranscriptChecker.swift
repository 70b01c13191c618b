import FanoutCore
import Foundation

/// `fanout check`: re-runs transcripts on the virtual clock and compares what they print now with
/// what they recorded.
public enum TranscriptChecker {
    /// The result of checking one transcript.
    public struct FileResult: Sendable {
        public var path: String
        /// The transcript as it would be recorded now (comments and commands kept in place).
        public var actualText: String
        /// A unified diff against the file; empty when it matches.
        public var diff: [String]
        /// Set when the file could not be checked at all.
        public var problem: String?
        /// Whether the problem is that the file is missing or cannot be read.
        public var unreadable = false
    }

    /// Checks every transcript under `paths`, printing one line per file (and diffs), then a
    /// `N passed, N failed` line. With `update`, rewrites the files that differ.
    /// - Returns: 0 when all match (or were updated), 66 when a path is missing or cannot be read,
    ///   1 otherwise.
    public static func check(paths: [String], update: Bool, sink: any OutputSink) async -> Int32 {
        var files: [String] = []
        for path in paths {
            switch expand(path) {
            case .success(let found): files += found
            case .failure(let error):
                sink.write("error: \(error.message)\n", to: .error)
                return ScriptRunner.Status.noInput
            }
        }
        var passed = 0, failed = 0, updated = 0, unreadable = 0
        for file in files {
            let result = await check(file: file)
            if let problem = result.problem {
                failed += 1
                if result.unreadable { unreadable += 1 }
                sink.write("FAIL  \(file): \(problem)\n", to: .standard)
            } else if result.diff.isEmpty {
                passed += 1
                sink.write("ok    \(file)\n", to: .standard)
            } else if update {
                do {
                    try result.actualText.write(toFile: file, atomically: true, encoding: .utf8)
                    updated += 1
                    sink.write("updated \(file)\n", to: .standard)
                } catch {
                    failed += 1
                    sink.write("FAIL  \(file): cannot write it: \(error.localizedDescription)\n", to: .standard)
                }
            } else {
                failed += 1
                sink.write("FAIL  \(file)\n", to: .standard)
                sink.write(result.diff.joined(separator: "\n") + "\n", to: .standard)
                if result.actualText.contains("clock real") || recordedOnRealClock(file) {
                    sink.write("  this transcript was recorded on the real clock: re-record it with fanout --clock virtual --record FILE, or accept the new output with fanout check --update\n", to: .standard)
                } else {
                    sink.write("  run fanout check --update \(file) to accept the new output\n", to: .standard)
                }
            }
        }
        let summary = updated > 0 ? "\(passed) passed, \(failed) failed, \(updated) updated" : "\(passed) passed, \(failed) failed"
        sink.write(summary + "\n", to: .standard)
        if unreadable > 0 { return ScriptRunner.Status.noInput }
        return failed == 0 ? ScriptRunner.Status.ok : ScriptRunner.Status.rejected
    }

    /// Re-runs one transcript on a fresh virtual-clock session.
    public static func check(file: String) async -> FileResult {
        let text: String
        do {
            text = try read(file)
        } catch {
            return FileResult(path: file, actualText: "", diff: [], problem: error.message, unreadable: !Session.isReadableFile(file))
        }
        let originalLines = text.lines
        let script = SessionScript(lines: originalLines)
        guard script.isTranscript else {
            return FileResult(path: file, actualText: text, diff: [],
                              problem: "not a transcript (no 'fanout> ' lines): record one with fanout --clock virtual --record FILE")
        }
        let sink = CapturingSink()
        let session = Session(
            sink: sink, presentation: PresentationOptions(),
            options: ExecutionOptions(clock: .virtual, seed: script.recordedSeed ?? 0))
        session.scriptFolder = Session.folder(of: file)
        session.commandsComeFromFile = true
        var outputs: [[String]] = []
        for command in script.commands {
            session.lineNumber = command.line - 1
            let outcome = await session.execute(command.text)
            outputs.append(sink.take().lines)
            if outcome == .quit { break }
        }
        let actualLines = rebuild(originalLines, outputs: outputs)
        let diff = LineDiff.unified(expected: originalLines, actual: actualLines, name: file)
        return FileResult(path: file, actualText: actualLines.joined(separator: "\n") + "\n", diff: diff, problem: nil)
    }

    /// The file's lines with each command's recorded output replaced by `outputs`.
    /// Comments stay where they are, and so do blank lines that end a command's output (spacing
    /// someone added by hand): no command prints those.
    static func rebuild(_ original: [String], outputs: [[String]]) -> [String] {
        var rebuilt: [String] = []
        var commandIndex = -1
        // Walking back, whether only blank lines lie between here and the next command or comment.
        var spacing = Array(repeating: false, count: original.count)
        var blankToTheEnd = true
        for index in original.indices.reversed() {
            let line = original[index]
            if SessionScript.isCommandLine(line) || line.hasPrefix("#") {
                blankToTheEnd = true
            } else if line.isEmpty {
                spacing[index] = blankToTheEnd
            } else {
                blankToTheEnd = false
            }
        }
        for (index, line) in original.enumerated() {
            if SessionScript.isCommandLine(line) {
                commandIndex += 1
                rebuilt.append(line)
                if commandIndex < outputs.count { rebuilt += outputs[commandIndex] }
            } else if line.hasPrefix("#") || spacing[index] || commandIndex < 0 {
                rebuilt.append(line)
            }
        }
        return rebuilt
    }

    private static func recordedOnRealClock(_ file: String) -> Bool {
        guard let text = try? read(file) else { return false }
        return text.lines.prefix(5).contains { $0.hasPrefix("#") && $0.contains("clock real") }
    }

    private static func read(_ file: String) throws(CommandError) -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandError("cannot read '\(file)': check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandError("'\(file)' is not UTF-8 text")
        }
        return text
    }

    /// A file as itself; a folder as its `*.fanout` files, sorted, searched recursively.
    private static func expand(_ path: String) -> Result<[String], CommandError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(CommandError("no such file or folder '\(path)'"))
        }
        guard isDirectory.boolValue else { return .success([path]) }
        let enumerator = FileManager.default.enumerator(atPath: path)
        var found: [String] = []
        while let entry = enumerator?.nextObject() as? String {
            if entry.hasSuffix(".fanout") { found.append((path as NSString).appendingPathComponent(entry)) }
        }
        guard !found.isEmpty else { return .failure(CommandError("no *.fanout files in '\(path)'")) }
        return .success(found.sorted())
    }
}
