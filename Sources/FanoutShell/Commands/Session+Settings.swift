import FanoutCore

extension Session {
    func strategy(_ arguments: [Word]) throws(CommandError) {
        if let strategy = try choice(Strategy.self, arguments, for: .strategy, named: "strategy") {
            options.strategy = strategy
        }
        say("strategy \(options.strategy.rawValue)")
    }

    func clock(_ arguments: [Word]) throws(CommandError) {
        if let clock = try choice(ClockKind.self, arguments, for: .clock, named: "clock") {
            options.clock = clock
        }
        say("clock \(options.clock.rawValue)")
    }

    /// The one value `arguments` names, `nil` when none is given (the command then shows the current one).
    private func choice<Value: RawRepresentable & CaseIterable>(
        _ type: Value.Type, _ arguments: [Word], for command: CommandCatalog.Command, named name: String
    ) throws(CommandError) -> Value? where Value.RawValue == String {
        guard let word = arguments.first else { return nil }
        try expectAtMostOneArgument(arguments, for: command)
        guard let value = Value(rawValue: word.text) else {
            let names = Value.allCases.map(\.rawValue)
            let hint = Suggestions.didYouMean(word.text, in: names)
            let options = names.dropLast().joined(separator: ", ") + " or " + names.last!
            throw CommandError("unknown \(name) \(word.text.quotedExcerpt)\(hint); choose \(options)", column: word.column)
        }
        return value
    }

    static let settingNames = ["limit", "timeout", "offload", "threads", "cores", "seed", "retries", "backoff"]

    func set(_ arguments: [Word]) throws(CommandError) {
        guard let nameWord = arguments.first else {
            for line in settingsLines() { say(line) }
            return
        }
        guard arguments.count == 2 else {
            let value = ["limit": "N|none", "timeout": "DUR|none", "offload": "thread|inline", "retries": "N|none", "backoff": "MIN..MAX"][nameWord.text] ?? "N"
            let usage = Session.settingNames.contains(nameWord.text) ? "usage: set \(nameWord.text) \(value)" : "usage: set NAME VALUE"
            throw CommandError("\(usage); see help set", column: nameWord.column)
        }
        let value = arguments[1]
        let text = value.text
        switch nameWord.text {
        case "limit":
            options.limit = text == "none" ? nil : try ValueParser.integer(text, name: "limit", range: 1...1_000_000, column: value.column)
            say("limit \(options.limit.map(String.init) ?? "none")")
        case "timeout":
            options.timeout = text == "none" ? nil : try positiveDuration(text, column: value.column)
            say("timeout \(options.timeout?.shortText ?? "none")")
        case "offload":
            guard let mode = OffloadMode(rawValue: text) else {
                let hint = Suggestions.didYouMean(text, in: OffloadMode.allCases.map(\.rawValue))
                throw CommandError("offload must be thread or inline, not \(text.quotedExcerpt)\(hint)", column: value.column)
            }
            options.offload = mode
            say("offload \(mode.rawValue)")
        case "threads":
            options.threads = try ValueParser.integer(text, name: "threads", range: 1...1024, column: value.column)
            say("threads \(options.effectiveThreads)")
        case "cores":
            options.cores = try ValueParser.integer(text, name: "cores", range: 1...256, column: value.column)
            let note = options.clock == .real ? " (a model parameter: it shapes virtual-clock runs and plans)" : ""
            say("cores \(options.virtualCores)\(note)")
        case "retries":
            let count = text == "none" ? 0 : try ValueParser.integer(text, name: "retries", range: 0...100, column: value.column)
            options.retries = count == 0 ? nil : RetryPolicy(maxRetries: count, backoff: retryBackoff)
            say("retries \(count == 0 ? "none" : String(count)) (backoff \(Session.backoffText(retryBackoff)))")
        case "backoff":
            retryBackoff = try Session.backoff(text, column: value.column)
            options.retries?.initialBackoff = retryBackoff.lowerBound
            options.retries?.maximumBackoff = retryBackoff.upperBound
            say("backoff \(Session.backoffText(retryBackoff))")
        case "seed":
            guard let seed = UInt64(text) else {
                throw CommandError("seed must be a whole number from 0 to \(UInt64.max), not \(text.quotedExcerpt)", column: value.column)
            }
            options.seed = seed
            say("seed \(seed)")
        default:
            let hint = Suggestions.didYouMean(nameWord.text, in: Session.settingNames)
            throw CommandError(
                "unknown setting \(nameWord.text.quotedExcerpt)\(hint); settings: \(Session.settingNames.joined(separator: ", "))",
                column: nameWord.column)
        }
    }

    /// The settings that shape a run, one per line.
    func settingsLines() -> [String] {
        [
            "strategy  \(options.strategy.rawValue)",
            "limit     \(options.limit.map(String.init) ?? "none")",
            "timeout   \(options.timeout?.shortText ?? "none")",
            "offload   \(options.offload.rawValue)",
            "threads   \(options.effectiveThreads)",
            "cores     \(options.virtualCores) (virtual clock)",
            "seed      \(options.seed)",
            "retries   \(options.retries.map { "\($0.maxRetries), backoff \(Session.backoffText(retryBackoff))" } ?? "none")",
            "clock     \(options.clock.rawValue)",
        ]
    }

    /// A backoff range such as `100ms..2s`: the wait before the first retry, doubling up to the second.
    static func backoff(_ text: String, column: Int) throws(CommandError) -> ClosedRange<Duration> {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2 else {
            throw CommandError("a backoff is MIN..MAX, like 100ms..2s (the first retry's wait, doubling up to MAX), not '\(text)'", column: column)
        }
        let low = try ValueParser.duration(parts[0], column: column)
        let high = try ValueParser.duration(parts[1], column: column + parts[0].count + 2)
        guard low <= high else {
            throw CommandError("a backoff's MIN must not be longer than its MAX: \(text)", column: column)
        }
        return low...high
    }

    static func backoffText(_ range: ClosedRange<Duration>) -> String {
        "\(range.lowerBound.shortText)..\(range.upperBound.shortText)"
    }
}
