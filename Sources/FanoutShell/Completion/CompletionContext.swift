import FanoutCore

/// What Tab completion may offer, copied out of a session so the line editor's thread can read it.
public struct CompletionContext: Sendable {
    /// Handler names, each with the argument names it understands.
    public var handlers: [(name: String, parameters: [String])]
    /// Ids and aliases of queued and finished calls.
    public var references: [String]
    /// Ids and aliases of queued calls only.
    public var queued: [String]
    /// The stored result of each finished call that has one, by id and by alias, for `$alias.` keys.
    public var results: [String: JSONValue]
    /// Names of MCP servers connected (or ended and not yet disconnected).
    public var mcpServers: [String]

    public init(
        handlers: [(name: String, parameters: [String])] = [], references: [String] = [], queued: [String] = [],
        results: [String: JSONValue] = [:], mcpServers: [String] = []
    ) {
        self.handlers = handlers
        self.references = references
        self.queued = queued
        self.results = results
        self.mcpServers = mcpServers
    }
}

extension Session {
    /// A snapshot of what completion may offer right now.
    public var completionContext: CompletionContext {
        let queuedIDs = queue.map(\.id) + queue.compactMap(\.alias)
        let finished = results.keys.sorted { $0.numericOrder < $1.numericOrder }
        var outputs: [String: JSONValue] = [:]
        for (id, finished) in results {
            if let output = finished.result.output { outputs[id] = output }
        }
        // An alias names its latest call: a queued one has no result yet.
        for (alias, id) in aliases where !queuedIDs.contains(alias) {
            if let output = outputs[id] { outputs[alias] = output }
        }
        return CompletionContext(
            handlers: registry.all.map { ($0.name, $0.parameters.propertyNames) },
            references: queuedIDs + finished + aliases.keys.filter { !queuedIDs.contains($0) }.sorted(),
            queued: queuedIDs, results: outputs, mcpServers: Array(mcpServers.keys))
    }
}

extension String {
    /// `call_10` after `call_9`: ids compare by their number.
    fileprivate var numericOrder: (String, Int) {
        guard let underscore = lastIndex(of: "_"), let number = Int(self[index(after: underscore)...]) else { return (self, 0) }
        return (String(self[..<underscore]), number)
    }
}
