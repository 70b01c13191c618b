import Testing
import FanoutCore

@Suite("Wire formats")
struct WireFormatTests {
    private func json(_ text: String) -> JSONValue { try! JSONParser.parse(text) }

    private func summary(_ batch: ToolCallBatch) -> [String] {
        batch.calls.map { call in
            let arguments = call.arguments.map { key, value in
                if case .value(let json) = value { "\(key)=\(json.jsonText)" } else { key }
            }
            return "\(call.id) \(call.name)(\(arguments.joined(separator: ","))\(call.argumentsError.map { "!" + $0 } ?? ""))"
        }
    }

    @Test func openAIResponsesAndMessagesReadTheSame() throws {
        let message = #"{"role": "assistant", "content": null, "tool_calls": [{"id": "call_a", "type": "function", "function": {"name": "get_weather", "arguments": "{\"location\": \"Tokyo\"}"}}, {"id": "call_b", "type": "function", "function": {"name": "get_news", "arguments": "{\"topic\": "}}]}"#
        let response = #"{"id": "chatcmpl-1", "object": "chat.completion", "choices": [{"index": 0, "finish_reason": "tool_calls", "message": \#(message)}]}"#
        for payload in [message, response] {
            let batch = try WireFormat.openai.toolCalls(in: json(payload))
            #expect(summary(batch) == [#"call_a get_weather(location="Tokyo")"#, "call_b get_news(!arguments are not valid JSON: unexpected end of JSON at column 11)"])
            #expect(WireFormat.detect(json(payload)) == .openai)
        }
    }

    @Test func responsesFunctionCallsUseTheirCallID() throws {
        let output = #"[{"type": "reasoning", "id": "rs_1", "summary": []}, {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_user", "arguments": "{\"user_id\": \"user_123\"}"}, {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Looking."}]}]"#
        for payload in [output, #"{"object": "response", "output": \#(output)}"#] {
            let batch = try WireFormat.toolCalls(inAnyFormat: json(payload))
            #expect(batch.format == .responses)
            #expect(summary(batch) == [#"call_1 get_user(user_id="user_123")"#])
            #expect(batch.text == "Looking.")
        }
    }

    @Test func anthropicToolUseBlocksAmongText() throws {
        let content = #"[{"type": "text", "text": "I'll check."}, {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"location": "NYC"}}, {"type": "tool_use", "id": "toolu_02", "name": "get_stock_price", "input": {"symbol": "MSFT"}}]"#
        for payload in [content, #"{"type": "message", "role": "assistant", "content": \#(content), "stop_reason": "tool_use"}"#] {
            let batch = try WireFormat.toolCalls(inAnyFormat: json(payload))
            #expect(batch.format == .anthropic)
            #expect(summary(batch) == [#"toolu_01 get_weather(location="NYC")"#, #"toolu_02 get_stock_price(symbol="MSFT")"#])
            #expect(batch.text == "I'll check.")
        }
    }

    @Test func aMadeUpGeminiIdNeverTakesAnIdTheModelGave() throws {
        let content = #"{"role": "model", "parts": [{"functionCall": {"name": "a"}}, {"functionCall": {"id": "call_1", "name": "b"}}, {"functionCall": {"name": "c"}}]}"#
        let batch = try WireFormat.toolCalls(inAnyFormat: json(content))
        #expect(batch.calls.map(\.id) == ["call_2", "call_1", "call_3"])
        #expect(batch.generatedIDs == ["call_2", "call_3"])
    }

    @Test func geminiCallsWithoutIdsAreAnsweredWithoutThem() throws {
        let content = #"{"role": "model", "parts": [{"functionCall": {"name": "get_weather", "args": {"location": "Paris"}}}, {"functionCall": {"id": "fc-7", "name": "get_news", "args": {"topic": "AI"}}}]}"#
        for payload in [content, #"{"candidates": [{"content": \#(content), "finishReason": "STOP"}]}"#] {
            let batch = try WireFormat.toolCalls(inAnyFormat: json(payload))
            #expect(batch.format == .gemini)
            #expect(summary(batch) == [#"call_1 get_weather(location="Paris")"#, #"fc-7 get_news(topic="AI")"#])
            #expect(batch.generatedIDs == ["call_1"])
            let reply = batch.reply(with: [
                CallResult(id: "call_1", name: "get_weather", status: .ok, startedAt: .zero, finishedAt: .seconds(1), output: ["t": 22]),
                CallResult(id: "fc-7", name: "get_news", status: .error, startedAt: .zero, finishedAt: .zero, error: "boom", errorKind: .handlerError),
            ])
            #expect(reply.jsonText == #"{"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"output":{"t":22}}}},{"functionResponse":{"id":"fc-7","name":"get_news","response":{"error":"boom"}}}]}"#)
        }
    }

