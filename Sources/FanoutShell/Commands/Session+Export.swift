import FanoutCore
import Foundation

extension Session {
    /// What `export` can write, each a subcommand.
    enum ExportTarget: String, CaseIterable {
        case results, tools, python
    }

    /// `export results [FORMAT] [FILE]`, `export tools FORMAT [FILE]`, `export python [FILE]`.
    func export(_ arguments: [Word]) throws(CommandError) {
        guard let first = arguments.first else {
            throw CommandError("export needs what to write: \(CommandCatalog.Command.export.usage)")
        }
        guard let target = ExportTarget(rawValue: first.text) else {
            let hint = Suggestions.didYouMean(first.text, in: ExportTarget.allCases.map(\.rawValue))
            throw CommandError(
                "export can't write '\(first.text)'\(hint); choose \(ExportTarget.allCases.map(\.rawValue).joined(separator: ", "))",
                column: first.column)
        }
        let rest = Array(arguments.dropFirst())
        switch target {
        case .results: try exportResults(rest)
        case .tools: try exportTools(rest)
        case .python: try exportPython(rest)
        }
    }

    /// Prints `text`, or writes it to `file` (relative to the running file's folder, as `source`'s
    /// paths are) and says so.
    func deliver(_ text: String, to file: Word?, what: String) throws(CommandError) {
        guard let file else {
            // Printed in every format: it is what the command was asked for.
            emit(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            return
        }
        let folder = sourceStack.last?.folder ?? scriptFolder ?? FileManager.default.currentDirectoryPath
        let path = Session.path(file.text, relativeTo: folder)
        // fopen, not Foundation's writers, for the system's own reason when it fails.
        guard let handle = fopen(path, "w") else {
            throw CommandError("can't write \(file.text): \(String(cString: strerror(errno))); check the folder exists and is writable", column: file.column)
        }
        let written = fwrite(text, 1, text.utf8.count, handle)
        let closed = fclose(handle)
        guard written == text.utf8.count, closed == 0 else {
            throw CommandError("can't write \(file.text): \(String(cString: strerror(errno)))", column: file.column)
        }
        say("wrote \(what) to \(file.text)")
    }
}
