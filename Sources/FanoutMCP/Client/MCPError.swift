import FanoutCore

/// Why an MCP request failed: a message meant for people (and models), and a reason for programs.
public struct MCPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Reason: Sendable, Equatable {
        /// The tool ran and reported an error (`isError: true` in its result).
        case toolFailed
        /// The server answered with a JSON-RPC error of this code.
        case rpcError(code: Int)
        /// The server exited, closed its output, or the connection was closed.
        case connectionEnded
        /// The server did not answer in time (``MCPClient/connect(name:command:arguments:environment:timeout:)``'s timeout).
        case timedOut
        /// The server's answer is not what the protocol says it should be.
        case protocolViolation
        /// The server's program could not be started.
        case cannotStart
        /// The request was cancelled; ``MCPClient/callTool(_:arguments:progress:)`` throws `CancellationError` instead.
        case cancelled
    }

    public var reason: Reason
    /// The error as a result shows it, e.g. `MCP server files exited with status 1`.
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }

    /// The call's `error_kind` when a tool call fails with this error: arguments the server
    /// refused as invalid params (-32602) are `invalid_arguments`, the rest `handler_error`.
    public var errorKind: ErrorKind {
        reason == .rpcError(code: -32602) ? .invalidArguments : .handlerError
    }

    /// A JSON-RPC `error` object from server `server` as an error: its code, message and data
    /// (text as it is, anything else as compact JSON; the Python SDK sends a string).
    static func rpc(_ error: JSONObject, from server: String) -> MCPError {
        let code = error["code"]?.intValue ?? 0
        var message = error["message"]?.stringValue ?? "no message"
        switch error["data"] {
        case .string(let text)? where !text.isEmpty: message += " (\(text))"
        case nil, .null?, .string?: break
        case let data?:
            let text = data.jsonText
            message += " (" + (text.count > 200 ? text.prefix(200) + "…" : text) + ")"
        }
        return MCPError(.rpcError(code: code), "MCP server \(server) answered with error \(code): \(message)")
    }
}
