import FanoutCore

/// A `tools/call` result: what the tool returned, or the error it reported.
struct ToolCallResult {
    let content: [JSONValue]
    let structuredContent: JSONValue?
    let isError: Bool
    let server: String

    init(_ result: JSONValue, server: String) {
        let object = result.objectValue ?? [:]
        content = object["content"]?.arrayValue ?? []
        structuredContent = object["structuredContent"].flatMap { $0 == .null ? nil : $0 }
        isError = object["isError"] == .bool(true)
        self.server = server
    }

    /// The call's output: the structured content when there is some, else the content, each text
    /// item parsed when it is JSON and kept as text otherwise, other items (images, resources) as
    /// they came; one item alone is the output itself. Throws the text when the tool reported an error.
    func output() throws(MCPError) -> JSONValue {
        guard !isError else {
            let text = texts.joined(separator: "\n")
            throw MCPError(.toolFailed, text.isEmpty ? "the tool reported an error and said nothing more" : text)
        }
        if let structuredContent { return structuredContent }
        let items = content.map { item -> JSONValue in
            guard let object = item.objectValue, object["type"] == "text", let text = object["text"]?.stringValue else { return item }
            return Self.json(in: text) ?? .string(text)
        }
        return items.count == 1 ? items[0] : .array(items)
    }

    private var texts: [String] {
        content.compactMap { $0.objectValue?["type"] == "text" ? $0.objectValue?["text"]?.stringValue : nil }
    }

    /// `text` as JSON when it is an object or an array (a bare `42` or `true` stays text: it is what
    /// the tool wrote, and a string that happens to look like a number should not change type).
    private static func json(in text: String) -> JSONValue? {
        guard let first = text.first(where: { !$0.isWhitespace }), first == "{" || first == "[" else { return nil }
        return try? JSONParser.parse(text)
    }
}
