import FanoutCore
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One server's process and the JSON-RPC conversation with it: requests by integer id, so any
/// number overlap, each ending exactly once (answered, abandoned, or failed when the server goes).
///
/// Three threads serve it: the ``InputWriter``, the ``OutputReader`` (which dispatches every
/// incoming message, see `MCPConnection+Incoming.swift`) and the process's exit watcher. The
/// ``RequestTable`` decides; this type carries out what it says, outside its lock.
final class MCPConnection: Sendable {
    typealias Waiter = CheckedContinuation<Result<JSONValue, MCPError>, Never>

    /// The server's name in fanout (`files` for tools `files.read`).
    let name: String
    let process: ServerProcess
    let table = Locked(RequestTable<Waiter>())
    let log: Locked<MCPLog>
    /// Set by the reader at the end of the server's output: the exit watcher waits for it briefly, so
    /// answers written just before the exit are still read.
    let outputEnded = Atomic<Bool>(false)
    private let writerBox = Locked<InputWriter?>(nil)
    private let readerBox = Locked<OutputReader?>(nil)

    private init(name: String, process: ServerProcess, logCapacity: Int) {
        self.name = name
        self.process = process
        log = Locked(MCPLog(capacity: logCapacity))
    }

    /// Starts the server and the threads that serve it.
    static func start(
        name: String, command: String, arguments: [String], environment: [String: String], logCapacity: Int
    ) throws(MCPError) -> MCPConnection {
        let process = try ServerProcess.spawn(command: command, arguments: arguments, environment: environment)
        let connection = MCPConnection(name: name, process: process, logCapacity: logCapacity)
        // The threads hold the connection until they end: the reader at the end of the server's
        // output, the watcher at its exit, the writer when its input is closed.
        connection.writerBox.withLock { writer in
            writer = InputWriter(fd: process.input, name: name) { connection.serverGone(.stoppedReading) }
        }
        connection.readerBox.withLock { reader in
            reader = OutputReader(output: process.output, errorOutput: process.errorOutput, name: name, handlers: .init(
                outputLine: { connection.receive($0) },
                outputOverflow: { connection.note("a line of output over \(OutputReader.maximumLine >> 20) MiB, not a message: dropped") },
                errorLine: { connection.append(MCPLogEntry(source: .stderr, text: String(decoding: $0, as: UTF8.self))) },
                outputClosed: {
                    connection.outputEnded.store(true, ordering: .releasing)
                    connection.serverGone(.closedOutput)
                }))
        }
        process.watch { _ in
            // Answers written just before the exit are still in the pipe: let the reader get to them.
            let deadline = ContinuousClock.now + .milliseconds(50)
            while !connection.outputEnded.load(ordering: .acquiring), ContinuousClock.now < deadline { usleep(500) }
            connection.serverGone(.exited)
        }
        return connection
    }

    private var writer: InputWriter? { writerBox.withLock { $0 } }

    /// How many requests wait for their answer.
    var inFlight: Int { table.withLock { $0.inFlight } }

    /// Why the connection ended; `nil` while it stands.
    var ending: RequestTable<Waiter>.Ending? { table.withLock { $0.ending } }

