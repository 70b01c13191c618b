import FanoutCore
@testable import FanoutShell

/// Session files: read as a transcript or a script, their commands lexed, and the transcript
/// rebuilt from its own recorded output and diffed against itself, as `fanout check` does.
enum TranscriptTarget {
    static func run(_ text: String) {
        let lines = text.lines
        let script = SessionScript(text: text)
        var previous = 0
        for command in script.commands {
            precondition(command.line > previous && command.line <= lines.count, "command line \(command.line) out of order or range")
            previous = command.line
            _ = try? CommandLexer.words(in: command.text)
        }
        guard script.isTranscript else { return }
        let rebuilt = TranscriptChecker.rebuild(lines, outputs: script.commands.map(\.expectedOutput))
        _ = LineDiff.unified(expected: lines, actual: rebuilt, name: "fuzz.fanout")
    }
}
