import FanoutCore
import FanoutMCP
import FanoutTools
import OrderedCollections

/// A fanout session: handlers, queued calls, settings and results, driven one command line at a time.
///
/// It reads no terminal and writes to none: lines come in through ``execute(_:)``, text goes out
/// through its ``OutputSink``. The executable wires both to the terminal; tests feed plain strings.
public final class Session {
    /// What became of a command line.
    public enum Outcome: Equatable, Sendable {
        case ok
        /// The command was refused and changed nothing; the message says why.
        case rejected(String)
        /// `quit`, `exit`, or end of input.
        case quit
    }

    var registry = HandlerRegistry()
    var queue: [ToolCall] = []
    /// Every call that has run, with its result, by id.
    var results: [String: FinishedCall] = [:]
    var runCount = 0
    /// Every id ever queued: `nextCallID` looks through the queue only for an id in here, so
    /// queueing stays constant-time with 100,000 calls queued.
    var everQueuedIDs: Set<String> = []
    /// Alias → call id, for queued and finished calls alike.
    var aliases: [String: String] = [:]
    var options: ExecutionOptions
    /// The backoff `set retries` uses (`set backoff`), kept while retries are off.
    var retryBackoff: ClosedRange<Duration> = .milliseconds(100) ... .seconds(2)
    var nextCallNumber = 1
    var lastReport: RunReport?
    /// Every run of the session with its calls, for `export trace --all`.
    var runHistory: [ChromeTrace.Run] = []
    /// The last `import`: its format is `export results`' default, and its made-up ids stay out of replies.
    var lastImport: ToolCallBatch?
    /// The calls of the last run, as queued, for `rerun`.
    var lastRunCalls: [ToolCall] { runHistory.last?.calls ?? [] }
    /// The commands of this session, for `history`: typed, piped or replayed, not sourced.
    var commandHistory: [String] = []
    /// The most calls a run simulates again one at a time, for its summary's comparison with
    /// sequential: simulating a huge queue again is not worth it for one figure.
    var sequentialSimulationLimit = 20_000
    /// Calls of earlier runs whose blocking handler was still running when their run ended: some may
    /// still hold an offload thread (forgotten once the pool is found idle).
    var blockedByEarlierRuns: [String] = []
    /// On the virtual clock, the threads blocking handlers of earlier runs still hold: the next virtual
    /// run (and what plan and compare simulate) starts with them taken, as on a real machine.
    var threadsHeldInSimulation: [HeldThread] = []
    /// The 1-based number of the line being executed, for `command_error` events.
    public internal(set) var lineNumber = 0
    /// The files being sourced, outermost first, with the folder each is in and the line running in it.
    var sourceStack: [(path: String, identity: String, folder: String, line: Int)] = []
    /// The folder of the file whose commands run at the top level (a replay, a transcript being
    /// checked, the init file): a `source` in it names files from there, as `#include` does, so the
    /// file gives the same output from any folder. `nil` for typed and piped commands.
    public var scriptFolder: String?
    var sourceDepth: Int { sourceStack.count }
    /// MCP servers connected with `mcp connect`, by name, in the order connected; a server that
    /// ended stays listed (with why) until disconnected or connected again.
    var mcpServers: OrderedDictionary<String, MCPClient> = [:]
    /// The connection pool every http handler of the session shares, made when the first is
    /// registered. Its per-host limit is above any limit a session sets in practice, as a call
    /// waiting for a pooled connection spends its timeout there; connections open only when needed.
    lazy var httpSession = HTTPSession(maximumConnectionsPerHost: 256)
    var hasHTTPSession = false
    /// Writes the transcript while `record` is on.
    var recorder: TranscriptRecorder?
    /// Set while a top-level `record` command runs. Transcripts leave out `record` commands (a replay
    /// must not start recording), so their output and errors stay out too: in the file they would
    /// read as the output of whatever command came before.
    var transcriptIsPaused = false
    /// Where output goes besides the sink: the transcript, unless paused.
    var transcript: TranscriptRecorder? { transcriptIsPaused ? nil : recorder }
    /// The init file and the line of it running: its errors then name both, as `source`'s do.
    var initFileLine: (path: String, line: Int)?

