import FanoutCore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an end-to-end run could not even produce a result.
struct FanoutProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// What one run of the `fanout` binary printed, and how it ended.
struct FanoutResult: Sendable {
    /// The program run: `fanout`, or another (such as `python3`) run the same way.
    var program = "fanout"
    var arguments: [String]
    var stdoutData: Data
    var stderrData: Data
    /// The exit status, or the signal number when `signalled`.
    var status: Int32
    /// Whether the process died of a signal (a crash) instead of exiting.
    var signalled: Bool

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    /// stdout split into lines, without the empty string after a final newline.
    var stdoutLines: [String] { Self.lines(stdout) }
    /// stderr split into lines, without the empty string after a final newline.
    var stderrLines: [String] { Self.lines(stderr) }

    /// A compact account of the run for failure messages.
    var summary: String {
        """
        \(program) \(arguments.joined(separator: " ")) → \(signalled ? "signal" : "exit") \(status)
        --- stdout (\(stdoutData.count) bytes) ---
        \(stdout.prefix(4_000))
        --- stderr (\(stderrData.count) bytes) ---
        \(stderr.prefix(4_000))
        """
    }

    private static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// Finds the `fanout` executable the tests run.
///
/// In order: `$FANOUT_BINARY`; the build directory of the running test executable (so
/// `swift test --scratch-path X` tests the binary built into `X`); `<package root>/.build/debug/fanout`.
/// A binary that cannot be found is a test failure with instructions, never a skip.
enum FanoutBinary {
    static let located: Result<URL, FanoutProcessError> = locate()

    static func url() throws -> URL { try located.get() }

    private static func locate() -> Result<URL, FanoutProcessError> {
        let environment = ProcessInfo.processInfo.environment
        if let override = environment["FANOUT_BINARY"], !override.isEmpty {
            guard isExecutableFile(override) else {
                return .failure(FanoutProcessError("FANOUT_BINARY is '\(override)', which is not an executable file"))
            }
            return .success(URL(fileURLWithPath: override))
        }
        var tried: [String] = []
        for directory in testBuildDirectories() {
            let candidate = directory.appendingPathComponent("fanout")
            tried.append(candidate.path)
            if isExecutableFile(candidate.path) { return .success(candidate) }
        }
        if let root = packageRoot() {
            let candidate = root.appendingPathComponent(".build/debug/fanout")
            tried.append(candidate.path)
            if isExecutableFile(candidate.path) { return .success(candidate) }
        }
        return .failure(FanoutProcessError("""
            cannot find the fanout executable; tried: \(tried.joined(separator: ", ")). \
            Build it first (swift build --build-tests builds it along with the tests), \
            or set FANOUT_BINARY to its path.
            """))
    }

    /// The directory holding the running test executable: on Linux `…/debug/<pkg>PackageTests.xctest`
    /// is itself the executable; on macOS it is a bundle whose executable lies in `Contents/MacOS`.
    private static func testBuildDirectories() -> [URL] {
        var starts: [String] = []
        if let first = CommandLine.arguments.first { starts.append(first) }
        if let path = Bundle.main.executablePath { starts.append(path) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") { starts.append(bundle.bundlePath) }
        var directories: [URL] = []
        for start in starts {
            let url = URL(fileURLWithPath: start).standardizedFileURL
            var bundleParent: URL?
            var walk = url
            while walk.pathComponents.count > 1 {
                if walk.lastPathComponent.hasSuffix(".xctest") { bundleParent = walk.deletingLastPathComponent() }
                walk = walk.deletingLastPathComponent()
            }
            for directory in [bundleParent, url.deletingLastPathComponent()].compactMap({ $0 })
            where !directories.contains(directory) {
                directories.append(directory)
            }
        }
        return directories
    }

    /// The nearest folder above this file that holds `Package.swift`.
    static func packageRoot() -> URL? {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.pathComponents.count > 1 {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}

/// Runs the `fanout` binary as a subprocess.
enum FanoutProcess {
    /// How long a run may take before it is killed and the test fails.
    static let defaultTimeout: TimeInterval = 30

    /// Runs `fanout arguments…` with `stdin` as its standard input (closed after it is written).
    static func run(
        _ arguments: [String] = [], stdin: String = "", environment: [String: String] = [:],
        in directory: URL? = nil, timeout: TimeInterval = defaultTimeout, interrupt: Interrupt? = nil
    ) async throws -> FanoutResult {
        try await run(arguments, stdinBytes: Data(stdin.utf8), environment: environment, in: directory,
                      timeout: timeout, interrupt: interrupt)
    }

    /// Sends `signal` to the child once its stdout contains `whenStdoutContains`.
    struct Interrupt: Sendable {
        var signal: Int32 = SIGINT
        var whenStdoutContains: String
        /// Whether stdin stays open after the signal, until the child exits: for a child waiting for
        /// input, which must end of the signal alone, not of the end of its input.
        var keepsInputOpen = false
    }

    /// Runs `fanout arguments…` with raw bytes as its standard input, closed after they are written
    /// (with `interrupt`, only once the signal has been sent).
    static func run(
        _ arguments: [String] = [], stdinBytes: Data, environment: [String: String] = [:],
        in directory: URL? = nil, timeout: TimeInterval = defaultTimeout, interrupt: Interrupt? = nil
    ) async throws -> FanoutResult {
        try await run(executable: try FanoutBinary.url(), arguments, stdinBytes: stdinBytes, environment: environment,
                      in: directory, timeout: timeout, interrupt: interrupt)
    }

    /// Runs any program the way `run` runs fanout: the vendors' SDK checks run Python this way.
    static func run(
        executable binary: URL, _ arguments: [String], stdinBytes: Data = Data(), environment: [String: String] = [:],
        in directory: URL? = nil, timeout: TimeInterval = defaultTimeout, interrupt: Interrupt? = nil
    ) async throws -> FanoutResult {
        _ = ignoreSIGPIPE
        // Blocking waits happen on a thread of our own, never on the cooperative pool.
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    try runBlocking(binary: binary, arguments: arguments, input: stdinBytes,
                                    environment: environment, directory: directory, timeout: timeout,
                                    interrupt: interrupt)
                })
            }
            thread.start()
        }
    }

