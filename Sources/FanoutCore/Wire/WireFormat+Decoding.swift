extension WireFormat {
    /// Reads the tool calls in a model's response or message in this format.
    ///
    /// A call whose argument JSON does not parse is kept, with ``ToolCall/argumentsError`` set, so it
    /// still gets a result (`invalid_arguments`). A payload of another shape, or with no tool calls,
    /// is an error that says what was expected.
    public func toolCalls(in json: JSONValue) throws(WireFormatError) -> ToolCallBatch {
        if let shape = WireFormat.detect(json), shape != self {
            throw WireFormatError("this is not \(payloadName): it looks like \(shape.payloadName); read it as \(shape.rawValue), or let its shape tell")
        }
        let batch: ToolCallBatch
        switch self {
        case .openai: batch = try openAICalls(json)
        case .responses: batch = try responsesCalls(json)
        case .anthropic: batch = try anthropicCalls(json)
        case .gemini: batch = try geminiCalls(json)
        }
        guard !batch.calls.isEmpty else {
            throw WireFormatError("\(payloadName) with no tool calls" + (batch.text.map { "; it says: \(WireFormat.excerpt($0))" } ?? ""))
        }
        var seen: Set<String> = []
        for call in batch.calls where !seen.insert(call.id).inserted {
            throw WireFormatError("\(payloadName) that uses the call id '\(call.id)' twice; every call needs its own id")
        }
        return batch
    }

    /// Reads tool calls from `json` in whichever format its shape says (see ``detect(_:)``).
    public static func toolCalls(inAnyFormat json: JSONValue) throws(WireFormatError) -> ToolCallBatch {
        guard let format = detect(json) else {
            throw WireFormatError("no known shape: expected \(acceptedShapes)")
        }
        return try format.toolCalls(in: json)
    }

    private func openAICalls(_ json: JSONValue) throws(WireFormatError) -> ToolCallBatch {
        var message = json
        if let choices = json.objectValue?["choices"] {
            guard let first = choices.arrayValue?.first?.objectValue?["message"] else {
                throw WireFormatError("choices[0].message is missing: expected an OpenAI chat completion")
            }
            message = first
        }
        let items: [JSONValue]
        var text: String?
        if let list = message.arrayValue {
            items = list
        } else if let object = message.objectValue {
            items = object["tool_calls"]?.arrayValue ?? []
            text = object["content"]?.stringValue
        } else {
            throw WireFormatError("expected an OpenAI assistant message (an object with tool_calls), not \(message.typeDescription)")
        }
        var calls: [ToolCall] = []
        for (index, item) in items.enumerated() {
            let place = "tool_calls[\(index)]"
            let id = try WireFormat.string(item, "id", at: place)
            guard let function = item.objectValue?["function"] else {
                throw WireFormatError("\(place) has no function: expected {\"type\": \"function\", \"function\": {\"name\": …, \"arguments\": …}}")
            }
            let name = try WireFormat.string(function, "name", at: place + ".function")
            calls.append(WireFormat.call(id: id, name: name, arguments: function.objectValue?["arguments"], at: place + ".function.arguments"))
        }
        return ToolCallBatch(format: .openai, calls: calls, text: text)
    }

    private func responsesCalls(_ json: JSONValue) throws(WireFormatError) -> ToolCallBatch {
        guard let items = json.objectValue?["output"]?.arrayValue ?? json.arrayValue else {
            throw WireFormatError("expected an OpenAI Responses response (with output[]) or its output array")
        }
        var calls: [ToolCall] = []
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            let place = "output[\(index)]"
            switch item.objectValue?["type"]?.stringValue {
            case "function_call":
                let id = try WireFormat.string(item, "call_id", at: place)
                let name = try WireFormat.string(item, "name", at: place)
                calls.append(WireFormat.call(id: id, name: name, arguments: item.objectValue?["arguments"], at: place + ".arguments"))
            case "message":
                for part in item.objectValue?["content"]?.arrayValue ?? [] {
                    if let text = part.objectValue?["text"]?.stringValue { texts.append(text) }
                }
            default:
                continue
            }
        }
        return ToolCallBatch(format: .responses, calls: calls, text: texts.isEmpty ? nil : texts.joined(separator: "\n"))
    }

    private func anthropicCalls(_ json: JSONValue) throws(WireFormatError) -> ToolCallBatch {
        guard let blocks = json.objectValue?["content"]?.arrayValue ?? json.arrayValue else {
            throw WireFormatError("expected an Anthropic message (with content[]) or its content array")
        }
        var calls: [ToolCall] = []
        var texts: [String] = []
        for (index, block) in blocks.enumerated() {
            let place = "content[\(index)]"
            switch block.objectValue?["type"]?.stringValue {
            case "tool_use":
                let id = try WireFormat.string(block, "id", at: place)
                let name = try WireFormat.string(block, "name", at: place)
                calls.append(WireFormat.call(id: id, name: name, arguments: block.objectValue?["input"] ?? .object([:]), at: place + ".input"))
            case "text":
                if let text = block.objectValue?["text"]?.stringValue { texts.append(text) }
            default:
                continue
            }
        }
        return ToolCallBatch(format: .anthropic, calls: calls, text: texts.isEmpty ? nil : texts.joined(separator: "\n"))
    }

    private func geminiCalls(_ json: JSONValue) throws(WireFormatError) -> ToolCallBatch {
        var content = json
        if let candidates = json.objectValue?["candidates"] {
            guard let first = candidates.arrayValue?.first?.objectValue?["content"] else {
                throw WireFormatError("candidates[0].content is missing: expected a Gemini generateContent response")
            }
            content = first
        }
        guard let parts = content.objectValue?["parts"]?.arrayValue ?? content.arrayValue else {
            throw WireFormatError("expected a Gemini generateContent response (candidates[0].content.parts) or a content with parts")
        }
        var calls: [ToolCall] = []
        var generated: Set<String> = []
        var texts: [String] = []
        // A made-up id must not be one the model gave another call of the same response.
        let given = Set(parts.compactMap { $0.objectValue?["functionCall"]?.objectValue?["id"]?.stringValue })
        for (index, part) in parts.enumerated() {
            let place = "parts[\(index)]"
            if let text = part.objectValue?["text"]?.stringValue { texts.append(text) }
            guard let functionCall = part.objectValue?["functionCall"] else { continue }
            let name = try WireFormat.string(functionCall, "name", at: place + ".functionCall")
            var id = functionCall.objectValue?["id"]?.stringValue ?? ""
            if id.isEmpty {
                // Gemini may send no ids: the reply answers calls by name and order instead.
                var number = calls.count + 1
                while given.contains("call_\(number)") || generated.contains("call_\(number)") { number += 1 }
                id = "call_\(number)"
                generated.insert(id)
            }
            calls.append(WireFormat.call(id: id, name: name, arguments: functionCall.objectValue?["args"] ?? .object([:]), at: place + ".functionCall.args"))
        }
        return ToolCallBatch(format: .gemini, calls: calls, generatedIDs: generated, text: texts.isEmpty ? nil : texts.joined(separator: "\n"))
    }

    /// A call from its arguments as the model wrote them: a JSON object, or a string of JSON text.
    private static func call(id: String, name: String, arguments: JSONValue?, at place: String) -> ToolCall {
        switch arguments {
        case .string(let text)?:
            return ToolCall(id: id, name: name, argumentsJSON: text)
        case .object(let object)?:
            return ToolCall(id: id, name: name, values: object)
        case nil, .null?:
            return ToolCall(id: id, name: name, values: [:])
        case let other?:
            var call = ToolCall(id: id, name: name)
            call.argumentsError = "\(place) must be a JSON object, not \(other.typeDescription)"
            return call
        }
    }

    private static func string(_ item: JSONValue, _ key: String, at place: String) throws(WireFormatError) -> String {
        guard let text = item.objectValue?[key]?.stringValue, !text.isEmpty else {
            throw WireFormatError("\(place).\(key) is missing or not a string")
        }
        return text
    }

    static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count <= 60 ? line : String(line.prefix(57)) + "…"
    }
}