    let presentation: PresentationOptions
    let sink: any OutputSink
    /// Offload pools by width, one for each `threads` setting runs used. A run's blocking calls share
    /// threads with the earlier runs of its setting, and wait for those still blocked, as asyncio's
    /// calls share its default executor until another replaces it.
    private var offloadPools: [Int: OffloadPool] = [:]
    let style: Style
    /// Cancels the run in progress, from any thread (the executable's Ctrl-C handler).
    public let runControl = RunControl()
    /// Whether errors name their line (`error: line 3, column 1: …`): for scripts read from a pipe,
    /// where no prompt shows which command failed.
    public var reportsLineNumbers = false
    /// Shows a run while it goes; the plain log when `nil`.
    public var progressView: (any RunProgressView)?
    /// Lets commands from files start programs (`--allow-exec`): `register … exec=`/`http=` and
    /// `mcp connect` in a replayed, piped, sourced or checked file.
    public var allowsExec = false
    /// Whether the top-level commands come from a file or a pipe (a replay, a piped script, a
    /// transcript being checked), not from a person typing them.
    public var commandsComeFromFile = false
    /// Asks the person at the terminal a yes-or-no question (whether a sourced file may start
    /// programs); `nil` where nobody can answer.
    public var askYesNo: (@Sendable (String) async -> Bool)?
    /// The depth of the `source` a person allowed to start programs, while it runs.
    var sourceAllowedToStartPrograms: Int?
    /// Approves every call of a `confirm=true` handler without asking (`--yes`).
    public var approvesAllCalls = false
    /// Asks the person at the terminal whether a `confirm=true` call may run, while the run's other
    /// calls go on; `nil` where nobody can answer (a script), and such calls are then denied.
    public var askApproval: (@Sendable (String) async -> ApprovalAnswer)?

    /// - Parameters:
    ///   - options: starting settings (clock, seed…); `run` numbers and call ids start at 1.
    public init(sink: any OutputSink, presentation: PresentationOptions = PresentationOptions(), options: ExecutionOptions = ExecutionOptions()) {
        self.sink = sink
        self.presentation = presentation
        self.options = options
        style = Style(enabled: presentation.color && presentation.format == .human)
    }

    /// Runs one command line. Errors are written to the sink and returned as `.rejected`.
    @discardableResult
    public func execute(_ line: String) async -> Outcome {
        lineNumber += 1
        if sourceDepth == 0 { runControl.clearInterrupt() }
        // Only top-level commands are recorded: a sourced file's lines show as the source's output.
        let pausesTranscript = sourceDepth == 0 && Session.isRecordCommand(line)
        if pausesTranscript {
            transcriptIsPaused = true
        } else if let recorder, sourceDepth == 0 {
            recorder.recordCommand(line)
        }
        defer { if pausesTranscript { transcriptIsPaused = false } }
        if sourceDepth == 0, initFileLine == nil, (try? CommandLexer.words(in: line).isEmpty) != true {
            commandHistory.append(line)
        }
        do {
            return try await perform(line)
        } catch {
            if !error.alreadyReported { reject(error) }
            return .rejected(error.text)
        }
    }

    /// Runs one line given as raw bytes, refusing bytes that are not UTF-8.
    @discardableResult
    public func execute(bytes: [UInt8]) async -> Outcome {
        guard let line = String(validating: bytes, as: UTF8.self) else { return rejectLineThatIsNotUTF8() }
        return await execute(line)
    }

    /// Refuses a line whose bytes are not UTF-8, as read from a file, a pipe or the keyboard.
    /// - Parameter fix: what to check, for the error: the file's encoding by default.
    @discardableResult
    public func rejectLineThatIsNotUTF8(fix: String = "check the file's encoding") -> Outcome {
        lineNumber += 1
        let error = CommandError("the line is not valid UTF-8 text: \(fix)")
        // The line cannot be written to the transcript, so neither can its error.
        transcriptIsPaused = true
        defer { transcriptIsPaused = false }
        reject(error)
        return .rejected(error.text)
    }

    func perform(_ line: String) async throws(CommandError) -> Outcome {
        let words = try CommandLexer.words(in: line)
        guard let first = words.first else { return .ok }
        let arguments = Array(words.dropFirst())
        guard let command = CommandCatalog.command(named: first.text) else {
            let hint = Suggestions.didYouMean(first.text, in: CommandCatalog.names)
            throw CommandError("unknown command \(first.text.quotedExcerpt)\(hint); type help for the list", column: first.column)
        }
        return try await run(command, arguments, line: line)
    }

    private func run(_ command: CommandCatalog.Command, _ arguments: [Word], line: String) async throws(CommandError) -> Outcome {
        if Session.startsProcess(command, arguments) { try checkConsentToStartPrograms() }
        switch command {
        case .help: try help(arguments)
        case .register: try register(arguments)
        case .unregister: try unregister(arguments)
        case .handlers: try listHandlers(arguments)
        case .demo: try demo(arguments)
        case .call: try queueCall(arguments)
        case .queue: try expectNoArguments(arguments, for: command); showQueue()
        case .drop: try drop(arguments)
        case .clear: try expectNoArguments(arguments, for: command); clearQueue()
        case .strategy: try strategy(arguments)
        case .set: try set(arguments)
        case .clock: try clock(arguments)
        case .plan: try expectNoArguments(arguments, for: command); try await plan()
        case .run: try expectNoArguments(arguments, for: command); try await runQueue()
        case .rerun: try expectNoArguments(arguments, for: command); try rerun()
        case .history: try showHistory(arguments)
        case .compare: try await compare(arguments)
        case .results: try showResults(arguments)
        case .show: try show(arguments)
        case .import: try importCalls(arguments)
        case .export: try export(arguments)
        case .source: return try await source(arguments)
        case .record: try record(arguments)
        case .mcp: try await mcp(arguments)
        case .quit, .exit: try expectNoArguments(arguments, for: command); return .quit
        }
        return .ok
    }

