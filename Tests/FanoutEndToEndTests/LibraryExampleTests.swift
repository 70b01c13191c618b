import Foundation
import Testing

extension EndToEnd {
    /// Examples/AnswerToolCalls, a program written against FanoutCore's public API alone, answers a
    /// model's calls with real handlers (a blocking file read among them).
    @Suite("Library example")
    struct LibraryExampleTests {
        @Test func theExampleAnswersEveryCallOfAnAnthropicMessage() async throws {
            let example = try FanoutBinary.url().deletingLastPathComponent().appendingPathComponent("answer-tool-calls")
            try #require(FileManager.default.isExecutableFile(atPath: example.path), "no \(example.path): build it with swift build")
            let message = """
                {"type": "message", "role": "assistant", "content": [
                  {"type": "text", "text": "Let me look."},
                  {"type": "tool_use", "id": "toolu_1", "name": "read_first_line", "input": {"path": "/etc/hostname"}},
                  {"type": "tool_use", "id": "toolu_2", "name": "count_words", "input": {"text": "one two  three"}},
                  {"type": "tool_use", "id": "toolu_3", "name": "count_words", "input": {"txt": "typo"}},
                  {"type": "tool_use", "id": "toolu_4", "name": "send_email", "input": {}}
                ]}
                """
            let result = try await FanoutProcess.run(executable: example, [], stdinBytes: Data(message.utf8))
            #expect(result.status == 0, "\(result.summary)")
            let reply = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result.summary)")
            let blocks = try #require(reply["content"] as? [[String: Any]])
            #expect(blocks.map { $0["tool_use_id"] as? String } == ["toolu_1", "toolu_2", "toolu_3", "toolu_4"])
            #expect(blocks.map { $0["is_error"] as? Bool } == [false, false, true, true])
            let hostname = try String(contentsOfFile: "/etc/hostname", encoding: .utf8).split(separator: "\n").first.map(String.init)
            #expect(blocks[0]["content"] as? String == hostname)
            #expect(blocks[1]["content"] as? String == "3")
            #expect((blocks[2]["content"] as? String)?.contains("unknown argument 'txt' (did you mean text?)") == true, "\(result.summary)")
            #expect((blocks[3]["content"] as? String)?.contains("unknown function 'send_email'") == true, "\(result.summary)")
        }
    }
}
