import FanoutCore
@testable import FanoutShell

/// Session files: read as a transcript or a script, their commands lexed, and the transcript
/// rebuilt from its own recorded output and diffed against itself, as `fanout check` does. The diff
/// is checked too: its changes, applied to the recorded lines, must give the new ones. So is the
/// diff of the text before the first blank line against the text after it, lines the fuzzer picks.
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
        if script.isTranscript {
            let rebuilt = TranscriptChecker.rebuild(lines, outputs: script.commands.map(\.expectedOutput))
            checkDiff(lines, rebuilt)
            _ = LineDiff.unified(expected: lines, actual: rebuilt, name: "fuzz.fanout")
        }
        if let blank = lines.firstIndex(of: "") {
            checkDiff(Array(lines[..<blank]), Array(lines[(blank + 1)...]))
        }
    }

    /// Applies the changes `LineDiff` finds between `old` and `new` to `old`: that must give `new`,
    /// with the changes in order and unchanged lines between any two.
    private static func checkDiff(_ old: [String], _ new: [String]) {
        let changes = LineDiff.diff(old, new).changes
        var rebuilt: [String] = []
        var oldLine = 0, newLine = 0
        for (index, change) in changes.enumerated() {
            precondition(change.old.lowerBound >= oldLine && change.new.lowerBound >= newLine, "changes out of order")
            precondition(change.old.upperBound <= old.count && change.new.upperBound <= new.count, "a change past the end")
            precondition(change.old.lowerBound - oldLine == change.new.lowerBound - newLine, "unchanged runs of different lengths")
            precondition(index == 0 || change.old.lowerBound > oldLine, "adjacent changes")
            precondition(!change.old.isEmpty || !change.new.isEmpty, "an empty change")
            rebuilt += old[oldLine..<change.old.lowerBound]
            rebuilt += new[change.new]
            oldLine = change.old.upperBound
            newLine = change.new.upperBound
        }
        precondition(old.count - oldLine == new.count - newLine, "unchanged tails of different lengths")
        rebuilt += old[oldLine...]
        precondition(rebuilt == new, "the diff's changes do not turn the old lines into the new")
    }
}
