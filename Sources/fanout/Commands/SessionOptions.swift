import ArgumentParser
import FanoutCore
import FanoutShell

/// Options every way of running sessions shares.
struct SessionOptions: ParsableArguments {
    @Option(help: "The clock runs use: real or virtual.")
    var clock: ClockKind?

    @Option(help: "Output format: human or jsonl (one JSON event per line).")
    var format: PresentationOptions.Format = .human

    @Option(help: "Colour: auto (when stdout is a terminal and NO_COLOR is unset), always or never.")
    var color: ColorChoice = .auto

    // Unconditional, so that `--seed -1` is refused as a seed instead of reading as a missing value.
    @Option(parsing: .unconditional, help: "Seed for jitter and failure draws (default 0; replay takes a transcript's own).")
    var seed: UInt64?

    @Flag(help: "Keep going after a rejected command (scripts stop at the first one otherwise).")
    var keepGoing = false

    @Flag(name: .customLong("yes"), help: "Approve every call of handlers registered with confirm=true, without asking.")
    var approveAll = false

    @Flag(help: "Let the files this runs (replayed, piped or sourced) start programs: exec and http handlers, mcp connect.")
    var allowExec = false

    /// Applies the options that are the session's, not its settings': --yes and --allow-exec.
    func configure(_ session: Session) {
        session.approvesAllCalls = approveAll
        session.allowsExec = allowExec
    }

    /// The presentation for a session writing to stdout.
    var presentation: PresentationOptions {
        PresentationOptions(format: format, color: color.isEnabled, width: { Terminal.width })
    }

    func executionOptions(defaultClock: ClockKind) -> ExecutionOptions {
        ExecutionOptions(clock: clock ?? defaultClock, seed: seed ?? 0)
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
