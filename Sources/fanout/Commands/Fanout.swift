import ArgumentParser
import Foundation
import FanoutCore
import FanoutShell

/// `fanout` itself: an interactive shell on a terminal, a script reader otherwise.
@main
struct Fanout: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "fanout",
        abstract: "Run the function calls an AI model asks for: concurrently, in order, or both — and watch.",
        discussion: """
            With a terminal, fanout is an interactive shell: type demo, then call get_weather location=Tokyo, then run.
            Otherwise it reads commands from standard input, one per line.
            """,
        version: "fanout \(version)",
        subcommands: [Replay.self, Check.self, Bench.self]
    )

    @OptionGroup var options: SessionOptions

    @Flag(help: "Do not run the init file ($XDG_CONFIG_HOME/fanout/init) at start.")
    var noInit = false

    @Option(help: "Record a transcript of the session to this file.", completion: .file())
    var record: String?

    @Flag(help: "With --record: replace the file if it exists.")
    var force = false

    /// `AsyncParsableCommand`'s own `main`, but with a better error for `fanout FILE` (see
    /// ``fileArgumentError(_:)``).
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try await asyncParseAsRoot()
        } catch {
            exit(withError: fileArgumentError(Array(CommandLine.arguments.dropFirst())) ?? error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// People try `fanout FILE` to run a script; the parser would only say "unexpected argument".
    /// When the arguments are fanout's own options and one word, this says what to type instead
    /// (or, for a misspelt subcommand, which one was meant); otherwise `nil`.
    ///
    /// An optional `@Argument` on `fanout` itself cannot do this: it would take the word before
    /// subcommands are looked for, so `fanout check` would stop working.
    static func fileArgumentError(_ arguments: [String]) -> ValidationError? {
        guard let word = (try? FanoutWithWord.parse(arguments))?.word else { return nil }
        let subcommands = configuration.subcommands.map { $0._commandName }
        guard !subcommands.contains(word), word != "help" else { return nil }
        guard FileManager.default.fileExists(atPath: word) else {
            let hint = Suggestions.didYouMean(word, in: subcommands)
            // Neither a file nor close to a subcommand: the parser's own error says it best.
            guard !hint.isEmpty else { return nil }
            return ValidationError("unknown subcommand \(word.quotedExcerpt)\(hint); subcommands: \(subcommands.joined(separator: ", "))")
        }
        // A transcript's `fanout> ` lines are no commands, so only a plain script can be piped in.
        let pipeable = (try? Session.loadScript(at: word))?.isTranscript == false
        return ValidationError(
            "fanout takes no file argument; to run \(word) use: fanout replay \(word)" + (pipeable ? " (or fanout < \(word))" : ""))
    }

    func run() async throws {
        let interactive = Terminal.isInteractive && options.format == .human
        let session = Session(
            sink: StandardOutputSink(), presentation: options.presentation,
            options: options.executionOptions(defaultClock: .real))
        options.configure(session)
        // Commands typed at a terminal are a person's own; piped ones come from a file.
        session.commandsComeFromFile = isatty(0) != 1
        if record == nil, force {
            throw ValidationError("--force goes with --record FILE: it lets the recording replace FILE")
        }
        if record != nil, options.format == .jsonl {
            throw ValidationError("--record writes a transcript of the human format: drop --format jsonl, or keep the JSON lines with > FILE")
        }
        let status: Int32
        if interactive {
            status = await InteractiveShell.run(
                session, version: Self.version, color: options.color.isEnabled,
                initFile: noInit ? nil : InteractiveShell.initPath(), startRecording: startRecording)
        } else {
            guard startRecording(session) else { throw ExitCode(ScriptRunner.Status.usage) }
            let interrupt = ScriptInterrupt(control: session.runControl)
            let flag = interrupt.flag
            let finished = await ScriptRunner.run(
                session, lines: StandardInputLines(), keepGoing: options.keepGoing, interrupted: { flag.isSet })
            status = flag.isSet ? flag.exitStatus : finished
            session.stopRecording()
            withExtendedLifetime(interrupt) {}
        }
        // Every MCP server ends with the session, reaped, so none outlives fanout.
        await session.closeConnections()
        throw ExitCode(status)
    }

    /// Starts `--record`, if given; `false` (after saying why) when the file cannot be used.
    private func startRecording(_ session: Session) -> Bool {
        guard let record else { return true }
        do {
            try session.startRecording(to: record, force: force)
            return true
        } catch {
            let message = error.message.replacingOccurrences(of: "use record \(record) force", with: "add --force")
            session.report(CommandError(message))
            return false
        }
    }
}

/// `fanout`'s own options followed by one word, which `fanout` refuses: parsed only to explain why.
private struct FanoutWithWord: ParsableArguments {
    @OptionGroup var fanout: Fanout
    @Argument var word: String
}
