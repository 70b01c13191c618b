// Answers a model's tool calls: reads its response (any of the four vendors' formats) on stdin,
// runs the calls with real handlers, and prints the reply the model expects next.
//
//     swift run answer-tool-calls < response.json
import FanoutCore
import Foundation

let handlers = HandlerRegistry([
    Tool("get_time", description: "The current UTC time", parameters: .object([:])) { _, _ in
        .string(Date().formatted(.iso8601))
    },
    BlockingTool("read_first_line", description: "A text file's first line",
                 parameters: .object(["path": .string("The file to read")], required: ["path"])) { arguments, _ in
        let text = try String(contentsOfFile: try arguments.string("path"), encoding: .utf8)
        return .string(text.split(separator: "\n").first.map(String.init) ?? "")
    },
    Tool("count_words", description: "How many words a text has",
         parameters: .object(["text": .string()], required: ["text"])) { arguments, _ in
        .int(try arguments.string("text").split(whereSeparator: \.isWhitespace).count)
    },
])

do {
    let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    let batch = try WireFormat.toolCalls(inAnyFormat: try JSONParser.parse(input))
    let report = try await Executor(handlers: handlers).run(batch.calls, options: ExecutionOptions(timeout: .seconds(10)))
    print(batch.reply(with: report.results).prettyJSONText)
} catch {
    FileHandle.standardError.write(Data("answer-tool-calls: \(error)\n".utf8))
    exit(1)
}
