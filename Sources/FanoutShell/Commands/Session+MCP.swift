import FanoutCore
import FanoutMCP
import FanoutTools

extension Session {
    /// Whether running `command` with `arguments` starts a program the command line names
    /// (`mcp connect`): the commands a consent rule for files run with `source`, `replay` or a pipe
    /// must gate.
    static func startsProcess(_ command: CommandCatalog.Command, _ arguments: [Word]) -> Bool {
        (command == .mcp && arguments.first?.text == "connect") || (command == .register && registersRealHandler(arguments))
    }

    /// Whether `handler` can only run on the real clock: an MCP server's tool, a command or an HTTP
    /// endpoint takes the time it takes, and nothing simulates it.
    static func runsOnRealClockOnly(_ handler: any ToolHandler) -> Bool {
        handler is MCPToolHandler || handler is any ExternalToolHandler
    }

    /// What a real-clock-only handler is, for messages: `an MCP tool`, `a command`.
    static func kindOfTool(_ handler: (any ToolHandler)?) -> String {
        (handler as? any ExternalToolHandler)?.kindOfTool ?? "an MCP tool"
    }

    static let mcpSubcommands = ["connect", "list", "disconnect", "log"]

    func mcp(_ arguments: [Word]) async throws(CommandError) {
        guard let subcommand = arguments.first else {
            throw CommandError("mcp needs a subcommand: \(Session.mcpSubcommands.joined(separator: ", ")); see help mcp")
        }
        let rest = Array(arguments.dropFirst())
        switch subcommand.text {
        case "connect": try await connect(rest, after: subcommand)
        case "list":
            try expectNoArguments(rest, usage: "mcp list")
            listServers()
        case "disconnect": await disconnect(try serverName(rest, usage: "mcp disconnect NAME"))
        case "log": showLog(of: try serverName(rest, usage: "mcp log NAME"))
        default:
            let hint = Suggestions.didYouMean(subcommand.text, in: Session.mcpSubcommands)
            throw CommandError(
                "unknown mcp subcommand '\(subcommand.text)'\(hint); use \(Session.mcpSubcommands.joined(separator: ", "))",
                column: subcommand.column)
        }
    }

    private func connect(_ arguments: [Word], after subcommand: Word) async throws(CommandError) {
        let usage = "usage: mcp connect NAME [timeout=DUR] COMMAND [ARGS…], e.g. mcp connect files python3 server.py"
        guard let nameWord = arguments.first else { throw CommandError(usage, column: subcommand.column) }
        let name = nameWord.text
        try validateIdentifier(name, what: "a server name", column: nameWord.column)
        var rest = arguments.dropFirst()
        var timeout = Duration.seconds(10)
        if let option = rest.first, let (key, value) = ValueParser.keyValue(option), key == "timeout" {
            timeout = try ValueParser.duration(value.text, column: value.column)
            guard timeout > .zero else {
                throw CommandError("the connect timeout must be longer than 0, like timeout=30s", column: value.column)
            }
            rest = rest.dropFirst()
        }
        guard let commandWord = rest.first else { throw CommandError(usage, column: nameWord.column) }
        if let existing = mcpServers[name], existing.isConnected {
            throw CommandError(
                "\(name) is already connected (pid \(existing.pid)); mcp disconnect \(name) first, or pick another name",
                column: nameWord.column)
        }
        let task = Task { [rest] () async throws(MCPError) -> MCPClient in
            try await MCPClient.connect(name: name, command: commandWord.text, arguments: rest.dropFirst().map(\.text), timeout: timeout)
        }
        runControl.begin(task)
        defer { runControl.end() }
        let client: MCPClient
        switch await task.result {
        case .success(let connected): client = connected
        case .failure(let error as MCPError) where error.reason != .cancelled:
            throw CommandError(error.message)
        case .failure:
            throw CommandError("mcp connect \(name) was interrupted; its server was stopped")
        }
        if let ended = mcpServers[name] { forgetHandlers(of: ended) }
        mcpServers[name] = client
        for handler in client.handlers { registry.register(handler) }
        reportConnected(client)
    }

    private func reportConnected(_ client: MCPClient) {
        let handlers = client.handlers
        if presentation.format == .jsonl {
            emit(JSONValue.object([
                "event": "mcp_connected", "name": .string(client.name),
                "server": ["name": .string(client.server.name), "version": .string(client.server.version)],
                "protocol": .string(client.server.protocolVersion), "pid": .int(Int(client.pid)),
                "tools": .array(handlers.map { .string($0.name) }),
            ]).jsonText)
            return
        }
        let version = client.server.version.isEmpty ? "" : " " + client.server.version
        let tools = handlers.count == 1 ? "1 tool" : "\(handlers.count) tools"
        say("connected \(client.name): \(client.server.name)\(version), protocol \(client.server.protocolVersion), pid \(client.pid), \(tools)")
        var table = TextTable(header: [])
        for handler in handlers {
            let summary = handler.description.split(separator: "\n").first.map(String.init) ?? ""
            table.rows.append(["  " + handler.name, Session.parameterList(handler.parameters), summary.oneLine])
        }
        // Descriptions run long: when they do not fit, they are left to handlers NAME.
        let width = presentation.width()
        var lines = Array(table.lines.dropFirst())
        if lines.contains(where: { $0.count > width }) {
            table.rows = table.rows.map { Array($0.prefix(2)) }
            lines = table.lines.dropFirst().map { $0.count > width ? $0.prefix(width - 1) + "…" : $0 }
            lines.append("handlers NAME shows a tool's description")
        }
        lines.forEach(say)
        for handler in handlers {
            if let note = handler.schemaNote { say("note: \(handler.name): \(note)") }
        }
    }

