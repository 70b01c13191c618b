import FanoutCore
import OrderedCollections

extension Session {
    func queueCall(_ arguments: [Word]) throws(CommandError) {
        guard let nameWord = arguments.first, ValueParser.keyValue(nameWord) == nil else {
            throw CommandError("call needs a handler name: call NAME key=value… [as ALIAS]")
        }
        var words = Array(arguments.dropFirst())
        var alias: String?
        if words.count >= 2, words[words.count - 2].text == "as", !words[words.count - 2].isQuoted {
            let aliasWord = words[words.count - 1]
            try validateAlias(aliasWord)
            alias = aliasWord.text
            words.removeLast(2)
        }
        var callArguments = CallArguments()
        for word in words {
            guard let (key, value) = ValueParser.keyValue(word), !key.isEmpty else {
                if word.text == "as" {
                    throw CommandError("as needs exactly one alias at the end: call NAME … as ALIAS", column: word.column)
                }
                throw CommandError("expected key=value, got \(word.text.quotedExcerpt); e.g. call get_weather location=Tokyo", column: word.column)
            }
            guard callArguments[key] == nil else {
                throw CommandError("argument \(key.quotedExcerpt) is given twice; keep one", column: word.column)
            }
            callArguments[key] = try argumentValue(value, key: key)
        }
        enqueue(ToolCall(id: nextCallID(), name: nameWord.text, arguments: callArguments, alias: alias))
    }

    /// The next `call_N` id that no queued call has (an imported call may have taken one).
    func nextCallID() -> String {
        var id: String
        repeat {
            id = "call_\(nextCallNumber)"
            nextCallNumber += 1
        } while everQueuedIDs.contains(id) && queue.contains { $0.id == id }
        return id
    }

    /// Why `verb` has nothing to do, and how to queue calls: `rerun` too once something has run.
    func emptyQueue(_ verb: String) -> String {
        "nothing to \(verb): the queue is empty; add calls with call NAME key=value"
            + (runHistory.isEmpty ? "" : ", or rerun to queue the last run's calls again")
    }

    /// Queues `call`, says so, and warns of what will make it fail.
    func enqueue(_ call: ToolCall, prefix: String = "queued ") {
        queue.append(call)
        everQueuedIDs.insert(call.id)
        if let alias = call.alias { aliases[alias] = call.id }
        say("\(prefix)\(call.id) \(Session.signature(of: call))")
        if let problem = call.argumentsError {
            say("warning: \(problem.oneLine): this call will end with an invalid_arguments error")
        } else if let handler = registry[call.name] {
            if let problem = call.argumentsProblem(against: handler.parameters) {
                say("warning: \(problem.oneLine): this call will end with an invalid_arguments error")
            }
        } else {
            let hint = Suggestions.didYouMean(call.name, in: registry.names)
            let unless = Session.isRegistrable(call.name) ? " unless you register it" : ""
            say("warning: no handler \(call.name.quotedExcerpt)\(hint): this call will end with an unknown_tool error\(unless)")
        }
    }

    /// An argument's value: a `$reference` (a queued call becomes a dependency; a finished call's
    /// stored value is passed as is), or a JSON value.
    private func argumentValue(_ value: Word, key: String) throws(CommandError) -> ArgumentValue {
        let text = value.text
        guard text.hasPrefix("$"), !value.isQuoted else {
            return .value(try ValueParser.jsonValue(value, describing: key.quotedExcerpt))
        }
        let body = text.dropFirst()
        let nameEnd = body.firstIndex { $0 == "." || $0 == "[" } ?? body.endIndex
        let name = String(body[..<nameEnd])
        let path: JSONPath
        do {
            path = try JSONPath(parsing: String(body[nameEnd...]))
        } catch {
            throw CommandError("\(error.message)", column: value.column)
        }
        guard !name.isEmpty, name.allSatisfy({ $0 == "_" || $0 == "-" || $0.isLetter || $0.isNumber }) else {
            throw CommandError("\(text.quotedExcerpt) is not a reference: '$' must be followed by a call id or alias, like $call_1.orders", column: value.column)
        }
        let id = aliases[name] ?? name
        if queue.contains(where: { $0.id == id }) {
            return .reference(CallReference(callID: id, path: path, text: text))
        }
        if let result = results[id]?.result {
            guard let output = result.output else {
                throw CommandError(
                    "\(text.excerpt): \(id) (\(result.name)) ended \(result.status.rawValue), so it has no result to use",
                    column: value.column)
            }
            switch output.lookup(path, root: "the result of \(id) (\(result.name))") {
            case .success(let found): return .value(found)
            case .failure(let problem):
                throw CommandError("\(text.excerpt): \(problem.message)", column: value.column)
            }
        }
        let known = queue.map(\.id) + Array(aliases.keys) + Array(results.keys)
        let hint = Suggestions.didYouMean(name, in: known)
        throw CommandError(
            "\(text.excerpt) refers to no earlier call\(hint): use the id or alias of a queued or finished call",
            column: value.column)
    }

