/// A model vendor's format for tool calls, their results, and tool definitions.
///
/// ```swift
/// let batch = try WireFormat.anthropic.toolCalls(in: JSONParser.parse(responseText))
/// let report = await executor.run(batch.calls)
/// let reply = batch.reply(with: report.results)   // the next request's user message
/// ```
public enum WireFormat: String, Sendable, CaseIterable {
    /// OpenAI Chat Completions: `choices[0].message.tool_calls`, answered by `tool` messages.
    case openai
    /// OpenAI Responses: `function_call` output items, answered by `function_call_output` items.
    case responses
    /// Anthropic Messages: `tool_use` content blocks, answered by `tool_result` blocks.
    case anthropic
    /// Google Gemini `generateContent`: `functionCall` parts, answered by `functionResponse` parts.
    case gemini

    /// What a payload of the format is called, with its article: `an Anthropic message`.
    public var payloadName: String {
        switch self {
        case .openai: return "an OpenAI Chat Completions response"
        case .responses: return "an OpenAI Responses response"
        case .anthropic: return "an Anthropic message"
        case .gemini: return "a Gemini response"
        }
    }

    /// The format `json` is in, judged by its shape; `nil` when it is none of them.
    public static func detect(_ json: JSONValue) -> WireFormat? {
        switch json {
        case .object(let object):
            if object["choices"] != nil || object["tool_calls"] != nil { return .openai }
            if object["candidates"] != nil || object["parts"] != nil { return .gemini }
            if object["output"]?.arrayValue != nil { return .responses }
            if object["content"]?.arrayValue != nil { return .anthropic }
            return nil
        case .array(let items):
            guard let first = items.first?.objectValue else { return nil }
            if first["function"] != nil { return .openai }
            if first["functionCall"] != nil || first["functionResponse"] != nil { return .gemini }
            switch first["type"]?.stringValue {
            case "function_call", "function_call_output", "reasoning", "message": return .responses
            case "tool_use", "text", "thinking", "tool_result": return .anthropic
            default: return nil
            }
        default:
            return nil
        }
    }

    /// What each format accepts as input, for error messages.
    static let acceptedShapes = """
        an OpenAI chat completion (choices[0].message.tool_calls) or its assistant message, \
        an OpenAI Responses response (output[] with function_call items) or its output array, \
        an Anthropic message (content[] with tool_use blocks) or its content array, \
        or a Gemini generateContent response (candidates[0].content.parts) or a Gemini content (role and parts)
        """
}

/// A model's message that fanout cannot read tool calls from: what was wrong, and where.
public struct WireFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, and what shapes are accepted.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The ``message``.
    public var description: String { message }
}
