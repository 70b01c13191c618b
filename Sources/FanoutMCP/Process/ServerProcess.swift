import FanoutCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a server's process ended.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    /// `exited with status 1`, `was killed by signal 9 (SIGKILL)`.
    public var description: String {
        switch self {
        case .exited(let status): return "exited with status \(status)"
        case .signalled(let signal): return "was killed by signal \(signal)" + (Self.names[signal].map { " (\($0))" } ?? "")
        }
    }

    private static let names: [Int32: String] = [
        SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGABRT: "SIGABRT", SIGKILL: "SIGKILL",
        SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGTERM: "SIGTERM", SIGBUS: "SIGBUS",
    ]

    /// A `waitpid` status word (the `WIFEXITED`/`WTERMSIG` macros, which Swift does not import).
    init(waitStatus status: Int32) {
        let signal = status & 0x7F
        self = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }
}

/// A server's process: started with `posix_spawn` in a process group of its own, its standard
/// input, output and error on pipes, and watched for its exit by a thread of its own.
///
/// Its own group: Ctrl-C at fanout's terminal goes to fanout's group only (it cancels a run; it must
/// not kill the servers), and ending the server signals the group, so helpers it started end too.
final class ServerProcess: Sendable {
    let pid: pid_t
    /// fanout's ends of the pipes.
    let input: Int32
    let output: Int32
    let errorOutput: Int32

    private struct State {
        /// Set once the process has exited; from then on it is not signalled (its pid may be reused).
        var status: ExitStatus?
        var exiting = false
    }

    private let state = Locked(State())

    private init(pid: pid_t, input: Int32, output: Int32, errorOutput: Int32) {
        self.pid = pid
        self.input = input
        self.output = output
        self.errorOutput = errorOutput
    }

    /// How it ended; `nil` while it runs.
    var exitStatus: ExitStatus? { state.withLock { $0.status } }

    /// Starts `command` (looked up on `PATH`) with `arguments`, in this process's environment with
    /// `environment` laid over it.
    static func spawn(command: String, arguments: [String], environment: [String: String]) throws(MCPError) -> ServerProcess {
        func makePipe() throws(MCPError) -> (read: Int32, write: Int32) {
            guard let fds = closeOnExecPipe() else {
                throw MCPError(.cannotStart, "cannot start '\(command)': no pipe for it (\(String(cString: strerror(errno))))")
            }
            return fds
        }
        let stdin = try makePipe()
        let stdout = try makePipe()
        let stderr = try makePipe()
        let childEnds = [stdin.read, stdout.write, stderr.write]
        defer { childEnds.forEach { close($0) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, target) in zip(childEnds, [Int32(0), 1, 2]) { posix_spawn_file_actions_adddup2(&actions, fd, target) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        // An interactive fanout ignores SIGINT, SIGTERM and SIGHUP, and ignored signals stay ignored
        // across exec: the server gets the defaults back, or SIGTERM could not end it.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)

        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        let argv = ([command] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let result = posix_spawnp(&pid, command, &actions, &attributes, argv, envp)
        guard result == 0 else {
            [stdin.write, stdout.read, stderr.read].forEach { close($0) }
            let hint = result == ENOENT ? ": no such program; check the name, or give its path" : ""
            throw MCPError(.cannotStart, "cannot start '\(command)': \(String(cString: strerror(result)))\(hint)")
        }
        return ServerProcess(pid: pid, input: stdin.write, output: stdout.read, errorOutput: stderr.read)
    }

    /// Waits for the process to exit on a thread of its own, then reaps it and calls `onExit`.
    func watch(onExit: @escaping @Sendable (ExitStatus) -> Void) {
        let thread = Thread { [self] in
            // Wait without reaping first: until the pid is marked as exiting, `signal` may still use it,
            // and a reaped pid could already belong to another process.
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
            state.withLock { $0.exiting = true }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            let exit = ExitStatus(waitStatus: status)
            state.withLock { $0.status = exit }
            onExit(exit)
        }
        thread.name = "mcp-exit-\(pid)"
        thread.start()
    }

    /// Sends `signal` to the server's process group, unless the server has exited.
    func signal(_ signal: Int32) {
        state.withLock { state in
            guard !state.exiting else { return }
            kill(-pid, signal)
        }
    }

    /// Waits up to `timeout` for the process to exit; returns how it ended, `nil` if it still runs.
    func waitForExit(timeout: Duration) async -> ExitStatus? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = exitStatus { return status }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// The same wait for a plain thread (the reader's), which must not suspend.
    func waitForExitBlocking(timeout: Duration) -> ExitStatus? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = exitStatus { return status }
            guard ContinuousClock.now < deadline else { return nil }
            usleep(1_000)
        }
    }
}

/// A pipe whose two ends are closed on exec, so no server inherits another's pipes (it would keep
/// them open after fanout closes its ends, and that server would never see the end of its input).
/// Glibc's `pipe2` is not imported into Swift: the flag is set just after, and a process started by
/// another thread in between could still inherit them.
func closeOnExecPipe() -> (read: Int32, write: Int32)? {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return nil }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return (fds[0], fds[1])
}
