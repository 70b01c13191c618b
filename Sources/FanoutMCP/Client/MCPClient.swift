import FanoutCore

/// A connection to one MCP server over stdio: the server's program runs as a child process, and
/// its tools are called over newline-delimited JSON-RPC on its standard input and output.
///
/// ```swift
/// let files = try await MCPClient.connect(name: "files", command: "python3", arguments: ["server.py"])
/// let output = try await files.callTool("read_file", arguments: ["path": "README.md"])
/// let handlers = HandlerRegistry(files.handlers)   // each tool as a handler named files.read_file
/// await files.close()
/// ```
///
/// Calls overlap on the one connection (each request has its own integer id), and every call ends
/// exactly once, whatever the server does: an answer, an error, the calling task's cancellation
/// (which tells the server with `notifications/cancelled`, and leaves the connection usable), or the
/// server's end. A server that exits or closes its output ends every call in flight within
/// milliseconds with an error saying how it ended, and later calls fail at once saying to reconnect.
///
/// This is a minimal client written for fanout, not the official Swift SDK
/// (modelcontextprotocol/swift-sdk 0.12.1), which, measured here against the Python SDK's server,
/// breaks those promises: a JSON-RPC error whose `data` is a string (what the Python SDK sends for
/// method-not-found and invalid-params) fails to decode and the call never returns; a server killed
/// mid-call leaves calls hanging while a core spins re-reading the closed stream; cancelling the
/// calling task does not cancel the request; and its stdio transport polls every 10 ms, so 100
/// sequential tiny calls took 1.02 s against 0.12 s for a newline-delimited client like this one
/// (0.32 s for the Python client). fanout needs tools, progress, ping and logs, nothing more, and
/// with Foundation and Glibc alone that is a few hundred lines.
public final class MCPClient: Sendable {
    /// The name the server goes by in fanout: its tools become handlers `NAME.tool`.
    public let name: String
    /// The program and its arguments, as started.
    public let command: String
    public let arguments: [String]
    /// What the server said about itself.
    public let server: MCPServerInfo
    /// Its tools, in the order it listed them.
    public let tools: [MCPTool]
    let connection: MCPConnection

    /// The version of the protocol fanout asks for; it accepts whatever version the server agrees to.
    public static let protocolVersion = "2025-11-25"
    /// How many log entries each connection keeps (see ``log``).
    public static let logCapacity = 500

    init(name: String, command: String, arguments: [String], server: MCPServerInfo, tools: [MCPTool], connection: MCPConnection) {
        self.name = name
        self.command = command
        self.arguments = arguments
        self.server = server
        self.tools = tools
        self.connection = connection
    }

    /// The server's process id.
    public var pid: Int32 { connection.process.pid }

    /// How many calls wait for their answer.
    public var callsInFlight: Int { connection.inFlight }

    /// Whether calls can still be made; once `false`, ``endReason`` says why.
    public var isConnected: Bool { connection.ending == nil }

    /// Why the connection ended (`MCP server files exited with status 1`); `nil` while it stands.
    public var endReason: String? { connection.ending?.inFlight.message }

    /// How the server's process ended; `nil` while it runs.
    public var exitStatus: ExitStatus? { connection.process.exitStatus }

    /// The last log notifications, lines of the server's standard error and fanout's own notes
    /// (output that was not JSON-RPC, requests it refused), oldest first.
    public var log: [MCPLogEntry] { connection.log.withLock { $0.entries } }

    /// Calls tool `tool` and returns its output: the result's `structuredContent` when it has
    /// some, else its text content (parsed when the text is JSON; several items become an array).
    ///
    /// - Parameter progress: called, on the connection's reader thread, for each progress
    ///   notification the server sends for this call.
    /// - Throws: ``MCPError`` — `.toolFailed` with the result's text when it has `isError: true`,
    ///   `.rpcError` with the code and message of a JSON-RPC error, `.connectionEnded` when the
    ///   server is gone; `CancellationError` when the calling task is cancelled.
    public func callTool(_ tool: String, arguments: JSONObject, progress: MCPProgressHandler? = nil) async throws -> JSONValue {
        let result: JSONValue
        do {
            result = try await connection.request("tools/call", params: ["name": .string(tool), "arguments": .object(arguments)], progress: progress)
        } catch where error.reason == .cancelled {
            throw CancellationError()
        }
        return try ToolCallResult(result, server: name).output()
    }

    /// Every tool as a handler named `NAME.tool`, with the tool's input schema and description.
    public var handlers: [MCPToolHandler] {
        tools.map { MCPToolHandler(tool: $0, client: self) }
    }

    /// Ends the connection: calls in flight fail, the server's input is closed (its cue to exit), and
    /// if it has not exited after `grace`, its process group gets SIGTERM, then after another `grace`
    /// SIGKILL. Returns once the server has exited and been reaped, with how it ended.
    @discardableResult
    public func close(grace: Duration = .seconds(1)) async -> ExitStatus? {
        await connection.close(grace: grace)
    }

    /// Closes the server's input and sends SIGTERM to its process group at once, without waiting: for
    /// a program about to exit on a signal. Prefer ``close(grace:)``, which also reaps the process.
    public func terminate() {
        connection.terminateNow()
    }
}
