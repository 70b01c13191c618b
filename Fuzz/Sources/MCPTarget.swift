import FanoutCore
@testable import FanoutMCP

/// A server's standard output: cut into lines as the reader cuts it, each decoded as the connection
/// decodes it, and answers read as the client reads `initialize`, `tools/list` and `tools/call`
/// results. However the bytes arrive, every line is handed over or reported over the limit, once.
enum MCPTarget {
    /// Short, so the fuzzer meets lines over the limit too.
    static let maximumLine = 512

    static func run(_ bytes: [UInt8]) {
        let whole = lines(of: bytes, chunk: bytes.count + 1)
        // A byte at a time costs a call per byte: only for short output, where it splits `\r\n`s.
        for size in bytes.count <= 1024 ? [1, 7, 64] : [7, 64] {
            check(lines(of: bytes, chunk: size), against: whole, chunk: size)
        }
        for line in whole.lines {
            switch IncomingMessage(line: line[...], server: "fuzz") {
            case .response(_, .success(let value)):
                answer(value)
            case .response(_, .failure(let error)):
                _ = error.message
            case .notification(let method, let params):
                _ = method
                _ = MCPLog.text(of: params["data"])
                if let progress = params["progress"]?.doubleValue {
                    _ = MCPProgress(progress: progress, total: params["total"]?.doubleValue, message: params["message"]?.stringValue).fraction
                }
            case .request, .blank, .stray, .unaddressed:
                break
            }
        }
    }

    /// The lines and overflows the splitter hands over when `bytes` come `chunk` bytes at a time.
    private static func lines(of bytes: [UInt8], chunk: Int) -> Split {
        var splitter = LineSplitter(maximum: maximumLine)
        var split = Split()
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            splitter.feed(bytes[start..<end], line: { split.lines.append(Array($0)) }, overflow: { split.overflows += 1 })
            start = end
        }
        splitter.finish { split.lines.append(Array($0)) }
        return split
    }

    /// A line may be handed over whole in one chunk and cut off over several (the limit is checked
    /// as bytes wait for their newline), but only a line over the limit may be missing.
    private static func check(_ split: Split, against whole: Split, chunk: Int) {
        precondition(split.lines.count + split.overflows == whole.lines.count + whole.overflows,
                     "\(chunk) bytes at a time: lines lost or repeated")
        var next = 0
        for line in whole.lines {
            if next < split.lines.count, split.lines[next] == line {
                next += 1
            } else {
                precondition(line.count >= maximumLine, "\(chunk) bytes at a time: a line of \(line.count) bytes went missing")
            }
        }
        precondition(next == split.lines.count, "\(chunk) bytes at a time: lines that were not in the output")
    }

    private struct Split: Equatable {
        var lines: [[UInt8]] = []
        var overflows = 0
    }

    /// A result as the client reads it, whichever request it answers.
    private static func answer(_ value: JSONValue) {
        let result = ToolCallResult(value, server: "fuzz")
        do { _ = try result.output().jsonText } catch { _ = error.message }
        for listed in value.objectValue?["tools"]?.arrayValue ?? [] {
            guard let tool = MCPTool(listed: listed) else { continue }
            do { _ = try JSONSchema(tool.inputSchema).summary } catch { _ = error.description }
        }
    }
}
