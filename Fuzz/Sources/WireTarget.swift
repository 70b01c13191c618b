import FanoutCore
@testable import FanoutShell

/// A model's response, as `import` reads it: JSON, then its tool calls in the format its shape
/// tells and in each format named with `as`; each batch's calls listed and answered.
enum WireTarget {
    static func run(_ text: String) {
        guard let json = try? JSONParser.parse(text) else { return }
        read { () throws(WireFormatError) in try WireFormat.toolCalls(inAnyFormat: json) }
        for format in WireFormat.allCases {
            read { () throws(WireFormatError) in try format.toolCalls(in: json) }
        }
    }

    private static func read(_ batch: () throws(WireFormatError) -> ToolCallBatch) {
        let calls: ToolCallBatch
        do {
            calls = try batch()
        } catch {
            _ = error.description
            return
        }
        precondition(!calls.calls.isEmpty, "a batch with no calls")
        precondition(Set(calls.calls.map(\.id)).count == calls.calls.count, "a batch whose ids repeat")
        var results: [CallResult] = []
        for (index, call) in calls.calls.enumerated() {
            _ = Session.signature(of: call)
            let finished = Duration.milliseconds(index + 1)
            if index.isMultiple(of: 2) {
                var output = JSONObject()
                for (key, argument) in call.arguments { if case .value(let value) = argument { output[key] = value } }
                results.append(CallResult(id: call.id, name: call.name, status: .ok, startedAt: .zero, finishedAt: finished, output: .object(output)))
            } else {
                results.append(CallResult(
                    id: call.id, name: call.name, status: .error, startedAt: .zero, finishedAt: finished,
                    error: call.argumentsError ?? "failed", errorKind: .handlerError))
            }
        }
        let reply = calls.reply(with: results)
        precondition((try? JSONParser.parse(reply.jsonText)) == reply, "a reply that does not read back")
    }
}
