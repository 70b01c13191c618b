import ArgumentParser
import Foundation
import FanoutCore
import FanoutShell

/// `fanout replay FILE…`: re-run session files' commands, showing each command and its output.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-run the commands of session files and show their output.")

    @OptionGroup var options: SessionOptions

    @Flag(help: "Present step by step on the real clock: show each command, run it when Enter is pressed; q stops.")
    var step = false

    @Argument(help: "Session files (*.fanout) or plain scripts.", completion: .file())
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one session file to replay") }
    }

    func run() async throws {
        let sink = StandardOutputSink()
        if step {
            // The replay waits at each command with nothing else on screen to say what it waits for.
            sink.write("step by step: Enter runs the command shown; q and Enter stops\n", to: .error)
        }
        var status: Int32 = 0
        let input = StepInput()
        for file in files {
            let session = Session(sink: sink, presentation: options.presentation, options: options.executionOptions(defaultClock: .real))
            options.configure(session)
            var presenter: (() async -> Bool)?
            if step { presenter = { input.waitForEnter() } }
            // Ctrl-C, SIGTERM or SIGHUP cancels the run in progress, which still ends every call, and stops the replay.
            let interrupt = ScriptInterrupt(control: session.runControl)
            let flag = interrupt.flag
            let result = await ScriptRunner.replay(
                file: file, in: session, echo: options.format == .human, keepGoing: options.keepGoing,
                recordedSeed: options.seed == nil, step: presenter,
                interrupted: { flag.isSet })
            await session.closeConnections()
            withExtendedLifetime(interrupt) {}
            if flag.isSet { throw ExitCode(flag.exitStatus) }
            if input.stop == .quit { break }
            if input.stop == .endOfInput {
                // The presenter did not stop it: the replay is not complete, and a script piping
                // Enters in should hear so.
                sink.write("note: replay stopped at \(file): input ended while waiting for Enter\n", to: .error)
                throw ExitCode(ScriptRunner.Status.rejected)
            }
            status = max(status, result)
            if result != 0, !options.keepGoing { break }
        }
        throw ExitCode(status)
    }
}
