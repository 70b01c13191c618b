import FanoutCore

extension Session {
    func help(_ arguments: [Word]) throws(CommandError) {
        guard let topic = arguments.first else {
            let width = CommandCatalog.Command.allCases.map(\.rawValue.count).max() ?? 0
            for command in CommandCatalog.Command.allCases where command != .exit {
                let name = command == .quit ? "quit, exit" : command.rawValue
                say(name.padding(max(width, 10)) + "  " + command.summary)
            }
            say("Type help COMMAND for details.")
            say("Start with: demo, then call get_weather location=Tokyo, then run.")
            return
        }
        // `help set limit` is help on set: its details cover every setting.
        guard let command = CommandCatalog.command(named: topic.text) else {
            let hint = Suggestions.didYouMean(topic.text, in: CommandCatalog.names)
            throw CommandError("no command \(topic.text.quotedExcerpt)\(hint); type help for the list", column: topic.column)
        }
        // Long lines wrap under the arguments (usage) or under the description column (details).
        let usage = "usage: " + command.usage
        let alternatives = usage.contains(" · ")
        usage.wrapped(
            to: Session.helpWidth, indent: alternatives ? "usage: ".count : "usage: \(command.rawValue) ".count,
            separator: alternatives ? " · " : " "
        ).forEach(say)
        say(command.summary)
        for line in command.details {
            let text = "  " + line
            // The description column: where text resumes after the first run of two spaces or more.
            let firstWord = text.firstIndex { $0 != " " } ?? text.endIndex
            let gap = text[firstWord...].firstRange(of: "  ").flatMap { gap in
                text[gap.upperBound...].firstIndex { $0 != " " }
            }
            let indent = gap.map { text.distance(from: text.startIndex, to: $0) } ?? 2
            text.wrapped(to: Session.helpWidth, indent: indent <= 24 ? indent : 2).forEach(say)
        }
    }

    /// The width help text keeps to, for the narrowest common terminal.
    static let helpWidth = 80

    func register(_ arguments: [Word]) throws(CommandError) {
        guard let nameWord = arguments.first, ValueParser.keyValue(nameWord) == nil else {
            throw CommandError("register needs a name: register NAME [kind=…] [latency=…]; see help register")
        }
        let name = nameWord.text
        try validateIdentifier(name, what: "a handler name", column: nameWord.column)
        var spec = HandlerSpec()
        let keys = ["kind", "latency", "jitter", "fail", "error", "timeout", "returns"]
        for word in arguments.dropFirst() {
            guard let (key, value) = ValueParser.keyValue(word) else {
                throw CommandError("expected key=value, got \(word.text.quotedExcerpt); options: \(keys.joined(separator: ", "))", column: word.column)
            }
            let text = value.text
            switch key {
            case "kind":
                guard let kind = HandlerKind(rawValue: text) else {
                    let hint = Suggestions.didYouMean(text, in: HandlerKind.allCases.map(\.rawValue))
                    throw CommandError("kind must be async, sync or cpu, not \(text.quotedExcerpt)\(hint)", column: value.column)
                }
                spec.kind = kind
            case "latency": spec.latency = try ValueParser.duration(text, column: value.column)
            case "jitter": spec.jitter = try ValueParser.duration(text, column: value.column)
            case "timeout": spec.timeout = text == "none" ? nil : try positiveDuration(text, column: value.column)
            case "fail": spec.failure = try failureMode(text, column: value.column)
            case "error": spec.error = text
            case "returns": spec.returns = try ValueParser.jsonValue(value, describing: "returns")
            default:
                let hint = Suggestions.didYouMean(key, in: keys)
                throw CommandError("unknown option \(key.quotedExcerpt)\(hint); options: \(keys.joined(separator: ", "))", column: word.column)
            }
        }
        let replaced = registry[name] != nil
        registry.register(SimulatedHandler(name: name, spec: spec))
        var facts = [spec.kind.rawValue, spec.latency.shortText]
        if spec.jitter > .zero { facts.append("jitter \(spec.jitter.shortText)") }
        if spec.failure != .never { facts.append("fail \(spec.failure)") }
        if let timeout = spec.timeout { facts.append("timeout \(timeout.shortText)") }
        say("\(replaced ? "replaced" : "registered") \(name) (\(facts.joined(separator: ", ")))")
    }

