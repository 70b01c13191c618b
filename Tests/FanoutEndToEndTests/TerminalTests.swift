import FanoutCore
import Foundation
import Testing

extension EndToEnd {
    /// The interactive shell in a real pseudo-terminal: tmux runs fanout, `send-keys` types,
    /// `capture-pane` reads the screen.
    @Suite("Terminal (tmux)", .serialized)
    struct TerminalTests {
        /// One tmux server per test, on its own socket, with fanout's state and config in `home`.
        final class Screen {
            let socket = "fanout-test-\(UUID().uuidString.prefix(8))"
            let home: URL

            init(home: URL) {
                self.home = home
            }

            /// Runs a tmux command and returns what it printed. A command that starts the server must not
            /// capture output: the server would inherit the pipe and keep it open forever.
            @discardableResult
            func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
                try Spawn.run(["/usr/bin/env", "tmux", "-L", socket] + arguments, capture: capture)
            }

            /// Starts fanout in a 100 × 30 terminal; the pane stays after fanout exits, to read its status.
            func start(_ arguments: [String] = [], term: String = "xterm-256color") throws {
                let binary = try FanoutBinary.url().path
                let environment = "XDG_STATE_HOME=\(home.path)/state XDG_CONFIG_HOME=\(home.path)/config TERM=\(term) LANG=C.UTF-8"
                // The shell around fanout writes its exit status to a file (tmux does not always report it);
                // it ignores SIGINT itself, which Ctrl-C sends to the whole foreground group during a run.
                let command = "env \(environment) \(binary) \(arguments.joined(separator: " "))"
                try tmux(["new-session", "-d", "-s", "t", "-x", "100", "-y", "30",
                          "trap : INT; \(command); echo $? > \(statusFile.path)",
                          // The pane stays once its shell is gone: a fanout that exits just after its last
                          // output (SIGTERM) must not take the screen with it before the test has read it.
                          ";", "set-option", "-t", "t", "remain-on-exit", "on"], capture: false)
            }

            func keys(_ keys: String...) throws {
                try tmux(["send-keys", "-t", "t"] + keys)
            }

            var text: String {
                (try? tmux(["capture-pane", "-p", "-N", "-t", "t"])) ?? ""
            }

            /// Waits until the screen satisfies `condition`, or fails after `timeout`.
            func waitFor(_ description: String, timeout: Duration = .seconds(10), _ condition: (String) -> Bool) async throws -> String {
                let deadline = ContinuousClock.now + timeout
                while ContinuousClock.now < deadline {
                    let screen = text
                    if condition(screen) { return screen }
                    try await Task.sleep(for: .milliseconds(100))
                }
                Issue.record("timed out waiting for \(description); the screen shows:\n\(text)")
                throw CancellationError()
            }

            func waitFor(_ fragment: String, timeout: Duration = .seconds(10)) async throws -> String {
                try await waitFor("'\(fragment)'", timeout: timeout) { $0.contains(fragment) }
            }

            var statusFile: URL { home.appendingPathComponent("exit-status") }