    private func listServers() {
        guard !mcpServers.isEmpty else {
            say("no MCP servers; connect one with mcp connect NAME COMMAND [ARGS…]")
            return
        }
        var table = TextTable(header: ["name", "command", "pid", "status", "tools", "in flight"])
        for client in mcpServers.values {
            let command = ([client.command] + client.arguments).joined(separator: " ")
            table.rows.append([
                client.name, command.count > 40 ? command.prefix(39) + "…" : command, "\(client.pid)",
                Session.status(of: client), "\(client.tools.count)", "\(client.callsInFlight)",
            ])
        }
        table.lines.forEach(say)
    }

    /// `connected`, or how the connection ended (`exited with status 1`).
    private static func status(of client: MCPClient) -> String {
        guard let reason = client.endReason else { return "connected" }
        let prefix = "MCP server \(client.name) "
        return reason.hasPrefix(prefix) ? String(reason.dropFirst(prefix.count)) : reason
    }

    private func disconnect(_ client: MCPClient) async {
        let status = await client.close()
        mcpServers[client.name] = nil
        let removed = forgetHandlers(of: client)
        let ending = status.map { "pid \(client.pid) \($0)" } ?? "pid \(client.pid) did not exit even after SIGKILL"
        say("disconnected \(client.name) (\(ending)); removed \(removed.count == 1 ? "1 handler" : "\(removed.count) handlers")")
        let stranded = queue.filter { removed.contains($0.name) }.map(\.id)
        if !stranded.isEmpty {
            say("note: queued \(stranded.joined(separator: ", ")) still call\(stranded.count == 1 ? "s" : "") its tools: they will end with an unknown_tool error unless you connect \(client.name) again")
        }
    }

    /// Unregisters the handlers `client` registered (not one registered since under the same name).
    @discardableResult
    private func forgetHandlers(of client: MCPClient) -> [String] {
        client.handlers.map(\.name).filter { name in
            guard let handler = registry[name] as? MCPToolHandler, handler.client === client else { return false }
            return registry.unregister(name)
        }
    }

    private func showLog(of client: MCPClient) {
        let entries = client.log
        guard !entries.isEmpty else {
            say("nothing logged by \(client.name) yet")
            return
        }
        for entry in entries { say(entry.line.oneLine) }
    }

    private func serverName(_ arguments: [Word], usage: String) throws(CommandError) -> MCPClient {
        guard arguments.count == 1, let word = arguments.first else { throw CommandError("usage: \(usage)") }
        guard let client = mcpServers[word.text] else {
            let hint = Suggestions.didYouMean(word.text, in: Array(mcpServers.keys))
            let known = mcpServers.isEmpty ? "none is connected" : "see mcp list"
            throw CommandError("no MCP server '\(word.text)'\(hint); \(known)", column: word.column)
        }
        return client
    }

    private func expectNoArguments(_ arguments: [Word], usage: String) throws(CommandError) {
        guard let extra = arguments.first else { return }
        throw CommandError("\(usage) takes no arguments", column: extra.column)
    }

    /// Refuses to simulate a queue that calls a real-clock-only handler: `doing` says what would
    /// simulate it (`clock virtual`, `plan`, `compare`).
    func refuseSimulatingRealHandlers(_ doing: String) throws(CommandError) {
        guard let call = queue.first(where: { registry[$0.name].map(Session.runsOnRealClockOnly) == true }) else { return }
        throw CommandError(
            "\(doing), and \(call.id) calls \(call.name), \(Session.kindOfTool(registry[call.name])), which runs on the real clock only: "
                + (doing.hasPrefix("the clock") ? "clock real, then run" : "run the queue instead, or drop that call"))
    }

    /// Whether any of `calls` runs on the real clock only (then nothing can simulate the queue).
    func callsRealOnlyHandlers(_ calls: [ToolCall]) -> Bool {
        calls.contains { registry[$0.name].map(Session.runsOnRealClockOnly) == true }
    }

    /// Ends every MCP connection and reaps its server, all at once, and closes the http handlers'
    /// connections: for quitting. (A fanout killed
    /// by a signal never gets here: its servers see the end of their input as it exits, their cue.)
    public func closeConnections() async {
        if hasHTTPSession { await httpSession.shutdown() }
        let clients = Array(mcpServers.values)
        mcpServers.removeAll()
        await withTaskGroup(of: Void.self) { group in
            for client in clients { group.addTask { await client.close() } }
        }
    }
}