    func unregister(_ arguments: [Word]) throws(CommandError) {
        guard arguments.count == 1, let word = arguments.first else {
            throw CommandError("usage: unregister NAME")
        }
        guard registry.unregister(word.text) else {
            throw CommandError("no handler \(word.text.quotedExcerpt)\(Suggestions.didYouMean(word.text, in: registry.names)); see handlers", column: word.column)
        }
        say("unregistered \(word.text)")
        let stranded = queue.filter { $0.name == word.text }.map(\.id)
        if !stranded.isEmpty {
            say("note: queued \(stranded.joined(separator: ", ")) still call\(stranded.count == 1 ? "s" : "") \(word.text): they will end with an error unless you register it again")
        }
    }

    func listHandlers() {
        guard !registry.isEmpty else {
            say("no handlers yet: load examples with demo, or add one with register NAME latency=1s")
            return
        }
        var table = TextTable(header: ["name", "kind", "latency", "timeout", "fail", "parameters"])
        for handler in registry.all {
            let failure = (handler as? SimulatedHandler)?.spec.failure.description ?? "-"
            table.rows.append([
                handler.name, handler.kind.rawValue, handler.latency?.shortText ?? "-",
                handler.timeout?.shortText ?? "-", failure, handler.parameters.joined(separator: ", "),
            ])
        }
        table.lines.forEach(say)
    }

    func demo(_ arguments: [Word]) throws(CommandError) {
        var sets: [DemoSet] = []
        for word in arguments {
            guard let set = DemoSet(rawValue: word.text) else {
                let hint = Suggestions.didYouMean(word.text, in: DemoSet.allCases.map(\.rawValue))
                let known = DemoSet.allCases.map(\.rawValue).joined(separator: ", ")
                throw CommandError("no demo set \(word.text.quotedExcerpt)\(hint); sets: \(known)", column: word.column)
            }
            sets.append(set)
        }
        if sets.isEmpty { sets = DemoSet.allCases }
        var loaded: [String] = [], replaced: [String] = []
        for handler in sets.flatMap(\.handlers) where !loaded.contains(handler.name) {
            // A handler of another type by that name is one of the user's own, not an earlier demo's.
            if let existing = registry[handler.name], ObjectIdentifier(type(of: existing)) != ObjectIdentifier(type(of: handler)) {
                replaced.append(handler.name)
            }
            registry.register(handler)
            loaded.append(handler.name)
        }
        say("loaded " + loaded.joined(separator: ", "))
        if !replaced.isEmpty {
            let them = replaced.count == 1 ? "it" : "them"
            say("note: this replaced your own \(replaced.joined(separator: ", ")); register \(them) again to get \(them) back")
        }
    }

    func validateIdentifier(_ text: String, what: String, column: Int) throws(CommandError) {
        guard let first = text.first, first == "_" || first.isLetter,
              text.allSatisfy({ $0 == "_" || $0 == "-" || $0.isLetter || $0.isNumber })
        else {
            throw CommandError("\(text.quotedExcerpt) is not \(what): use letters, digits, _ and -, starting with a letter", column: column)
        }
    }

    func positiveDuration(_ text: String, column: Int) throws(CommandError) -> Duration {
        let duration = try ValueParser.duration(text, column: column)
        guard duration > .zero else {
            throw CommandError("a timeout must be longer than 0; use none for no timeout", column: column)
        }
        return duration
    }

    private func failureMode(_ text: String, column: Int) throws(CommandError) -> FailureMode {
        switch text {
        case "never": return .never
        case "always": return .always
        default:
            guard let chance = Double(text), chance >= 0, chance <= 1 else {
                throw CommandError("fail must be never, always or a probability from 0 to 1 (like 0.3), not \(text.quotedExcerpt)", column: column)
            }
            return chance == 0 ? .never : chance == 1 ? .always : .probability(chance)
        }
    }
}
