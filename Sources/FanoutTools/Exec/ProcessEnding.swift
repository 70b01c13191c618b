import FanoutCore
import Foundation

/// How one run of a command ended: its status, standard output and the tail of standard error.
struct ProcessEnding: Sendable {
    enum Status: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    var status: Status
    var output: [UInt8]
    /// The last bytes of standard error (a chatty tool's whole log is not kept).
    var errorTail: [UInt8]
    /// Whether standard output went past the limit (then ``output`` is empty).
    var outputOverflowed = false

    /// The call's result: the output as JSON or text, or an error saying how the program failed.
    func result(program: String, outputLimit: Int) throws(ToolError) -> JSONValue {
        if outputOverflowed {
            throw ToolError("\(program) printed more than \(Self.size(outputLimit)) on standard output: print less, or raise the handler's output limit")
        }
        switch status {
        case .exited(0): break
        case .exited(let code): throw ToolError("exit status \(code)" + errorExcerpt)
        case .signalled(let signal): throw ToolError("killed by signal \(signal)" + (Self.signalNames[signal].map { " (\($0))" } ?? "") + errorExcerpt)
        }
        var text = String(decoding: output, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        if let json = try? JSONParser.parse(text) { return json }
        return .string(text)
    }

    /// `: ` and standard error's last non-empty line, or nothing when it printed none.
    private var errorExcerpt: String {
        let text = String(decoding: errorTail, as: UTF8.self)
        guard let last = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }) else { return "" }
        let line = last.trimmingCharacters(in: .whitespaces)
        return ": " + (line.count > 200 ? line.prefix(199) + "…" : line)
    }

    private static func size(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : bytes % 1024 == 0 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }

    static let signalNames: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM",
    ]
}
