extension Session {
    /// `history [N]`: the commands of this session, numbered from 1, or the last N of them.
    func showHistory(_ arguments: [Word]) throws(CommandError) {
        try expectAtMostOneArgument(arguments, for: .history)
        var shown = commandHistory.indices
        if let word = arguments.first {
            guard let count = Int(word.text), count > 0 else {
                throw CommandError("history N takes a number of commands, 1 or more, not \(word.text.quotedExcerpt)", column: word.column)
            }
            shown = shown.suffix(count)
        }
        if presentation.format == .jsonl {
            emit(Session.historyLine(shown.map { ($0 + 1, commandHistory[$0]) }))
            return
        }
        let width = max(4, String(commandHistory.count).count)
        for index in shown {
            let number = String(index + 1)
            say(String(repeating: " ", count: width - number.count) + number + "  " + commandHistory[index])
        }
    }
}