    @Test func everyStatusGetsAnAnswer() {
        let results = [
            CallResult(id: "a", name: "f", status: .ok, startedAt: .zero, finishedAt: .seconds(1), output: "sunny"),
            CallResult(id: "b", name: "f", status: .timeout, startedAt: .zero, finishedAt: .seconds(2), error: "timed out after 2s"),
            CallResult(id: "c", name: "f", status: .cancelled, startedAt: .zero, finishedAt: .seconds(1), error: "b (f) failed"),
            CallResult(id: "d", name: "f", status: .skipped, startedAt: nil, finishedAt: .seconds(1), error: "dependency b (f) timed out"),
        ]
        #expect(WireFormat.openai.reply(with: results).jsonText == """
            [{"role":"tool","tool_call_id":"a","content":"sunny"},{"role":"tool","tool_call_id":"b","content":"{\\"error\\":\\"timed out after 2s\\"}"},\
            {"role":"tool","tool_call_id":"c","content":"{\\"error\\":\\"cancelled: b (f) failed\\"}"},\
            {"role":"tool","tool_call_id":"d","content":"{\\"error\\":\\"skipped: dependency b (f) timed out\\"}"}]
            """)
        let anthropic = WireFormat.anthropic.reply(with: results).objectValue?["content"]?.arrayValue ?? []
        #expect(anthropic.map { $0.objectValue?["is_error"] } == [false, true, true, true])
        #expect(WireFormat.responses.reply(with: Array(results.prefix(1))).jsonText == #"[{"type":"function_call_output","call_id":"a","output":"sunny"}]"#)
    }

    @Test func payloadsOfNoKnownShapeOrWithoutCallsSaySo() {
        #expect(throws: WireFormatError.self) { try WireFormat.toolCalls(inAnyFormat: json(#"{"hello": 1}"#)) }
        #expect(throws: WireFormatError("an Anthropic message with no tool calls; it says: Hello!")) {
            try WireFormat.anthropic.toolCalls(in: json(#"{"type": "message", "content": [{"type": "text", "text": "Hello!"}]}"#))
        }
        #expect(throws: WireFormatError("an Anthropic message that uses the call id 'x' twice; every call needs its own id")) {
            try WireFormat.anthropic.toolCalls(in: json(#"[{"type": "tool_use", "id": "x", "name": "f", "input": {}}, {"type": "tool_use", "id": "x", "name": "g", "input": {}}]"#))
        }
        #expect(throws: WireFormatError("tool_calls[0].function.name is missing or not a string")) {
            try WireFormat.openai.toolCalls(in: json(#"{"tool_calls": [{"id": "a", "function": {"arguments": "{}"}}]}"#))
        }
    }

    @Test func toolDefinitionsCarryTheSchema() {
        let weather = Tool("get_weather", description: "Weather", parameters: .object(["location": .string()], required: ["location"])) { _, _ in nil }
        let schema = #"{"type":"object","properties":{"location":{"type":"string"}},"required":["location"],"additionalProperties":false}"#
        #expect(WireFormat.openai.tools([weather]).jsonText == #"[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":\#(schema)}}]"#)
        #expect(WireFormat.anthropic.tools([weather]).jsonText == #"[{"name":"get_weather","description":"Weather","input_schema":\#(schema)}]"#)
        #expect(WireFormat.gemini.tools([weather]).jsonText == #"[{"functionDeclarations":[{"name":"get_weather","description":"Weather","parametersJsonSchema":\#(schema)}]}]"#)
        let anything = Tool("echo") { arguments, _ in .object(arguments) }
        #expect(WireFormat.responses.tools([anything]).jsonText == #"[{"type":"function","name":"echo","description":"","parameters":{"type":"object"},"strict":false}]"#)
    }
}
