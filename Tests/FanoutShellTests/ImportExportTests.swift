import Foundation
import Testing
@testable import FanoutShell

@Suite("import and export")
struct ImportExportTests {
    private func file(_ name: String, _ text: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-import-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private let anthropic = #"{"type": "message", "role": "assistant", "content": [{"type": "text", "text": "On it."}, {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"location": "Tokyo"}}, {"type": "tool_use", "id": "toolu_02", "name": "get_news", "input": {"topic": "AI"}}]}"#

    @Test func anImportedResponseRunsAndIsAnsweredWithTheModelsIDs() async {
        let path = file("message.json", anthropic)
        let text = await output(of: ["demo weather", "import \(path)", "run", "export results"])
        #expect(text.contains("""
            imported 2 calls from an Anthropic message:
              toolu_01 get_weather(location: "Tokyo")
              toolu_02 get_news(topic: "AI")
            """), "\(text)")
        #expect(text.contains(#""tool_use_id": "toolu_02","#), "\(text)")
        #expect(text.contains(#""content": "{\"topic\":\"AI\",\"articles\":[{\"title\":\"News about AI\"}]}","#), "\(text)")
    }

    @Test func badInputChangesNothing() async {
        let notJSON = file("notes.json", "{\"a\": 1,\n \"b\": }")
        let noShape = file("shape.json", #"{"hello": "world"}"#)
        let noCalls = file("text.json", #"{"type": "message", "content": [{"type": "text", "text": "Hello!"}]}"#)
        let clash = file("clash.json", #"{"content": [{"type": "tool_use", "id": "call_1", "name": "get_news", "input": {}}]}"#)
        let (session, sink) = await session(on: .virtual, after: ["demo weather", "call get_weather location=Tokyo"])
        for (line, expected) in [
            ("import \(notJSON)", "is not JSON (line 2, column 7): expected a model's response or message"),
            ("import \(noShape)", "no known shape: expected an OpenAI chat completion"),
            ("import \(noCalls)", "an Anthropic message with no tool calls; it says: Hello!"),
            ("import \(noCalls) as gemni", "unknown format 'gemni' (did you mean gemini?); formats: openai, responses, anthropic, gemini"),
            ("import \(clash)", "call id 'call_1' is already queued; drop it or clear the queue first; nothing was imported"),
            ("import \(noShape) like openai", "expected as FORMAT after the file"),
            ("import \(noCalls) as openai", "this is not an OpenAI Chat Completions response: it looks like an Anthropic message; read it as anthropic"),
            ("export results", "no results to export yet"),
            ("export results opnai", "unknown format 'opnai' (did you mean openai?)"),
            ("export tools", "usage: export tools openai|responses|anthropic|gemini [FILE]"),
        ] {
            guard case .rejected(let message) = await session.execute(line) else {
                Issue.record("\(line) was not rejected")
                continue
            }
            #expect(message.contains(expected), "\(line): \(message)")
        }
        _ = sink.take()
        await session.execute("queue")
        #expect(sink.take().hasPrefix("call_1  get_weather(location: \"Tokyo\")\n1 call queued"))
    }

    @Test func callIDsSkipTheOnesAnImportTook() async {
        let path = file("calls.json", #"{"tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_news", "arguments": "{\"topic\": \"AI\"}"}}]}"#)
        let text = await output(of: ["demo weather", "import \(path)", "call get_weather location=Tokyo"])
        #expect(text.hasSuffix(#"queued call_2 get_weather(location: "Tokyo")"# + "\n"), "\(text)")
    }

    @Test func resultsAsOneJSONDocument() async {
        let text = await outputOfLast(["demo weather", "call get_weather location=Tokyo", "call get_news", "run", "export results json"])
        #expect(text.contains(#""wall_ms": 1000,"#), "\(text)")
        #expect(text.contains(#""error": "missing required argument 'topic'","#), "\(text)")
        #expect(text.contains(#""error_kind": "invalid_arguments""#), "\(text)")
    }
}
