import FanoutCore
import FanoutTools
import OrderedCollections

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
        var common = SharedHandlerOptions()
        var timeout: Duration? { common.timeout }
        var parameters: JSONSchema? { common.parameters }
        var description: String { common.description ?? "" }
        var retryPolicy: RetryPolicy?
        var serial: Bool { common.serial }
        var confirm: Bool { common.confirm }
    }

    /// `register NAME exec='["prog", "{arg}"]' …` or `register NAME http='GET https://…' …`: a
    /// command or an HTTP endpoint as a handler.
    func registerRealHandler(named nameWord: Word, _ arguments: [Word]) throws(CommandError) {
        let isExec = arguments.contains { ValueParser.keyValue($0)?.key == "exec" }
        let options = try realHandlerOptions(arguments, keys: isExec ? Session.execOptions : Session.httpOptions, isExec: isExec)
        let handler: any ExternalToolHandler = isExec
            ? try execHandler(named: nameWord.text, options)
            : try httpHandler(named: nameWord.text, options)
        let replaced = registry[nameWord.text] != nil
        registry.register(handler)
        say("\(replaced ? "replaced" : "registered") \(nameWord.text) (runs \(handler.template)\(Session.facts(of: handler)))")
    }

    private func execHandler(named name: String, _ options: RealHandlerOptions) throws(CommandError) -> ExecHandler {
        guard let word = options.values["exec"] else { throw CommandError("exec needs a value: exec='[\"echo\", \"{text}\"]'") }
        let argv = try argvTemplate(word)
        var handler: ExecHandler
        do {
            handler = try ExecHandler(
                name: name, argv: argv, timeout: options.timeout, description: options.description,
                isSerial: options.serial, retryPolicy: options.retryPolicy, needsApproval: options.confirm)
        } catch {
            throw CommandError(error.description, column: word.column)
        }
        handler.parameters = try parameters(options.parameters, forTemplates: handler.argv.argumentNames, what: "the command", column: word.column)
        return handler
    }

    private func httpHandler(named name: String, _ options: RealHandlerOptions) throws(CommandError) -> HTTPHandler {
        let example = "http='GET https://api.example.com/weather?q={location}'"
        guard let word = options.values["http"] else { throw CommandError("http needs a value: \(example)") }
        let parts = word.text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2 else {
            throw CommandError("http takes a method and a URL, like \(example)", column: word.column)
        }
        var headers: OrderedDictionary<String, String> = [:]
        if let headersWord = options.values["headers"] {
            guard case .object(let object) = try ValueParser.jsonValue(headersWord, describing: "headers") else {
                throw CommandError(#"headers must be a JSON object of strings, like headers='{"Authorization": "Bearer ${API_KEY}"}'"#, column: headersWord.column)
            }
            for (key, value) in object {
                guard case .string(let text) = value else {
                    throw CommandError("header \(key)'s value must be a string, not \(value.jsonText)", column: headersWord.column)
                }
                headers[key] = text
            }
        }
        var handler: HTTPHandler
        do {
            handler = try HTTPHandler(
                name: name, method: String(parts[0]), url: String(parts[1]), headers: headers, body: options.values["body"]?.text,
                timeout: options.timeout, description: options.description,
                isSerial: options.serial, retryPolicy: options.retryPolicy, needsApproval: options.confirm,
                session: sharedHTTPSession())
        } catch {
            throw CommandError(error.description, column: word.column)
        }
        handler.parameters = try parameters(options.parameters, forTemplates: handler.argumentNames, what: "the request", column: word.column)
        return handler
    }

    /// The session's HTTP connection pool, noting that it needs shutting down at the end.
    private func sharedHTTPSession() -> HTTPSession {
        hasHTTPSession = true
        return httpSession
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
            if try takeSharedOption(key, value, into: &options.common) { continue }
            options.values[key] = value
        }
        options.retryPolicy = try options.common.retryPolicy(defaultBackoff: retryBackoff)
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
    private func parameters(_ declared: JSONSchema?, forTemplates names: [String], what: String, column: Int) throws(CommandError) -> JSONSchema {
        guard let declared else {
            return names.isEmpty ? .any : .object(names.map { ($0, JSONSchema.any) }, required: names)
        }
        if !declared.allowsAdditionalProperties, let undeclared = names.first(where: { !declared.propertyNames.contains($0) }) {
            throw CommandError("\(what) uses {\(undeclared)}, which params does not declare; add it to params' properties", column: column)
        }
        return declared
    }

    /// Takes `key=value` when it is an option every handler has (timeout, params, description,
    /// retries, backoff, serial, confirm); `false` for any other key.
    func takeSharedOption(_ key: String, _ value: Word, into options: inout SharedHandlerOptions) throws(CommandError) -> Bool {
        let text = value.text
        switch key {
        case "timeout": options.timeout = text == "none" ? nil : try positiveDuration(text, column: value.column)
        case "params": options.parameters = try parameterSchema(value)
        case "description": options.description = text
        case "retries": options.retries = try ValueParser.integer(text, name: "retries", range: 0...100, column: value.column)
        case "backoff": options.backoff = try Session.backoff(text, column: value.column)
        case "serial": options.serial = try Session.flag(text, name: "serial", column: value.column)
        case "confirm": options.confirm = try Session.flag(text, name: "confirm", column: value.column)
        default: return false
        }
        return true
    }
}

/// The options of `register` that every kind of handler takes.
struct SharedHandlerOptions {
    var timeout: Duration?
    var parameters: JSONSchema?
    var description: String?
    var retries: Int?
    var backoff: ClosedRange<Duration>?
    var serial = false
    var confirm = false

    /// The retry policy `retries=` and `backoff=` ask for; `nil` without `retries=`.
    func retryPolicy(defaultBackoff: ClosedRange<Duration>) throws(CommandError) -> RetryPolicy? {
        if let retries { return RetryPolicy(maxRetries: retries, backoff: backoff ?? defaultBackoff) }
        guard backoff == nil else { throw CommandError("backoff needs retries=N too: retries=3 backoff=…") }
        return nil
    }
}