    private func validateAlias(_ word: Word) throws(CommandError) {
        try validateIdentifier(word.text, what: "an alias", column: word.column)
        if word.text.hasPrefix("call_"), Int(word.text.dropFirst(5)) != nil {
            throw CommandError("alias \(word.text.quotedExcerpt) looks like a call id; pick another name", column: word.column)
        }
        if let owner = aliases[word.text], queue.contains(where: { $0.id == owner }) {
            throw CommandError("alias \(word.text.quotedExcerpt) is already used by queued \(owner); pick another", column: word.column)
        }
    }

    func showQueue() {
        if presentation.format == .jsonl { return emit(queueLine()) }
        guard !queue.isEmpty else {
            say("the queue is empty: add calls with call NAME key=value")
            return
        }
        var table = TextTable(header: [])
        for call in queue {
            let after = call.dependencies.isEmpty ? "" : "after " + call.dependencies.joined(separator: ", ")
            table.rows.append([call.id, Session.signature(of: call), after])
        }
        table.lines.dropFirst().forEach(say)
        let settings = "strategy \(options.strategy.rawValue)"
        say("\(queue.count) call\(queue.count == 1 ? "" : "s") queued · \(settings) · type run to execute, plan to predict")
    }

    func drop(_ arguments: [Word]) throws(CommandError) {
        guard arguments.count == 1, let word = arguments.first else {
            throw CommandError("usage: drop ID (a queued call's id or alias)")
        }
        let id = aliases[word.text] ?? word.text
        guard let index = queue.firstIndex(where: { $0.id == id }) else {
            let hint = Suggestions.didYouMean(word.text, in: queue.map(\.id) + queue.compactMap(\.alias))
            throw CommandError("no queued call \(word.text.quotedExcerpt)\(hint); see queue", column: word.column)
        }
        let dependents = queue.filter { $0.dependencies.contains(id) }.map(\.id)
        guard dependents.isEmpty else {
            throw CommandError(
                "\(dependents.joined(separator: ", ")) depend\(dependents.count == 1 ? "s" : "") on \(id): drop \(dependents.count == 1 ? "it" : "them") first",
                column: word.column)
        }
        let call = queue.remove(at: index)
        if let alias = call.alias, aliases[alias] == id { aliases[alias] = nil }
        say("dropped \(id) \(call.name)")
    }

    func clearQueue() {
        let count = queue.count
        for call in queue {
            if let alias = call.alias, aliases[alias] == call.id { aliases[alias] = nil }
        }
        queue.removeAll()
        say("cleared \(count) queued call\(count == 1 ? "" : "s")")
    }

    /// `get_weather(location: "Tokyo")`, with ` as ALIAS` when the call has one.
    /// A long value is cut short (see `String.excerpt`): a pasted megabyte is not worth a screen of it.
    static func signature(of call: ToolCall) -> String {
        let arguments = call.arguments.map { key, value -> String in
            switch value {
            case .value(let json): return "\(key): \(json.jsonText.excerpt)"
            case .reference(let reference): return "\(key): \(reference.text)"
            }
        }
        let alias = call.alias.map { " as \($0)" } ?? ""
        return "\(call.name)(\(arguments.joined(separator: ", ")))\(alias)"
    }
}
