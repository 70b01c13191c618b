import FanoutCore

extension Session {
    /// `export results [FORMAT] [FILE]`: the last run's results in a model vendor's format, or as
    /// one JSON document (`json`). FORMAT defaults to the last import's, else `json`.
    func exportResults(_ arguments: [Word]) throws(CommandError) {
        let names = ["json"] + WireFormat.allCases.map(\.rawValue)
        var rest = arguments[...]
        var formatName = lastImport?.format.rawValue ?? "json"
        if let first = rest.first, names.contains(first.text) {
            formatName = first.text
            rest = rest.dropFirst()
        }
        // A bare word is a format name, misspelt or not: a file has an extension or a folder.
        if let first = rest.first, !first.text.contains("."), !first.text.contains("/") {
            let hint = Suggestions.didYouMean(first.text, in: names)
            throw CommandError(
                "unknown format \(first.text.quotedExcerpt)\(hint); formats: \(names.joined(separator: ", ")); to write a file, give \(first.text).json or ./\(first.text)",
                column: first.column)
        }
        guard rest.count <= 1 else {
            throw CommandError("usage: export results [\(names.joined(separator: "|"))] [FILE]", column: rest.dropFirst().first?.column)
        }
        guard let report = lastReport else {
            throw CommandError("no results to export yet: queue calls (or import a model's response) and type run")
        }
        let document: JSONValue
        if let format = WireFormat(rawValue: formatName) {
            document = format.reply(with: report.results, omittingIDs: lastImport?.generatedIDs ?? [])
        } else {
            document = Session.resultsDocument(report)
        }
        try deliver(
            document.prettyJSONText + "\n", document: document, to: rest.first,
            what: "\(report.results.count) result\(report.results.count == 1 ? "" : "s") (\(formatName))", target: .results)
    }

    /// `export tools FORMAT [FILE]`: every handler as the vendor's tool definitions.
    func exportTools(_ arguments: [Word]) throws(CommandError) {
        guard let formatWord = arguments.first, arguments.count <= 2 else {
            throw CommandError("usage: export tools \(WireFormat.allCases.map(\.rawValue).joined(separator: "|")) [FILE]", column: arguments.dropFirst(2).first?.column)
        }
        let format = try Session.wireFormat(formatWord)
        guard !registry.isEmpty else {
            throw CommandError("no handlers to export: load some with demo SET or register NAME")
        }
        let count = registry.all.count
        let tools = format.tools(registry.all)
        try deliver(
            tools.prettyJSONText + "\n", document: tools, to: arguments.dropFirst().first,
            what: "\(count) tool definition\(count == 1 ? "" : "s") (\(format.rawValue))", target: .tools)
    }

    /// The last run as one document for a person's own tools: the run, then every call's result.
    static func resultsDocument(_ report: RunReport) -> JSONValue {
        func milliseconds(_ duration: Duration) -> JSONValue {
            let value = (duration.milliseconds * 1000).rounded() / 1000
            return value.rounded() == value ? .int(Int(value)) : .double(value)
        }
        let results: [JSONValue] = report.results.map { result in
            var object: JSONObject = ["id": .string(result.id), "name": .string(result.name), "status": .string(result.status.rawValue)]
            object["started_ms"] = result.startedAt.map(milliseconds) ?? .null
            object["duration_ms"] = milliseconds(result.duration)
            if let output = result.output {
                object["output"] = output
            } else {
                object["error"] = .string(result.error ?? result.status.rawValue)
                if let kind = result.errorKind { object["error_kind"] = .string(kind.rawValue) }
            }
            return .object(object)
        }
        return [
            "run": .int(report.run), "strategy": .string(report.strategy.rawValue), "clock": .string(report.clock.rawValue),
            "status": .string(report.status.rawValue), "wall_ms": milliseconds(report.wall), "work_ms": milliseconds(report.work),
            "results": .array(results),
        ]
    }
}
