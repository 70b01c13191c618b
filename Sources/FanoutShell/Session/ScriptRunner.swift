import FanoutCore

/// Where command lines come from: stdin, a line editor, a file.
public protocol LineSource: AnyObject {
    /// The next line as raw bytes (no newline), or `nil` at the end of input.
    func nextLine(prompt: String) async -> [UInt8]?
}

/// Runs sessions without a person at the keyboard: piped scripts and replays.
public enum ScriptRunner {
    /// Exit statuses, as the command line documents them.
    public enum Status {
        public static let ok: Int32 = 0
        public static let rejected: Int32 = 1
        public static let usage: Int32 = 64
        /// An input file is missing or cannot be read (EX_NOINPUT in sysexits.h).
        public static let noInput: Int32 = 66
        public static let interrupted: Int32 = 130
    }

    /// Executes every line from `lines`. Stops at the first rejected command unless `keepGoing`,
    /// and after any command once `interrupted` says so.
    /// - Returns: 0, 1 when any command was rejected, 130 when interrupted.
    public static func run(
        _ session: Session, lines: some LineSource, keepGoing: Bool,
        interrupted: @Sendable () -> Bool = { false }
    ) async -> Int32 {
        var status = Status.ok
        session.reportsLineNumbers = true
        while let line = await lines.nextLine(prompt: SessionScript.prompt) {
            let outcome = await session.execute(bytes: line)
            if interrupted() { return Status.interrupted }
            if !proceed(after: outcome, status: &status, keepGoing: keepGoing) { return status }
        }
        return status
    }

    /// Whether a script goes on after `outcome`; a rejected command sets `status` to 1.
    private static func proceed(after outcome: Session.Outcome, status: inout Int32, keepGoing: Bool) -> Bool {
        switch outcome {
        case .ok: return true
        case .quit: return false
        case .rejected:
            status = Status.rejected
            return keepGoing
        }
    }

    /// Re-runs a session file's commands, showing each after the prompt when `echo` is on.
    ///
    /// A rejected command stops it (unless `keepGoing`), except in a transcript that recorded that
    /// command's error. A file that is missing or cannot be read gives 66. Like ``run(_:lines:keepGoing:interrupted:)``, it stops after any command once
    /// `interrupted` says so (130).
    /// - Parameters:
    ///   - recordedSeed: run a transcript with the seed its header names, as `check` does, so its
    ///     random draws come out as recorded.
    ///   - step: called before each command, shown first (a presenter pressing Enter); `false`
    ///     stops the replay.
    public static func replay(
        file: String, in session: Session, echo: Bool, keepGoing: Bool, recordedSeed: Bool = false,
        step: (() async -> Bool)? = nil, interrupted: @Sendable () -> Bool = { false }
    ) async -> Int32 {
        let script: SessionScript
        do {
            script = try Session.loadScript(at: file)
        } catch {
            session.report(error)
            return Session.isReadableFile(file) ? Status.rejected : Status.noInput
        }
        if recordedSeed, let seed = script.recordedSeed { session.options.seed = seed }
        session.commandsComeFromFile = true
        session.scriptFolder = Session.folder(of: file)
        defer { session.scriptFolder = nil }
        var status = Status.ok
        for command in script.commands {
            if let step {
                session.prompt(command.text)
                guard await step() else { return status }
            } else if echo {
                session.echo(command.text)
            }
            session.lineNumber = command.line - 1
            let outcome = await session.execute(command.text)
            if interrupted() { return Status.interrupted }
            // A transcript that recorded this command's error expects it (a pitfall shown on purpose, a
            // typo in class): the replay goes on, as check does.
            if case .rejected = outcome, script.isTranscript, command.expectedOutput.contains(where: { $0.hasPrefix("error: ") }) {
                continue
            }
            if !proceed(after: outcome, status: &status, keepGoing: keepGoing) {
                if case .rejected = outcome { session.noteReplayStopped(file: file, line: command.line) }
                return status
            }
        }
        return status
    }
}

extension Session {
    /// Shows a command after the prompt, as a transcript does.
    public func echo(_ command: String) {
        say(SessionScript.prompt + command)
    }

    /// Shows a command after the prompt without ending the line, for step-by-step replays.
    public func prompt(_ command: String) {
        guard presentation.format == .human else { return }
        write(SessionScript.prompt + command, to: .standard)
    }

    /// Says where a replay stopped and how to go past, after the rejected command's own error: a
    /// transcript may hold errors on purpose, and a replay stopping there is otherwise a puzzle.
    func noteReplayStopped(file: String, line: Int) {
        guard presentation.format == .human else { return }
        sink.write("note: replay stopped at \(file):\(line); add --keep-going to replay past rejected commands\n", to: .error)
    }

    /// Reports an error that is not about a command line (a missing file, say).
    public func report(_ error: CommandError) {
        reject(error)
    }
}