            /// The exit status once fanout has exited, or `nil` if it has not within 10 s.
            func exitStatus() async throws -> Int? {
                let deadline = ContinuousClock.now + .seconds(10)
                while ContinuousClock.now < deadline {
                    if let text = try? String(contentsOf: statusFile, encoding: .utf8),
                       let status = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                        try? FileManager.default.removeItem(at: statusFile)
                        return status
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
                Issue.record("fanout did not exit; the screen shows:\n\(text)")
                return nil
            }

            func stop() {
                // Ask the server to end; and end it for sure, with the panes' processes under it.
                let pid = Int32((try? tmux(["display-message", "-p", "#{pid}"]))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
                _ = try? tmux(["kill-server"])
                if let pid, pid > 0 { kill(pid, SIGKILL) }
            }
        }

        func withScreen(_ body: (Screen) async throws -> Void) async throws {
            try await withTemporaryDirectory { home in
                let screen = Screen(home: home)
                defer { screen.stop() }
                try await body(screen)
            }
        }

        @Test func bannerPromptAndTabCompletion() async throws {
            try await withScreen { screen in
                try screen.start()
                let first = try await screen.waitFor("fanout> ")
                #expect(first.contains("fanout 0.1.0"))
                #expect(first.contains("demo"))
                try screen.keys("demo weather", "Enter")
                _ = try await screen.waitFor("loaded get_weather")
                try screen.keys("ca", "Tab")
                _ = try await screen.waitFor("fanout> call ")
                try screen.keys("get_w", "Tab")
                _ = try await screen.waitFor("fanout> call get_weather ")
                try screen.keys("loc", "Tab")
                _ = try await screen.waitFor("fanout> call get_weather location=")
                try screen.keys("Tokyo", "Enter")
                _ = try await screen.waitFor("queued call_1")
                // A reference is left open for a path: no space after it.
                try screen.keys("call get_news topic=$ca", "Tab")
                _ = try await screen.waitFor("fanout> call get_news topic=$call_1")
                try screen.keys(".location", "Enter")
                _ = try await screen.waitFor(#"queued call_2 get_news(topic: $call_1.location)"#)
                // After a run, a reference's path completes with the keys of the stored result.
                try screen.keys("register f latency=0 returns='{\"temperature\": 21}'", "Enter", "call f as w", "Enter", "run", "Enter")
                _ = try await screen.waitFor("critical path")
                try screen.keys("call f x=$w.te", "Tab")
                _ = try await screen.waitFor("fanout> call f x=$w.temperature")
            }
        }

        @Test func historySurvivesARestartWithMode0600() async throws {
            try await withScreen { screen in
                try screen.start()
                _ = try await screen.waitFor("fanout> ")
                try screen.keys("strategy sequential", "Enter")
                _ = try await screen.waitFor("the confirmation") { screen in
                    screen.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "strategy sequential" }
                }
                try screen.keys("C-d")
                #expect(try await screen.exitStatus() == 0)
                // The dead pane stays (remain-on-exit): end its server before starting the next one.
                screen.stop()
                for _ in 0..<50 where (try? screen.tmux(["has-session", "-t", "t"])) != nil {
                    try await Task.sleep(for: .milliseconds(100))
                }

                let history = screen.home.appendingPathComponent("state/fanout/history").path
                let attributes = try FileManager.default.attributesOfItem(atPath: history)
                #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

                try screen.start()
                _ = try await screen.waitFor("fanout> ")
                try screen.keys("Up")
                _ = try await screen.waitFor("fanout> strategy sequential")
                // The history command lists this session's commands, not the file's.
                try screen.keys("C-u", "history", "Enter")
                let listed = try await screen.waitFor("   1  history")
                #expect(!listed.contains("1  strategy sequential"), "\(listed)")
            }
        }

        @Test func initFileErrorsNameTheFileAndLine() async throws {
            try await withScreen { screen in
                let config = screen.home.appendingPathComponent("config/fanout")
                try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
                try Data("strategy sequential\nset limt 3\n".utf8).write(to: config.appendingPathComponent("init"))
                try screen.start()
                // A long path wraps; the pane keeps each row's trailing spaces, so rows join back exactly.
                let shown = try await screen.waitFor("fanout> ").replacingOccurrences(of: "\n", with: "")
                #expect(shown.contains("error: \(config.path)/init:2, column 5: unknown setting 'limt' (did you mean limit?)"), "\(shown)")
            }
        }

        @Test func aRunShowsTheLiveBlockThenTheTable() async throws {
            try await withScreen { screen in
                try screen.start()
                _ = try await screen.waitFor("fanout> ")
                for line in ["demo weather", "call get_weather location=Tokyo", "call get_news topic=ai", "call get_stock_price symbol=AAPL"] {
                    try screen.keys(line, "Enter")
                }
                _ = try await screen.waitFor("queued call_3")
                try screen.keys("run", "Enter")
                let live = try await screen.waitFor("the live block") { $0.contains("Ctrl-C cancels the run") && $0.contains("running") }
                #expect(live.contains("call_3  get_stock_price"))
                let done = try await screen.waitFor("faster than sequential")
                #expect(!done.contains("Ctrl-C cancels the run"), "the live block must be replaced by the table")
                #expect(done.contains("call_3  get_stock_price  ok"))
            }
        }

        /// The window narrowing during a run wraps the live block's lines: the block is still erased
        /// whole when the table takes its place, with no stale frame left above it.
        @Test func aNarrowedWindowLeavesNoStaleFrame() async throws {
            try await withScreen { screen in
                try screen.start()
                _ = try await screen.waitFor("fanout> ")
                for line in ["register fetch_everything_slowly latency=2s"] + Array(repeating: "call fetch_everything_slowly", count: 3) {
                    try screen.keys(line, "Enter")
                }
                _ = try await screen.waitFor("queued call_3")
                try screen.keys("run", "Enter")
                _ = try await screen.waitFor("the live block") { $0.contains("running") }
                try screen.tmux(["resize-window", "-t", "t", "-x", "30", "-y", "30"])
                try await Task.sleep(for: .milliseconds(400))
                try screen.tmux(["resize-window", "-t", "t", "-x", "100", "-y", "30"])
                _ = try await screen.waitFor("faster than sequential")
                let everything = try screen.tmux(["capture-pane", "-p", "-S", "-", "-t", "t"])
                #expect(!everything.contains("running"), "\(everything)")
            }
        }

        /// A dumb terminal cannot move the cursor: a run there prints the plain log, not the live block.
        @Test func aDumbTerminalGetsThePlainLog() async throws {
            try await withScreen { screen in
                try screen.start(["--clock", "virtual"], term: "dumb")
                _ = try await screen.waitFor("fanout> ")
                for line in ["demo weather", "call get_weather location=Tokyo", "run"] {
                    try screen.keys(line, "Enter")
                }
                let done = try await screen.waitFor("same as sequential")
                #expect(done.contains("  0.000s  started   call_1 get_weather(location: \"Tokyo\")"), "\(done)")
                #expect(done.contains("  1.000s  ok        call_1 get_weather (1.000s)"), "\(done)")
                #expect(!done.contains("Ctrl-C cancels the run"), "\(done)")
            }
        }

        /// The line editor is the one owner of the terminal's modes. Keys typed while a big cancelled
        /// run prints its table do not echo into it: each typed command shows after its prompt. Between
        /// commands the terminal is in libedit's cooked mode (Ctrl-D is end of file there), and Ctrl-D at
        /// the prompt exits. Repeated, as a race between two owners showed only some of the time.
        @Test(arguments: 1...3)
        func keysTypedDuringACancelledRunWaitForThePromptAndCtrlDStillExits(attempt: Int) async throws {
            try await withScreen { screen in
                let script = screen.home.appendingPathComponent("many.fanout")
                try Data((["register slow latency=3s"] + Array(repeating: "call slow", count: 3_000)).joined(separator: "\n").utf8)
                    .write(to: script)
                try screen.start()
                _ = try await screen.waitFor("fanout> ")
                try screen.keys("source \(script.path)", "Enter")
                _ = try await screen.waitFor("queued call_3000")
                try screen.keys("run", "Enter")
                _ = try await screen.waitFor("Ctrl-C cancels the run")
                try await Task.sleep(for: .milliseconds(500))
                try screen.keys("C-c")
                for _ in 1...3 {
                    try await Task.sleep(for: .milliseconds(150))
                    try screen.keys("queue", "Enter")
                }
                _ = try await screen.waitFor("three queue commands answered") {
                    $0.components(separatedBy: "the queue is empty").count == 4
                }
                // Nothing typed shows in the table; the first command typed shows after the prompt.
                // (The ones after it echo while it runs, as typed-ahead commands do in any shell.)
                let everything = try screen.tmux(["capture-pane", "-p", "-S", "-", "-t", "t"])
                let rows = everything.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                let summary = try #require(rows.firstIndex { $0.hasSuffix("run cancelled") })
                let firstPrompt = try #require(rows[summary...].firstIndex { $0.hasPrefix("fanout>") })
                #expect(rows[firstPrompt] == "fanout> queue", "\(rows[firstPrompt])")
                #expect(!rows[..<firstPrompt].contains { $0.hasSuffix("queue") }, "\(rows[..<firstPrompt].suffix(10))")

                // A command's run: the terminal must be in cooked mode, end of file on Ctrl-D, echo off.
                try screen.keys("register pause latency=2s", "Enter", "call pause", "Enter", "run", "Enter")
                _ = try await screen.waitFor("the second run") { $0.contains("call_3001") && $0.contains("running") }
                let tty = try screen.tmux(["display-message", "-p", "-t", "t", "#{pane_tty}"]).trimmingCharacters(in: .whitespacesAndNewlines)
                let modes = try Spawn.run(["/usr/bin/env", "stty", "-a", "-F", tty], capture: true)
                #expect(modes.contains("eof = ^D"), "\(modes)")
                #expect(modes.contains(" icanon"), "\(modes)")
                #expect(modes.contains(" -echo "), "\(modes)")
                _ = try await screen.waitFor("the prompt after the run") { screen in
                    screen.contains("critical path call_3001")
                        && screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty } == "fanout>"
                }
                try screen.keys("C-d")
                #expect(try await screen.exitStatus() == 0)
            }
        }

