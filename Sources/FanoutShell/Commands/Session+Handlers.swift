import FanoutCore
import FanoutSimulation

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
        if Session.registersRealHandler(arguments) {
            return try registerRealHandler(named: nameWord, Array(arguments.dropFirst()))
        }
        var spec = HandlerSpec()
        var templateColumn = 0
        let keys = ["kind", "latency", "jitter", "fail", "error", "timeout", "returns", "params", "description", "retries", "backoff", "serial", "confirm"]
        var shared = SharedHandlerOptions()
        for word in arguments.dropFirst() {
            guard let (key, value) = ValueParser.keyValue(word) else {
                throw CommandError("expected key=value, got \(word.text.quotedExcerpt); options: \(keys.joined(separator: ", "))", column: word.column)
            }
            if try takeSharedOption(key, value, into: &shared) { continue }
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
            case "fail": spec.failure = try failureMode(text, column: value.column)
            case "error": spec.error = text
            case "returns":
                spec.returns = try ValueParser.jsonValue(value, describing: "returns")
                templateColumn = value.column
            default:
                let hint = Suggestions.didYouMean(key, in: keys)
                throw CommandError("unknown option \(key.quotedExcerpt)\(hint); options: \(keys.joined(separator: ", "))", column: word.column)
            }
        }
        spec.timeout = shared.timeout
        spec.parameters = shared.parameters
        spec.description = shared.description
        spec.serial = shared.serial
        spec.confirm = shared.confirm
        spec.retries = try shared.retryPolicy(defaultBackoff: retryBackoff)
        if let parameters = spec.parameters, let template = spec.returns, !parameters.allowsAdditionalProperties {
            let declared = parameters.propertyNames
            if let undeclared = ReturnsTemplate.parameters(of: template).first(where: { !declared.contains($0) }) {
                throw CommandError(
                    "returns uses {\(undeclared)}, which params does not declare; add it to params' properties",
                    column: templateColumn)
            }
        }
        let replaced = registry[name] != nil
        let lessonSet = (registry[name] as? LessonHandler).flatMap { lesson in
            DemoSet.allCases.first { $0.handlers.contains { $0.name == lesson.name && $0.python == lesson.python } }
        }
        registry.register(SimulatedHandler(name: name, spec: spec))
        var facts = [spec.kind.rawValue, spec.latency.shortText]
        if spec.jitter > .zero { facts.append("jitter \(spec.jitter.shortText)") }
        if spec.failure != .never { facts.append("fail \(spec.failure)") }
        if let timeout = spec.timeout { facts.append("timeout \(timeout.shortText)") }
        if let policy = spec.retries { facts.append("retries \(policy.maxRetries), backoff \(policy.initialBackoff.shortText)..\(policy.maximumBackoff.shortText)") }
        if spec.serial { facts.append("serial") }
        if spec.confirm { facts.append("asks before each call") }
        say("\(replaced ? "replaced" : "registered") \(name) (\(facts.joined(separator: ", ")))")
        if let lessonSet, spec.returns == nil, spec.failure != .always {
            say("note: this \(name) is simulated: it returns its arguments, not the lesson's result; give returns='{…}', or demo \(lessonSet.rawValue) to get the lesson's back")
        }
    }

    /// A `true` or `false` option such as `serial=` or `confirm=`.
    static func flag(_ text: String, name: String, column: Int) throws(CommandError) -> Bool {
        guard text == "true" || text == "false" else {
            throw CommandError("\(name) must be true or false, not \(text.quotedExcerpt)", column: column)
        }
        return text == "true"
    }

    /// A `params=` value: a JSON Schema object for the handler's arguments.
    func parameterSchema(_ value: Word) throws(CommandError) -> JSONSchema {
        let json = try ValueParser.jsonValue(value, describing: "params")
        let schema: JSONSchema
        do {
            schema = try JSONSchema(json)
        } catch {
            throw CommandError("params: \(error.description)", column: value.column)
        }
        let object = json.objectValue ?? [:]
        guard object["type"] == "object" || (object["type"] == nil && object["properties"] != nil) else {
            throw CommandError(
                "params must be an object schema, like params='{\"type\": \"object\", \"properties\": {\"location\": {\"type\": \"string\"}}}'",
                column: value.column)
        }
        return schema
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
            say("note: queued \(stranded.joined(separator: ", ")) still call\(stranded.count == 1 ? "s" : "") \(word.text): they will end with an unknown_tool error unless you register it again")
        }
    }

    func demo(_ arguments: [Word]) throws(CommandError) {
        guard !arguments.isEmpty else {
            listDemoSets()
            return
        }
        var sets: [DemoSet] = []
        for word in arguments {
            guard let set = DemoSet(rawValue: word.text) else {
                let hint = Suggestions.didYouMean(word.text, in: DemoSet.allCases.map(\.rawValue))
                let known = DemoSet.allCases.map(\.rawValue).joined(separator: ", ")
                throw CommandError("no demo set \(word.text.quotedExcerpt)\(hint); sets: \(known)", column: word.column)
            }
            sets.append(set)
        }
        var loaded: [String] = [], replaced: [String] = [], changed: [String] = []
        for set in sets {
            for handler in set.handlers where !loaded.contains(handler.name) {
                switch registry[handler.name] {
                case let existing as LessonHandler where existing.python != handler.python:
                    changed.append("\(handler.name) is now \(set.rawValue)'s")
                case .some(let existing) where !(existing is LessonHandler):
                    replaced.append(handler.name)
                default:
                    break
                }
                registry.register(handler)
                loaded.append(handler.name)
            }
        }
        say("loaded " + loaded.joined(separator: ", "))
        if !changed.isEmpty {
            say("note: " + changed.joined(separator: ", ") + ", as that part of the lesson defines it")
        }
        if !replaced.isEmpty {
            let them = replaced.count == 1 ? "it" : "them"
            say("note: this replaced your own \(replaced.joined(separator: ", ")); register \(them) again to get \(them) back")
        }
    }

    private func listDemoSets() {
        var table = TextTable(header: ["set", "handlers", "lesson part"])
        for set in DemoSet.allCases {
            table.rows.append([set.rawValue, set.handlers.map(\.name).joined(separator: ", "), set.part])
        }
        table.lines.forEach(say)
        say("load one with demo SET, e.g. demo weather")
    }

    func validateIdentifier(_ text: String, what: String, column: Int) throws(CommandError) {
        guard Session.isRegistrable(text) else {
            throw CommandError("\(text.quotedExcerpt) is not \(what): use letters, digits, _ and -, starting with a letter", column: column)
        }
    }

    /// Whether `name` may name a handler or an alias: letters, digits, `_` and `-`, starting with a letter or `_`.
    static func isRegistrable(_ name: String) -> Bool {
        guard let first = name.first, first == "_" || first.isLetter else { return false }
        return name.allSatisfy { $0 == "_" || $0 == "-" || $0.isLetter || $0.isNumber }
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
