/// A session file: a transcript (commands after `fanout> `, followed by their recorded output) or a
/// plain script (every line that is not blank or a `#` comment is a command).
public struct SessionScript: Sendable, Equatable {
    /// The prompt that marks a command line in a transcript.
    public static let prompt = "fanout> "

    /// A command and the output recorded after it.
    public struct Command: Sendable, Equatable {
        /// The command text, without the prompt.
        public var text: String
        /// 1-based line number of the command in the file.
        public var line: Int
        /// The lines recorded after it, up to the next command (comment lines excluded).
        public var expectedOutput: [String]
    }

    public var commands: [Command]

    /// Whether a transcript line is a command (`fanout> …`, or a bare prompt for an empty command).
    public static func isCommandLine(_ line: String) -> Bool {
        line.hasPrefix(prompt) || line == "fanout>"
    }
    /// Whether the file is a transcript (has `fanout> ` lines) rather than a plain script.
    public var isTranscript: Bool
    /// The seed a transcript's header names (`# fanout transcript · clock virtual · seed 7`), if any.
    public var recordedSeed: UInt64?

    public init(text: String) {
        self.init(lines: text.lines)
    }

    /// The script whose file has these lines.
    init(lines: [String]) {
        isTranscript = lines.contains(where: SessionScript.isCommandLine)
        recordedSeed = SessionScript.seed(inHeaderOf: lines)
        commands = []
        for (index, line) in lines.enumerated() {
            if isTranscript {
                if SessionScript.isCommandLine(line) {
                    let command = String(line.dropFirst(min(line.count, SessionScript.prompt.count)))
                    commands.append(Command(text: command, line: index + 1, expectedOutput: []))
                } else if !line.hasPrefix("#"), !commands.isEmpty {
                    commands[commands.count - 1].expectedOutput.append(line)
                }
            } else {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                commands.append(Command(text: line, line: index + 1, expectedOutput: []))
            }
        }
    }

    private static func seed(inHeaderOf lines: [String]) -> UInt64? {
        for line in lines.prefix(5) where line.hasPrefix("# fanout transcript") {
            if let range = line.range(of: "seed "), let seed = UInt64(line[range.upperBound...].prefix { $0.isNumber }) {
                return seed
            }
        }
        return nil
    }
}