    /// A child that exits without reading all its input must not kill the test process.
    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    private static func runBlocking(
        binary: URL, arguments: [String], input: Data, environment: [String: String],
        directory: URL?, timeout: TimeInterval, interrupt: Interrupt?
    ) throws -> FanoutResult {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var fullEnvironment = ProcessInfo.processInfo.environment
        fullEnvironment["NO_COLOR"] = "1"
        fullEnvironment.removeValue(forKey: "COLUMNS")
        fullEnvironment.merge(environment) { _, new in new }
        process.environment = fullEnvironment
        if let directory { process.currentDirectoryURL = directory }

        let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }

        try process.run()
        // Both pipes are drained at once, and stdin is written on its own thread, so a child that
        // writes a lot before reading (or reads a lot before writing) cannot deadlock with us.
        let stdoutReader = PipeReader(stdoutPipe.fileHandleForReading)
        let stderrReader = PipeReader(stderrPipe.fileHandleForReading)
        let writer = stdinPipe.fileHandleForWriting
        Thread {
            try? writer.write(contentsOf: input)
            if interrupt == nil { try? writer.close() }
        }.start()
        let pid = process.processIdentifier
        if let interrupt {
            // Watches stdout; stdin stays open until the signal is sent, so the child cannot end first.
            Thread {
                while !stdoutReader.isFinished {
                    if stdoutReader.snapshot().contains(interrupt.whenStdoutContains) {
                        kill(pid, interrupt.signal)
                        break
                    }
                    usleep(5_000)
                }
                if !interrupt.keepsInputOpen { try? writer.close() }
            }.start()
        }

        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
        }
        if interrupt != nil { try? writer.close() }
        let stdout = stdoutReader.wait(seconds: 10)
        let stderr = stderrReader.wait(seconds: 10)
        let result = FanoutResult(
            program: binary.lastPathComponent, arguments: arguments, stdoutData: stdout ?? Data(), stderrData: stderr ?? Data(),
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal)
        if timedOut {
            throw FanoutProcessError("\(binary.lastPathComponent) did not finish within \(Int(timeout))s and was killed\n\(result.summary)")
        }
        guard let _ = stdout, let _ = stderr else {
            throw FanoutProcessError("\(binary.lastPathComponent) exited but left its output pipes open\n\(result.summary)")
        }
        return result
    }
}

/// Reads a pipe to its end on a thread of its own; what has arrived so far can be looked at meanwhile.
private final class PipeReader: Sendable {
    private struct State {
        var data = Data()
        var finished = false
    }

    private let state = Locked(State())
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            while true {
                let chunk = handle.availableData
                state.withLock { state in
                    if chunk.isEmpty { state.finished = true } else { state.data.append(chunk) }
                }
                if chunk.isEmpty { break }
            }
            done.signal()
        }.start()
    }

    var isFinished: Bool { state.withLock { $0.finished } }

    func snapshot() -> String { state.withLock { String(decoding: $0.data, as: UTF8.self) } }

    func wait(seconds: TimeInterval) -> Data? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return state.withLock { $0.data }
    }
}

// MARK: - Shared fixtures and checks

enum Fixtures {
    /// The lesson's exercise: three independent calls, and one that needs get_orders' result.
    static let shopCommands = [
        "demo shop",
        "call get_user user_id=user_123",
        "call get_orders user_id=user_123 as orders",
        "call get_weather location=Tokyo",
        "call get_recommendations user_id=user_123 order_history=$orders.orders",
        "plan",
        "run",
    ]

    static var shopScript: String { script(shopCommands) }

    /// A run in which one call fails, one is skipped because it needed the failed one, one succeeds.
    static let failingCommands = [
        "register flaky fail=always latency=1s",
        "register dep",
        "call flaky as f",
        "call dep x=$f.y",
        "call dep",
        "run",
    ]

    static func script(_ commands: [String]) -> String {
        commands.joined(separator: "\n") + "\n"
    }
}

/// A fresh temporary folder, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("fanout-e2e-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

extension FanoutResult {
    /// Records an issue (with the whole run in the message) unless the process exited with `expected`.
    func expectExit(_ expected: Int32, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!signalled && status == expected, "expected exit \(expected)\n\(summary)", sourceLocation: sourceLocation)
    }
}

/// The parent of every end-to-end suite. Serialized: one `fanout` process at a time, so these tests
/// do not crowd the CPU that real-clock tests in the other targets (same test process) measure on.
@Suite("End to end", .serialized)
enum EndToEnd {}
