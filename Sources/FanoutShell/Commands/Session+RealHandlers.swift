import FanoutCore
import FanoutTools

extension Session {
    /// The options every real handler takes, besides what it runs.
    static let realHandlerOptions = ["timeout", "params", "description", "retries", "backoff", "serial", "confirm"]
    /// What each kind of real handler takes besides: `exec=`, or `http=` with `headers=` and `body=`.
    static let execOptions = ["exec"] + realHandlerOptions
    static let httpOptions = ["http", "headers", "body"] + realHandlerOptions

    /// Whether `register`'s arguments make a real handler (`exec=` or `http=`).
    static func registersRealHandler(_ arguments: [Word]) -> Bool {
        arguments.dropFirst().contains { ["exec", "http"].contains(ValueParser.keyValue($0)?.key) }
    }

    /// What a real handler's options said, before it is made.
    private struct RealHandlerOptions {
        var values: [String: Word] = [:]
        var timeout: Duration?
        var parameters: JSONSchema?
        var description = ""
        var retryPolicy: RetryPolicy?
        var serial = false
        var confirm = false
    }

    /// `register NAME exec='["prog", "{arg}"]' …`: a command as a handler.
    func registerRealHandler(named nameWord: Word, _ arguments: [Word]) throws(CommandError) {
        let isExec = arguments.contains { ValueParser.keyValue($0)?.key == "exec" }
        let keys = isExec ? Session.execOptions : Session.httpOptions
        let options = try realHandlerOptions(arguments, keys: keys, isExec: isExec)
        guard isExec, let execWord = options.values["exec"] else {
            throw CommandError("http handlers are not available in this build; use exec='[…]'")
        }
        let argv = try argvTemplate(execWord)
        let names = (try? ArgvTemplate(argv))?.argumentNames ?? []
        let parameters = try parameters(options.parameters, forTemplates: names, column: execWord.column)
        let handler: ExecHandler
        do {
            handler = try ExecHandler(
                name: nameWord.text, argv: argv, timeout: options.timeout, parameters: parameters,
                description: options.description, isSerial: options.serial, retryPolicy: options.retryPolicy,
                needsApproval: options.confirm)
        } catch {
            throw CommandError(error.description, column: execWord.column)
        }
        let replaced = registry[nameWord.text] != nil
        registry.register(handler)
        say("\(replaced ? "replaced" : "registered") \(nameWord.text) (runs \(handler.template)\(Session.facts(of: handler)))")
    }

    /// `, timeout 5s, serial, asks before each call`, or nothing.
    private static func facts(of handler: some ToolHandler) -> String {
        var facts: [String] = []
        if let timeout = handler.timeout { facts.append("timeout \(timeout.shortText)") }
        if let policy = handler.retryPolicy { facts.append("retries \(policy.maxRetries), backoff \(policy.initialBackoff.shortText)..\(policy.maximumBackoff.shortText)") }
        if handler.isSerial { facts.append("serial") }
        if handler.needsApproval { facts.append("asks before each call") }
        return facts.map { ", " + $0 }.joined()
    }

    private func realHandlerOptions(_ arguments: [Word], keys: [String], isExec: Bool) throws(CommandError) -> RealHandlerOptions {
        var options = RealHandlerOptions()
        var retries: Int?
        var backoff: ClosedRange<Duration>?
        for word in arguments {
            guard let (key, value) = ValueParser.keyValue(word) else {
                throw CommandError("expected key=value, got \(word.text.quotedExcerpt); options: \(keys.joined(separator: ", "))", column: word.column)
            }
            guard keys.contains(key) else {
                let what = isExec ? "an exec handler, which takes the time its command takes" : "an http handler, which takes the time its endpoint takes"
                let known = ["kind", "latency", "jitter", "fail", "error", "returns"].contains(key)
                    ? "\(key) is for simulated handlers, not \(what)"
                    : "unknown option \(key.quotedExcerpt)\(Suggestions.didYouMean(key, in: keys))"
                throw CommandError("\(known); options: \(keys.joined(separator: ", "))", column: word.column)
            }
            let text = value.text
            switch key {
            case "timeout": options.timeout = text == "none" ? nil : try positiveDuration(text, column: value.column)
            case "params": options.parameters = try parameterSchema(value)
            case "description": options.description = text
            case "retries": retries = try ValueParser.integer(text, name: "retries", range: 0...100, column: value.column)
            case "backoff": backoff = try Session.backoff(text, column: value.column)
            case "serial": options.serial = try Session.flag(text, name: "serial", column: value.column)
            case "confirm": options.confirm = try Session.flag(text, name: "confirm", column: value.column)
            default: options.values[key] = value
            }
        }
        if let retries {
            options.retryPolicy = RetryPolicy(maxRetries: retries, backoff: backoff ?? retryBackoff)
        } else if backoff != nil {
            throw CommandError("backoff needs retries=N too: retries=3 backoff=…")
        }
        return options
    }

    /// An `exec=` value: a JSON array of strings, the program first.
    private func argvTemplate(_ word: Word) throws(CommandError) -> [String] {
        let example = #"exec='["curl", "-s", "https://wttr.in/{location}"]'"#
        guard case .array(let elements) = try ValueParser.jsonValue(word, describing: "exec") else {
            throw CommandError("exec must be a JSON array of strings, the program first, like \(example)", column: word.column)
        }
        var argv: [String] = []
        for element in elements {
            guard case .string(let text) = element else {
                throw CommandError("exec's elements must all be strings (\(element.jsonText) is not): quote it, like \(example)", column: word.column)
            }
            argv.append(text)
        }
        return argv
    }

    /// The handler's parameters: `params=` when given, each of whose names the templates use must
    /// declare; otherwise each `{arg}` of the templates is a required argument.
    private func parameters(_ declared: JSONSchema?, forTemplates names: [String], column: Int) throws(CommandError) -> JSONSchema {
        guard let declared else {
            return names.isEmpty ? .any : .object(names.map { ($0, JSONSchema.any) }, required: names)
        }
        if !declared.allowsAdditionalProperties, let undeclared = names.first(where: { !declared.propertyNames.contains($0) }) {
            throw CommandError("the command uses {\(undeclared)}, which params does not declare; add it to params' properties", column: column)
        }
        return declared
    }
}
