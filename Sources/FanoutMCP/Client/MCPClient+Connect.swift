import FanoutCore
import Synchronization

extension MCPClient {
    /// Starts the server and connects: `initialize` (asking for ``protocolVersion``), then
    /// `notifications/initialized`, then `tools/list`, page by page (`nextCursor`).
    ///
    /// - Parameters:
    ///   - name: the server's name in fanout; its tools become handlers `name.tool`.
    ///   - command: the program, looked up on `PATH` unless it is a path.
    ///   - environment: laid over this process's environment for the server.
    ///   - timeout: how long the server has to start and answer; past it, it is stopped and
    ///     connecting fails with `.timedOut`.
    /// - Throws: ``MCPError``: `.cannotStart`, `.timedOut`, `.connectionEnded` (the server exited
    ///   first: the error quotes the end of its error output), `.rpcError`, `.protocolViolation`; and
    ///   `.cancelled` when the calling task is cancelled.
    public static func connect(
        name: String, command: String, arguments: [String] = [], environment: [String: String] = [:],
        timeout: Duration = .seconds(10)
    ) async throws(MCPError) -> MCPClient {
        let connection = try MCPConnection.start(
            name: name, command: command, arguments: arguments, environment: environment, logCapacity: logCapacity)
        // Whoever settles first wins: the handshake, or the deadline, which ends the connection.
        let settled = Atomic<Bool>(false)
        let deadline = Task {
            guard (try? await Task.sleep(for: timeout)) != nil,
                  settled.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
            else { return }
            let waitingFor = connection.table.withLock { $0.oldestMethod } ?? "initialize"
            let error = MCPError(.timedOut, "MCP server \(name) ('\(command)') did not answer \(waitingFor) within \(Self.seconds(timeout)) (is it an MCP server speaking stdio?)")
            connection.end(.init(inFlight: error, afterwards: error))
        }
        do throws(MCPError) {
            let (server, tools) = try await handshake(connection)
            guard settled.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else {
                throw connection.ending?.inFlight ?? MCPError(.timedOut, "MCP server \(name) did not answer in time")
            }
            deadline.cancel()
            return MCPClient(name: name, command: command, arguments: arguments, server: server, tools: tools, connection: connection)
        } catch {
            deadline.cancel()
            let status = await connection.close(grace: .milliseconds(500))
            throw explained(error, connection: connection, status: status)
        }
    }

    private static func handshake(_ connection: MCPConnection) async throws(MCPError) -> (MCPServerInfo, [MCPTool]) {
        let answer = try await connection.request("initialize", params: [
            "protocolVersion": .string(protocolVersion),
            "capabilities": [:],
            "clientInfo": ["name": "fanout", "version": "0.1.0"],
        ])
        guard let result = answer.objectValue, let version = result["protocolVersion"]?.stringValue else {
            throw MCPError(.protocolViolation, "MCP server \(connection.name) answered initialize without a protocolVersion: is it an MCP server?")
        }
        let info = result["serverInfo"]?.objectValue ?? [:]
        let server = MCPServerInfo(
            name: info["name"]?.stringValue ?? connection.name, version: info["version"]?.stringValue ?? "",
            protocolVersion: version, instructions: result["instructions"]?.stringValue,
            capabilities: result["capabilities"]?.objectValue ?? [:])
        connection.notify("notifications/initialized")
        var tools: [MCPTool] = []
        var cursor: String?
        var cursorsSeen: Set<String> = []
        repeat {
            let page = try await connection.request("tools/list", params: cursor.map { ["cursor": .string($0)] } ?? [:])
            guard let listed = page.objectValue?["tools"]?.arrayValue else {
                throw MCPError(.protocolViolation, "MCP server \(connection.name) answered tools/list without a tools list")
            }
            tools += listed.compactMap(MCPTool.init(listed:))
            cursor = page.objectValue?["nextCursor"]?.stringValue
            // A server that hands back a cursor it gave before would page forever.
            if let next = cursor, !cursorsSeen.insert(next).inserted {
                throw MCPError(.protocolViolation, "MCP server \(connection.name) repeated the tools/list cursor '\(next)'")
            }
        } while cursor != nil
        return (server, tools)
    }

    /// A failed connect's error, with what people need to fix it: how a server that ended early
    /// ended, and the last lines of its error output.
    private static func explained(_ error: MCPError, connection: MCPConnection, status: ExitStatus?) -> MCPError {
        guard error.reason == .connectionEnded || error.reason == .timedOut else { return error }
        var message = error.message
        if error.reason == .connectionEnded {
            message = "MCP server \(connection.name) " + (status.map { "\($0)" } ?? "closed its output") + " before it was ready"
        }
        let (lastLines, stray) = connection.log.withLock { log in
            (log.lastErrorOutput(lines: 3).filter { !$0.isEmpty }, log.entries.last { $0.source == .client && $0.text.hasPrefix(MCPConnection.strayOutput) })
        }
        if let stray {
            message += "; its output is not JSON-RPC: " + stray.text.dropFirst(MCPConnection.strayOutput.count)
        }
        if let last = lastLines.last {
            message += "; its error output ends: " + (last.count > 300 ? last.prefix(300) + "…" : last)
        }
        return MCPError(error.reason, message)
    }

    static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds.rounded() == seconds ? "\(Int(seconds))s" : "\(seconds)s"
    }
}
