extension WireFormat {
    /// The reply that answers each call in `results` in this format, in their order.
    ///
    /// Every result gets one entry, whatever its status: a call that timed out, was cancelled or was
    /// skipped is an error result that says so. Ids in `omittingIDs` (made up for calls the model
    /// sent without one) are left out.
    public func reply(with results: [CallResult], omittingIDs: Set<String> = []) -> JSONValue {
        switch self {
        case .openai:
            return .array(results.map { result in
                ["role": "tool", "tool_call_id": .string(result.id), "content": .string(result.replyText)]
            })
        case .responses:
            return .array(results.map { result in
                ["type": "function_call_output", "call_id": .string(result.id), "output": .string(result.replyText)]
            })
        case .anthropic:
            let blocks: [JSONValue] = results.map { result in
                [
                    "type": "tool_result", "tool_use_id": .string(result.id),
                    "content": .string(result.replyText), "is_error": .bool(result.status != .ok),
                ]
            }
            return ["role": "user", "content": .array(blocks)]
        case .gemini:
            let parts: [JSONValue] = results.map { result in
                var response = JSONObject()
                if result.status == .ok {
                    response["output"] = result.output ?? .null
                } else {
                    response["error"] = .string(result.failureText)
                }
                var functionResponse = JSONObject()
                if !omittingIDs.contains(result.id) { functionResponse["id"] = .string(result.id) }
                functionResponse["name"] = .string(result.name)
                functionResponse["response"] = .object(response)
                return ["functionResponse": .object(functionResponse)]
            }
            return ["role": "user", "parts": .array(parts)]
        }
    }
}

extension CallResult {
    /// The result as the text a model reads: the output (a string as it is, anything else as JSON),
    /// or `{"error": "…"}` as the lesson's execution layer writes it.
    public var replyText: String {
        if status == .ok, let output { return output.stringValue ?? output.jsonText }
        return JSONValue.object(["error": .string(failureText)]).jsonText
    }

    /// What went wrong, with the status named where the message does not say it
    /// (`cancelled: call_2 (get_orders) failed`, `skipped: dependency call_2 (get_orders) failed`).
    public var failureText: String {
        let message = error ?? status.rawValue
        switch status {
        case .ok, .error, .timeout: return message
        case .cancelled, .skipped: return message.hasPrefix(status.rawValue) ? message : "\(status.rawValue): \(message)"
        }
    }
}
