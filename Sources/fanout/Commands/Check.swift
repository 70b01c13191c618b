import ArgumentParser
import FanoutShell

/// `fanout check PATH…`: re-run transcripts on the virtual clock and compare with what they recorded.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that session transcripts still print what they recorded (virtual clock).")

    @Flag(help: "Rewrite each transcript's recorded output with what it prints now.")
    var update = false

    @Argument(help: "Transcript files, or folders of *.fanout files.", completion: .file())
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one transcript or folder to check") }
    }

    func run() async throws {
        let status = await TranscriptChecker.check(paths: paths, update: update, sink: StandardOutputSink())
        throw ExitCode(status)
    }
}
