import ArgumentParser
import FanoutCore
import FanoutShell

/// The default command: an interactive shell on a terminal, a script reader otherwise.
struct Shell: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Start the shell (the default): interactive on a terminal, else read commands from stdin.",
        shouldDisplay: false
    )

    @OptionGroup var options: SessionOptions

    @Flag(help: "Keep going after a rejected command (scripts stop at the first one otherwise).")
    var keepGoing = false

    func run() async throws {
        let session = Session(
            sink: StandardOutputSink(), presentation: options.presentation,
            options: options.executionOptions(defaultClock: .real))
        let status = await ScriptRunner.run(session, lines: StandardInputLines(), keepGoing: keepGoing)
        throw ExitCode(status)
    }
}