    func expectNoArguments(_ arguments: [Word], for command: CommandCatalog.Command) throws(CommandError) {
        guard let extra = arguments.first else { return }
        throw CommandError("\(command.rawValue) takes no arguments; usage: \(command.usage)", column: extra.column)
    }

    /// For commands of the shape `NAME [ARGUMENT]`: refuses a second argument, pointing at it.
    func expectAtMostOneArgument(_ arguments: [Word], for command: CommandCatalog.Command) throws(CommandError) {
        guard arguments.count > 1 else { return }
        throw CommandError("\(command.rawValue) takes at most one argument; usage: \(command.usage)", column: arguments[1].column)
    }

    // MARK: Output

    /// Writes a line of human output (nothing in `jsonl` format, whose stdout carries only events).
    func say(_ text: String) {
        guard presentation.format == .human else { return }
        write(text + "\n", to: .standard)
    }

    /// Writes a line that belongs on stdout in every format.
    func emit(_ text: String) {
        write(text + "\n", to: .standard)
    }

    /// Every piece of output passes here: to the sink, and to the transcript while recording.
    /// The transcript is written first: a fanout killed between the two (kill -9) then loses no line
    /// that was shown.
    func write(_ text: String, to channel: OutputChannel) {
        transcript?.write(text)
        sink.write(text, to: channel)
    }

    /// Writes `screen` for the user and `transcript` to the transcript, when they differ (a table
    /// fitted to a wide terminal on screen, at the 80 columns `check` uses in the file).
    func say(screen: [String], transcript: [String]) {
        guard presentation.format == .human else { return }
        self.transcript?.write(transcript.map { $0 + "\n" }.joined())
        sink.write(screen.map { $0 + "\n" }.joined(), to: .standard)
    }

    private static func isRecordCommand(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed == "record" || trimmed.hasPrefix("record ") || trimmed.hasPrefix("record\t")
    }

    func reject(_ error: CommandError) {
        switch presentation.format {
        case .human:
            var text = error.text.oneLine
            if let file = sourceStack.last.map({ (path: $0.path, line: $0.line) }) ?? initFileLine {
                text = error.column.map { "\(file.path):\(file.line), column \($0): \(error.message.oneLine)" } ?? "\(file.path):\(file.line): \(error.message.oneLine)"
            } else if reportsLineNumbers {
                text = error.column.map { "line \(lineNumber), column \($0): \(error.message.oneLine)" } ?? "line \(lineNumber): \(error.message.oneLine)"
            }
            // A transcript shows the error as a replay will print it: no line numbers of the piped
            // script it was typed into, but the place inside a sourced file. (Written first, as `write` says.)
            transcript?.write("error: " + (sourceStack.isEmpty ? error.text.oneLine : text) + "\n")
            sink.write(style.error("error: ") + text + "\n", to: .error)
        case .jsonl:
            let message = JSONValue.quoted(error.text)
            write("{\"event\":\"command_error\",\"line\":\(lineNumber),\"message\":\(message)}\n", to: .standard)
        }
    }
}

/// A call that has run: what was asked, how it ended, and in which run.
struct FinishedCall {
    var call: ToolCall
    var result: CallResult
    var run: Int
}

/// A handle on the run in progress (or another command that waits, such as `mcp connect`) that any
/// thread may use to cancel it.
public final class RunControl: Sendable {
    private let current = Locked<(@Sendable () -> Void)?>(nil)

    public init() {}

    private let interrupted = Locked(false)

    /// Cancels the run in progress, if any; returns whether there was one. A sourced file stops too.
    @discardableResult
    public func cancel() -> Bool {
        interrupted.withLock { $0 = true }
        guard let cancel = current.withLock({ $0 }) else { return false }
        cancel()
        return true
    }

    /// Whether a run was cancelled since the current top-level command began.
    var wasInterrupted: Bool { interrupted.withLock { $0 } }

    func clearInterrupt() { interrupted.withLock { $0 = false } }

    func begin(_ run: ExecutionRun) { current.withLock { $0 = { run.cancel() } } }
    /// For a command that waits on `task`: cancelling cancels the task.
    func begin<Success, Failure>(_ task: Task<Success, Failure>) { current.withLock { $0 = { task.cancel() } } }
    func end() { current.withLock { $0 = nil } }
}

extension Session {
    /// The offload pool of the current `threads` setting.
    var offloadPool: OffloadPool { offloadPool(width: options.effectiveThreads) }

    /// The session's offload pool `width` threads wide, made when first needed.
    func offloadPool(width: Int) -> OffloadPool {
        if let pool = offloadPools[width] { return pool }
        let pool = OffloadPool(maximumThreads: width)
        offloadPools[width] = pool
        return pool
    }
}
