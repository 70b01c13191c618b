import FanoutCore

/// An MCP server's tool as a fanout handler, named `SERVER.tool`: its input schema becomes the
/// handler's parameters (arguments are checked before the call goes out), its description the
/// handler's, and its progress notifications the call's progress.
///
/// It runs on the real clock only: the server takes the time it takes, and nothing simulates it.
public struct MCPToolHandler: ToolHandler {
    public let name: String
    public let tool: MCPTool
    public let client: MCPClient
    public let parameters: JSONSchema
    public let description: String
    /// Why ``parameters`` accepts any arguments though the tool declares a schema: the schema uses
    /// what fanout's validator does not support, and the server checks the arguments itself. `nil`
    /// when the schema is used as it is.
    public let schemaNote: String?

    public init(tool: MCPTool, client: MCPClient) {
        name = "\(client.name).\(tool.name)"
        self.tool = tool
        self.client = client
        description = tool.description.isEmpty ? (tool.title ?? "") : tool.description
        do {
            parameters = try JSONSchema(tool.inputSchema)
            schemaNote = nil
        } catch {
            parameters = .any
            schemaNote = "its input schema is outside what fanout checks (\(error.description)): the server checks the arguments"
        }
    }

    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        do {
            return try await client.callTool(tool.name, arguments: arguments) { progress in
                context.progress(progress.fraction, progress.message)
            }
        } catch let error as MCPError {
            throw ToolError(error.message, kind: error.errorKind)
        }
    }
}
