import ArgumentParser
import FanoutCore
import FanoutShell

/// `fanout`: the interactive shell, plus `replay` and `check` for session files.
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
        subcommands: [Shell.self, Replay.self, Check.self, Bench.self],
        defaultSubcommand: Shell.self
    )
}

/// Options every way of running sessions shares.
struct SessionOptions: ParsableArguments {
    @Option(help: "The clock runs use: real or virtual.")
    var clock: ClockKind?

    @Option(help: "Output format: human or jsonl (one JSON event per line).")
    var format: PresentationOptions.Format = .human

    @Option(help: "Colour: auto (when stdout is a terminal and NO_COLOR is unset), always or never.")
    var color: ColorChoice = .auto

    @Option(help: "Seed for jitter and failure draws.")
    var seed: UInt64 = 0

    /// The presentation for a session writing to stdout.
    var presentation: PresentationOptions {
        PresentationOptions(format: format, color: color.isEnabled, width: { Terminal.width })
    }

    func executionOptions(defaultClock: ClockKind) -> ExecutionOptions {
        ExecutionOptions(clock: clock ?? defaultClock, seed: seed)
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    var isEnabled: Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto: return Terminal.colorIsWanted
        }
    }
}

extension ClockKind: ExpressibleByArgument {}
extension PresentationOptions.Format: ExpressibleByArgument {}
