extension WireFormat {
    /// The handlers as this format's tool definitions, for the `tools` of the next request.
    ///
    /// OpenAI Chat Completions: `[{"type": "function", "function": {…}}]`; Responses:
    /// `[{"type": "function", "name": …, "parameters": …, "strict": false}]`; Anthropic:
    /// `[{"name": …, "description": …, "input_schema": …}]`; Gemini: one tool,
    /// `[{"functionDeclarations": [{"name": …, "description": …, "parametersJsonSchema": …}]}]`.
    public func tools(_ handlers: [any ToolHandler]) -> JSONValue {
        switch self {
        case .openai:
            return .array(handlers.map { handler in
                ["type": "function", "function": ["name": .string(handler.name), "description": .string(handler.description), "parameters": handler.objectParameters]]
            })
        case .responses:
            return .array(handlers.map { handler in
                ["type": "function", "name": .string(handler.name), "description": .string(handler.description), "parameters": handler.objectParameters, "strict": false]
            })
        case .anthropic:
            return .array(handlers.map { handler in
                ["name": .string(handler.name), "description": .string(handler.description), "input_schema": handler.objectParameters]
            })
        case .gemini:
            let declarations: [JSONValue] = handlers.map { handler in
                ["name": .string(handler.name), "description": .string(handler.description), "parametersJsonSchema": handler.objectParameters]
            }
            return [["functionDeclarations": .array(declarations)]]
        }
    }
}

extension ToolHandler {
    /// The parameters as an object schema, which every vendor requires: a handler that takes any
    /// arguments declares an object with any properties.
    var objectParameters: JSONValue {
        guard parameters.acceptsAnything else { return parameters.json }
        var object = parameters.json.objectValue ?? [:]
        object["type"] = "object"
        return .object(object)
    }
}
