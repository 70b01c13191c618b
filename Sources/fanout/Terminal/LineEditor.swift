import CEditLine
import Dispatch
import FanoutCore
import Foundation

/// Interactive line editor on top of libedit (BSD editline): emacs key bindings,
/// persistent history with Up/Down and Ctrl-R search, Tab completion, and Ctrl-C /
/// Ctrl-D handling that fits an async REPL.
///
/// ## Threading
/// `el_gets` blocks its thread until the user presses Enter. Every libedit call
/// therefore runs on ONE dedicated, long-lived `Thread` owned by this editor;
/// `readLine(prompt:)` hands the request to that thread and suspends on a
/// continuation, so Swift's cooperative thread pool stays free while a prompt is
/// showing (background tasks keep running). The completer is called on the editor
/// thread too, which is why it must be `@Sendable` and should return quickly.
///
/// ## Terminal state and signals
/// libedit puts the terminal in raw mode only *inside* `el_gets` and restores it
/// when the line is done, so between prompts the terminal is in normal (cooked) mode.
/// The editor is the one owner of the terminal's modes: nothing else calls `tcsetattr`
/// while it lives, and every change is made on its thread, in request order
/// (``silenceKeysUntilNextPrompt()``). libedit takes the modes it finds at each prompt
/// as the user's own, so a mode set behind its back would be adopted for good.
/// - While a prompt is showing, signal generation from the keyboard is off
///   (`stty -isig` in libedit's edit mode): Ctrl-C is an editor key that yields
///   `.interrupted`; Ctrl-\ and Ctrl-Z do nothing.
/// - libedit's own signal handling (`EL_SIGNAL`) is deliberately NOT enabled: its
///   handler re-raises every caught signal with `kill(0, sig)`, i.e. to the whole
///   process group (under `sh -c` that killed the parent shell too), and it installs
///   handlers for SIGINT/SIGTERM/SIGHUP/... over the caller's during every prompt.
///   Consequences: a terminal resize takes effect at the next prompt (libedit
///   re-reads the size in every `el_gets`), and a SIGTERM/SIGHUP with its default
///   action while a prompt is showing would leave the terminal in raw mode. So the
///   caller should catch SIGTERM and SIGHUP (e.g. `signal(sig, SIG_IGN)` plus a
///   `DispatchSource` signal source) and call `close()` before exiting; `close()`
///   works from any thread, even while a prompt is active.
/// - Outside a prompt (a command is running) Ctrl-C produces an ordinary SIGINT.
///   The caller decides what that means (e.g. `signal(SIGINT, SIG_IGN)` plus a
///   `DispatchSource` signal source that cancels the running task).
/// - Call `close()` on every exit path before the process ends (normal exit,
///   `quit`, fatal-error paths, a SIGTERM/SIGINT handler that exits). It restores
///   the terminal's original settings and saves history. It is safe to call more
///   than once and from any thread.
public final class LineEditor: Sendable {
    /// The outcome of one `readLine(prompt:)`.
    public enum Input: Sendable, Equatable {
        /// A line the user entered (without the trailing newline).
        case line(String)
        /// Ctrl-C at the prompt. What was typed is discarded (and not added to history).
        case interrupted
        /// A line with bytes that are not UTF-8 text (shown as U+FFFD while edited). It is
        /// discarded and not added to history.
        case notUTF8
        /// Ctrl-D on an empty line, end of input (stdin not a terminal, terminal
        /// hung up), or the editor was closed before this prompt was shown.
        case endOfFile
    }