    /// Sends request `method` and waits for its answer. Cancelling the waiting task ends the request
    /// at once with `.cancelled` and tells the server (`notifications/cancelled`); the connection stays usable.
    func request(_ method: String, params: JSONObject, progress: MCPProgressHandler? = nil) async throws(MCPError) -> JSONValue {
        let id = table.withLock { $0.makeID() }
        var params = params
        if progress != nil { params["_meta"] = ["progressToken": .int(id)] }
        let message = Self.line(["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": .object(params)])
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: Waiter) in
                switch table.withLock({ $0.register(id, method: method, waiter: waiter, progress: progress) }) {
                case .send:
                    // A broken writer ends the connection (see `serverGone`), which ends this request too.
                    writer?.send(message)
                case .fail(let waiter, let error):
                    waiter.resume(returning: .failure(error))
                }
            }
        } onCancel: {
            abandon(id, because: MCPError(.cancelled, "the request was cancelled"))
        }
        return try result.get()
    }

    /// Ends request `id` with `error` if it is still waiting, and tells the server to stop working on it.
    func abandon(_ id: Int, because error: MCPError) {
        guard let waiter = table.withLock({ $0.abandon(id, because: error) }) else { return }
        waiter.resume(returning: .failure(error))
        let reason: JSONValue = error.reason == .cancelled ? "cancelled by the client" : .string(error.message)
        notify("notifications/cancelled", params: ["requestId": .int(id), "reason": reason])
    }

    /// Sends a notification (a message that gets no answer).
    func notify(_ method: String, params: JSONObject? = nil) {
        var message: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { message["params"] = .object(params) }
        writer?.send(Self.line(message))
    }

    /// Sends `message` as is: an answer to one of the server's requests.
    func send(_ message: JSONObject) {
        writer?.send(Self.line(message))
    }

    /// Ends every request in flight with `ending.inFlight`, and later ones with `ending.afterwards`.
    /// Only the first ending counts: returns whether this was it.
    @discardableResult
    func end(_ ending: RequestTable<Waiter>.Ending) -> Bool {
        guard let waiters = table.withLock({ $0.end(ending) }) else { return false }
        for waiter in waiters { waiter.resume(returning: .failure(ending.inFlight)) }
        return true
    }

    /// How the server was found gone.
    enum Gone {
        case exited, closedOutput, stoppedReading
    }

    /// The server exited, or can no longer answer: ends the connection, saying how the server ended
    /// when that can be known within a moment (it usually exits as its output ends). A server still
    /// running but closed to fanout is of no more use: it is stopped.
    func serverGone(_ gone: Gone) {
        guard ending == nil else { return }
        let status = process.exitStatus ?? process.waitForExitBlocking(timeout: .milliseconds(100))
        let what: String
        if let status {
            what = "MCP server \(name) \(status)"
        } else {
            what = gone == .stoppedReading ? "MCP server \(name) stopped reading its input" : "MCP server \(name) closed its output"
            process.signal(SIGTERM)
        }
        let ended = end(.init(
            inFlight: MCPError(.connectionEnded, what),
            afterwards: MCPError(.connectionEnded, what + "; reconnect to use its tools")))
        if ended { note(what) }
    }

    /// Ends the connection: fails what is in flight, closes the server's input (its cue to exit),
    /// then, each after `grace`, sends SIGTERM and SIGKILL to its process group; returns once it has
    /// exited and been reaped (`nil` only if even SIGKILL did not end it within seconds).
    @discardableResult
    func close(grace: Duration) async -> ExitStatus? {
        end(.init(
            inFlight: MCPError(.connectionEnded, "MCP server \(name) was disconnected"),
            afterwards: MCPError(.connectionEnded, "MCP server \(name) is disconnected; reconnect to use its tools")))
        writer?.close()
        var status = await process.waitForExit(timeout: grace)
        if status == nil {
            process.signal(SIGTERM)
            status = await process.waitForExit(timeout: grace)
        }
        if status == nil {
            process.signal(SIGKILL)
            status = await process.waitForExit(timeout: .seconds(5))
        }
        await readerBox.withLock { $0 }?.finish(within: .milliseconds(200))
        return status
    }

    /// Closes the server's input and sends SIGTERM to its group, without waiting: for a program
    /// exiting at once (on a signal).
    func terminateNow() {
        writer?.close()
        process.signal(SIGTERM)
    }

    func append(_ entry: MCPLogEntry) {
        log.withLock { $0.append(entry) }
    }

    /// A note of fanout's own in the server's log.
    func note(_ text: String) {
        append(MCPLogEntry(source: .client, text: text))
    }

    /// `message` as one line of JSON and its newline.
    static func line(_ message: JSONObject) -> [UInt8] {
        var bytes = Array(JSONValue.object(message).jsonText.utf8)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