        /// SIGTERM during a run is Ctrl-C's cancel, then an exit with 143 once every call has ended.
        @Test func sigtermDuringARunCancelsItThenExits143() async throws {
            try await withScreen { screen in
                try screen.start()
                _ = try await screen.waitFor("fanout> ")
                try screen.keys("register slow latency=30s", "Enter", "call slow", "Enter", "run", "Enter")
                _ = try await screen.waitFor("Ctrl-C cancels the run")
                let shell = try screen.tmux(["display-message", "-p", "-t", "t", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
                let child = try Spawn.run(["/usr/bin/env", "pgrep", "-P", shell], capture: true).trimmingCharacters(in: .whitespacesAndNewlines)
                let pid = try #require(Int32(child), "no fanout under the pane's shell \(shell)")
                kill(pid, SIGTERM)
                let shown = try await screen.waitFor("run cancelled")
                #expect(shown.contains("call_1  slow  cancelled"), "\(shown)")
                #expect(try await screen.exitStatus() == 143)
            }
        }

        /// Bytes that are not UTF-8 get the same one-line error as in a piped script, instead of being
        /// dropped from the line without a word; the line stays out of the history.
        @Test func aLineThatIsNotUTF8IsRefused() async throws {
            try await withScreen { screen in
                try screen.start()
                _ = try await screen.waitFor("fanout> ")
                try screen.keys("register f", "Enter")
                _ = try await screen.waitFor("registered f")
                try screen.keys("call f x=")
                try screen.tmux(["send-keys", "-t", "t", "-H", "ff", "e9"])
                try screen.keys("abc", "Enter")
                let shown = try await screen.waitFor("error: the line is not valid UTF-8 text")
                #expect(!shown.contains("queued call_1"), "\(shown)")
                try screen.keys("call f x=héllo", "Enter")
                _ = try await screen.waitFor(#"queued call_1 f(x: "héllo")"#)
                // Two lines back in the history is the line before the refused one.
                try screen.keys("Up", "Up")
                _ = try await screen.waitFor("the prompt showing register f") { screen in
                    let rows = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                    return rows.last { !$0.isEmpty } == "fanout> register f"
                }
            }
        }

        /// A confirm=true call asks below the live block while the other calls go on; the answer
        /// decides it, and stays out of the history.
        @Test func aConfirmedCallAsksWhileOthersRun() async throws {
            try await withScreen { screen in
                try screen.start()
                _ = try await screen.waitFor("fanout> ")
                try screen.keys("register delete_file latency=100ms confirm=true", "Enter")
                try screen.keys("register quick latency=100ms", "Enter")
                try screen.keys("call delete_file path=notes.txt", "Enter")
                try screen.keys("call quick", "Enter")
                try screen.keys("call delete_file path=todo.txt", "Enter")
                _ = try await screen.waitFor("queued call_3")
                try screen.keys("run", "Enter")
                _ = try await screen.waitFor(#"run delete_file(path: "notes.txt")? [y/N/a(ll)]"#)
                try screen.keys("y", "Enter")
                _ = try await screen.waitFor(#"run delete_file(path: "todo.txt")? [y/N/a(ll)]"#)
                try screen.keys("n", "Enter")
                let done = try await screen.waitFor("critical path")
                #expect(done.contains("call_1  delete_file  ok"))
                #expect(done.contains("call_2  quick        ok"))
                #expect(done.contains("call_3  delete_file  error"))
                try screen.keys("Up")
                _ = try await screen.waitFor("fanout> run")
                try screen.keys("C-u", "C-d")
                #expect(try await screen.exitStatus() == 0)
            }
        }

        @Test func ctrlCCancelsARunAndCtrlDExits() async throws {
            try await withScreen { screen in
                try screen.start()
                _ = try await screen.waitFor("fanout> ")
                try screen.keys("register slow latency=5s", "Enter")
                try screen.keys("call slow", "Enter")
                try screen.keys("call slow", "Enter")
                _ = try await screen.waitFor("queued call_2")
                try screen.keys("run", "Enter")
                _ = try await screen.waitFor("Ctrl-C cancels the run")
                let pressed = ContinuousClock.now
                try screen.keys("C-c")
                let after = try await screen.waitFor("run cancelled")
                #expect(pressed.duration(to: .now) < TimingSlack.bound(.seconds(3)), "a 5 s run must end soon after Ctrl-C")
                #expect(after.contains("call_1  slow  cancelled"))
                #expect(after.contains("call_2  slow  cancelled"))
                try screen.keys("C-c")  // a second Ctrl-C at the prompt only clears the line
                try screen.keys("half typed", "C-c")
                _ = try await screen.waitFor("fanout> half typed")
                try screen.keys("C-d")
                #expect(try await screen.exitStatus() == 0)
            }
        }
    }
}

/// posix_spawn and waitpid: Foundation's `Process` waits for its child through a run loop, which
/// hung here once tmux's client had forked its server.
enum Spawn {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ arguments: [String], capture: Bool) throws -> String {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(description: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        markDescriptorsCloseOnExec()
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        close(fds[1])
        defer { close(fds[0]) }
        guard status == 0 else { throw Failure(description: "cannot start \(arguments[0]): \(status)") }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fds[0], &buffer, buffer.count)
            if count <= 0 { break }
            output += buffer[..<count]
        }
        var exitStatus: Int32 = 0
        waitpid(pid, &exitStatus, 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// tmux's server lives on after the command: it must not inherit this process's other descriptors
    /// (pipes of other runs), or their readers would never see end of file.
    private static func markDescriptorsCloseOnExec() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for entry in entries {
            guard let descriptor = Int32(entry), descriptor > 2 else { continue }
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}
