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
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CommandError("can't write \(file.text): \(Session.reason(error)); check the folder exists and is writable", column: file.column)
        }
        say("wrote \(what) to \(file.text)")
    }

    /// The reason an I/O error gives, without Foundation's framing.
    static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        return underlying.map { String(cString: strerror(Int32($0.code))) } ?? error.localizedDescription
    }
}
