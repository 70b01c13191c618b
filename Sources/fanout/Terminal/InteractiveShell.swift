import Dispatch
import FanoutCore
import FanoutShell
import Foundation

/// The REPL on a terminal: banner, init file, line editing with history and completion, live
/// progress, and the keys of DESIGN §7 (Ctrl-C clears the line or cancels the run, Ctrl-D exits).
enum InteractiveShell {
    static func run(
        _ session: Session, version: String, color: Bool, initFile: String?,
        startRecording: (Session) -> Bool
    ) async -> Int32 {
        let completion = Locked(session.completionContext)
        let editor = LineEditor(programName: "fanout", historyFile: historyPath(), continues: Completer.isContinued) { line in
            Completer.candidates(for: line, in: completion.withLock { $0 })
        }
        let progressView = LiveProgressView(color: color) { editor.silenceKeysUntilNextPrompt() }
        let signals = SignalHandlers(session: session, editor: editor, progressView: progressView)
        // A dumb terminal gets the plain log, a line per start and finish.
        if Terminal.canRedraw { session.progressView = progressView }
        // A confirm=true call asks here while the run's other calls go on; Ctrl-C or Ctrl-D answers no.
        session.askApproval = { question in
            progressView.pause()
            let input = await editor.readLine(prompt: question, remembers: false)
            progressView.resume()
            if case .line(let line) = input { return ApprovalAnswer(typed: line) }
            return .no
        }

        // A file sourced at the prompt that starts programs asks first.
        session.askYesNo = { question in
            guard case .line(let line) = await editor.readLine(prompt: question, remembers: false) else { return false }
            return ApprovalAnswer(typed: line) == .yes
        }

        let hint = "type demo to load example handlers, help for commands, Ctrl-D to quit"
        print("fanout \(version) · \(hint)")
        guard startRecording(session) else {
            editor.close()
            return ScriptRunner.Status.usage
        }
        if let initFile, FileManager.default.fileExists(atPath: initFile) {
            await session.runInitFile(at: initFile)
        }
        completion.withLock { $0 = session.completionContext }

        let prompt = color ? "\u{1}\u{1B}[1;36m\u{1}fanout>\u{1}\u{1B}[0m\u{1} " : SessionScript.prompt
        loop: while true {
            switch await editor.readLine(prompt: prompt) {
            case .endOfFile:
                break loop
            case .interrupted:
                continue
            case .notUTF8:
                session.rejectLineThatIsNotUTF8(fix: "set the terminal to UTF-8, which fanout reads")
            case .line(let line):
                let outcome = await session.execute(line)
                completion.withLock { $0 = session.completionContext }
                if outcome == .quit || signals.ending.isSet { break loop }
            }
        }
        session.stopRecording()
        editor.close()
        withExtendedLifetime(signals) {}
        return signals.ending.isSet ? signals.ending.exitStatus : 0
    }

    /// `FANOUT_HISTFILE`, else `$XDG_STATE_HOME/fanout/history`, else `~/.local/state/fanout/history`.
    static func historyPath() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let file = environment["FANOUT_HISTFILE"], !file.isEmpty { return absolute(file) }
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory() + "/.local/state"
        return absolute(state) + "/fanout/history"
    }

    /// `$XDG_CONFIG_HOME/fanout/init`, else `~/.config/fanout/init`.
    static func initPath() -> String {
        let environment = ProcessInfo.processInfo.environment
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory() + "/.config"
        return absolute(config) + "/fanout/init"
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

/// Ctrl-C during a command cancels the run (the editor turns signals off while a line is edited).
/// SIGTERM and SIGHUP during a run cancel it too, and the shell exits once its calls have ended
/// (143, 129); at any other time they restore the terminal and exit at once.
final class SignalHandlers {
    /// Set by SIGTERM or SIGHUP that cancelled a run: the shell exits after the command.
    let ending = ScriptInterrupt.Flag()
    private let sources: [any DispatchSourceSignal]

    init(session: Session, editor: LineEditor, progressView: LiveProgressView) {
        let control = session.runControl
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler { @Sendable in
            // The live block shows the calls ending; the table then says the run was cancelled.
            control.cancel()
        }
        interrupt.resume()
        var sources: [any DispatchSourceSignal] = [interrupt]
        let ending = self.ending
        for number in [SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { @Sendable in
                ending.set(number)
                if control.cancel() { return }
                progressView.restoreCursor()
                editor.close()
                exit(ending.exitStatus)
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }
}