    /// Tab-completion callback.
    ///
    /// Contract:
    /// - Input: the text of the current line from its start up to the cursor
    ///   (text after the cursor is not passed and is left untouched).
    /// - Output: candidate replacements for the *last word* of that text, where the
    ///   last word is everything after the last space that is not inside single or
    ///   double quotes and not escaped with a backslash (empty if the text ends in
    ///   such a space). Return full words, not suffixes: for `"call get_w"` return
    ///   `["get_weather"]`, not `["eather"]`. Return `[]` for "no completion".
    /// - Behaviour: one candidate replaces the last word and is followed by a space,
    ///   unless `continues` says it is meant to be continued (a folder's "/", say). Several
    ///   candidates insert their longest common prefix; when there is nothing new to
    ///   insert, the first Tab beeps and a second Tab lists the candidates in
    ///   columns (in the order returned) below the line, then redraws the prompt.
    /// - Runs on the editor's thread while the prompt is active: keep it fast and
    ///   non-blocking (no awaiting, no network).
    public typealias Completer = @Sendable (_ lineBeforeCursor: String) -> [String]

    /// `true` when stdin and stdout are both terminals. If stdout is piped while
    /// stdin is a terminal, libedit disables editing anyway; with stdin not a
    /// terminal `readLine` still returns each input line (no prompt is drawn,
    /// nothing goes to history) and then `.endOfFile`.
    public static var isInteractive: Bool { isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 }

    private let mailbox = Mailbox()
    /// Terminal attributes of stdin when the editor was created; `close()` writes them
    /// back directly if it cannot wait for the editor thread.
    private let originalTerminal: TerminalSnapshot?

    /// Creates the editor and starts its thread. libedit itself is set up on that thread.
    ///
    /// - Parameters:
    ///   - programName: Name libedit uses for `~/.editrc` sections (we do not read
    ///     `.editrc`; the name is still required by `el_init`).
    ///   - historyFile: Absolute path of the history file, or `nil` for in-memory
    ///     history only. Parent directories are created (mode 0700); the file is
    ///     written with mode 0600 after every entered line. The last 1000 lines are
    ///     kept; consecutive duplicates and lines starting with a space are not.
    ///   - continues: Whether a lone candidate is meant to be continued, so no space follows it; by
    ///     default one ending in "/" or "=".
    ///   - completer: Tab-completion callback; see `Completer` for the contract.
    public init(
        programName: String, historyFile: String?,
        continues: @escaping @Sendable (String) -> Bool = { $0.hasSuffix("/") || $0.hasSuffix("=") },
        completer: @escaping Completer
    ) {
        Self.configureLocale()
        originalTerminal = TerminalSnapshot.capture()
        let configuration = EditorSession.Configuration(
            programName: programName,
            historyFile: historyFile,
            completer: completer,
            continues: continues,
            interactive: Self.isInteractive
        )
        let mailbox = self.mailbox
        let thread = Thread { EditorSession.runLoop(configuration, mailbox: mailbox) }
        thread.name = "LineEditor"
        thread.start()
    }

    deinit {
        close()
    }

