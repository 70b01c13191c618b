import FanoutCore
import Foundation

extension Session {
    /// What `export` can write, each a subcommand.
    enum ExportTarget: String, CaseIterable {
        case results, tools, python, trace, svg
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
        case .trace: try exportTrace(rest)
        case .svg: try exportSVG(rest)
        }
    }

    /// `export trace [--all] FILE`: the last run (or every run) as Chrome Trace Event JSON.
    func exportTrace(_ arguments: [Word]) throws(CommandError) {
        let all = arguments.first?.text == "--all"
        let rest = all ? Array(arguments.dropFirst()) : arguments
        guard let file = rest.first, rest.count == 1 else {
            throw CommandError("usage: export trace [--all] FILE (a .json file Perfetto or chrome://tracing opens)", column: rest.dropFirst().first?.column)
        }
        guard let last = runHistory.last else {
            throw CommandError("no run to export yet: queue calls and type run")
        }
        let runs = all ? runHistory : [last]
        try deliver(
            ChromeTrace(runs: runs).json.jsonText + "\n", to: file,
            what: "a trace of \(runs.count == 1 ? "run \(last.report.run)" : "\(runs.count) runs")", target: .trace)
    }

    /// `export svg FILE`: the last run's timeline as an SVG picture.
    func exportSVG(_ arguments: [Word]) throws(CommandError) {
        guard let file = arguments.first, arguments.count == 1 else {
            throw CommandError("usage: export svg FILE", column: arguments.dropFirst().first?.column)
        }
        guard let last = runHistory.last else {
            throw CommandError("no run to export yet: queue calls and type run")
        }
        try deliver(SVGTimeline(calls: last.calls, report: last.report).text, to: file, what: "the timeline of run \(last.report.run)", target: .svg)
    }

    /// Prints `text`, or writes it to `file` (relative to the running file's folder, as `source`'s
    /// paths are) and says so. Under `--format jsonl` a print is one line,
    /// `{"event":"export","target":…,"document":…}` for JSON (`document`), else with the `text`.
    func deliver(_ text: String, document: JSONValue? = nil, to file: Word?, what: String, target: ExportTarget) throws(CommandError) {
        guard let file else {
            guard presentation.format == .human else {
                var line: JSONObject = ["event": "export", "target": .string(target.rawValue)]
                if let document { line["document"] = document } else { line["text"] = .string(text) }
                emit(JSONValue.object(line).jsonText)
                return
            }
            emit(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            return
        }
        // A bare word is more likely a misspelt option than a file to create.
        guard file.text.contains(".") || file.text.contains("/") else {
            throw CommandError(
                "\(file.text.quotedExcerpt) is not a file name here: give one with an extension or a folder, like \(file.text).json or ./\(file.text)",
                column: file.column)
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