    /// Shows `prompt` and lets the user edit one line.
    ///
    /// Suspends (without blocking a cooperative-pool thread) until the user presses
    /// Enter, Ctrl-C or Ctrl-D. Calls are served one at a time in call order.
    /// Task cancellation does not end a pending prompt (libedit cannot be woken up
    /// from a blocking read). After `close()` it returns `.endOfFile` at once; a call
    /// whose prompt is on screen when `close()` runs never returns (see `close()`).
    ///
    /// Text between two `"\u{1}"` characters in `prompt` is printed but not counted
    /// as visible width; wrap ANSI color sequences in it.
    /// An answer to a question (`remembers` false) is not added to the history.
    public func readLine(prompt: String, remembers: Bool = true) async -> Input {
        await withCheckedContinuation { continuation in
            let accepted = mailbox.state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.queue.append(.read(prompt: prompt, remembers: remembers, continuation))
                return true
            }
            if accepted {
                mailbox.wakeUp.signal()
            } else {
                continuation.resume(returning: .endOfFile)
            }
        }
    }

    /// Turns off the echo of typed keys until the next prompt (which shows what was typed):
    /// for output that keys echoed into would garble, such as a live progress block.
    /// Asynchronous: the editor thread makes the change, after any earlier request.
    public func silenceKeysUntilNextPrompt() {
        let accepted = mailbox.state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.queue.append(.silenceKeys)
            return true
        }
        if accepted { mailbox.wakeUp.signal() }
    }

    /// Restores the terminal, saves history and stops the editor thread.
    ///
    /// If no prompt is active this waits (briefly) for libedit to shut down cleanly
    /// (`el_end` restores the terminal settings saved at start-up); `readLine` calls
    /// queued behind each other return `.endOfFile`.
    ///
    /// If a prompt is active, e.g. `close()` is called from a SIGTERM handler while
    /// `readLine` is pending, the blocking read cannot be interrupted: `close()`
    /// writes the original terminal settings back directly, moves to a new line and
    /// returns without waiting; the caller is expected to exit. That pending
    /// `readLine` deliberately never returns: resuming it would let the REPL loop run
    /// its own exit path (and `exit(0)`) concurrently with the signal handler's
    /// `exit(143)`.
    /// History was already saved after the last entered line.
    ///
    /// Idempotent; safe from any thread.
    public func close() {
        let closing = mailbox.state.withLock { state -> (pending: [CheckedContinuation<Input, Never>], promptActive: Bool)? in
            // Already closed (say by the REPL, and now again by deinit): nothing to wait for.
            if state.closed { return nil }
            state.closed = true
            var pending: [CheckedContinuation<Input, Never>] = []
            for case .read(_, _, let continuation) in state.queue { pending.append(continuation) }
            state.queue = [.shutdown]
            return (pending, state.active != nil)
        }
        guard let (pending, promptActive) = closing else { return }
        for continuation in pending { continuation.resume(returning: .endOfFile) }
        mailbox.wakeUp.signal()
        if promptActive {
            originalTerminal?.restore()
            // The cursor is still on the prompt line; let later output start below it.
            fputs("\n", fo_stdout())
            fflush(fo_stdout())
        } else {
            mailbox.finished.wait()
        }
    }

    /// Makes libedit decode/encode UTF-8. Must run before `el_init`: libedit works on
    /// wide characters internally and converts with the C library's current LC_CTYPE.
    private static func configureLocale() {
        setlocale(LC_CTYPE, "")
        // With no LANG/LC_* set (cron, some containers, tmux started from a bare
        // environment) the locale is "C" and every non-ASCII byte is mangled. The
        // terminals fanout targets are UTF-8, so prefer a UTF-8 C locale then.
        let current = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "C"
        guard current == "C" || current == "POSIX" else { return }
        for candidate in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, candidate) != nil {
            return
        }
    }
}

// MARK: - Hand-off between async callers and the editor thread

/// Requests for the editor thread, guarded by a mutex; a semaphore wakes the thread.
final class Mailbox: Sendable {
    enum Request: Sendable {
        case read(prompt: String, remembers: Bool, CheckedContinuation<LineEditor.Input, Never>)
        /// Echo off until the next `read`.
        case silenceKeys
        case shutdown
    }

    struct State: Sendable {
        var queue: [Request] = []
        /// Continuation of the prompt being edited right now; resumed by the editor
        /// thread when `el_gets` returns, unless the editor was closed meanwhile.
        var active: CheckedContinuation<LineEditor.Input, Never>?
        var closed = false
    }

    let state = Locked(State())
    /// Signalled once per enqueued request.
    let wakeUp = DispatchSemaphore(value: 0)
    /// Signalled by the editor thread after `el_end`/`history_end`.
    let finished = DispatchSemaphore(value: 0)
}

/// The terminal attributes of stdin, captured before libedit touches them.
struct TerminalSnapshot: Sendable {
    let attributes: termios

    static func capture() -> TerminalSnapshot? {
        guard isatty(STDIN_FILENO) != 0 else { return nil }
        var attributes = termios()
        guard tcgetattr(STDIN_FILENO, &attributes) == 0 else { return nil }
        return TerminalSnapshot(attributes: attributes)
    }

    func restore() {
        var attributes = self.attributes
        _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &attributes)
    }
}

