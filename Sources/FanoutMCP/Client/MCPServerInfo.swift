import FanoutCore
import OrderedCollections

/// What a server said about itself in its `initialize` answer.
public struct MCPServerInfo: Sendable, Equatable {
    /// `serverInfo.name`.
    public var name: String
    /// `serverInfo.version`.
    public var version: String
    /// The protocol version the server agreed to (it may differ from the one fanout asked for).
    public var protocolVersion: String
    /// `instructions`, if the server gave any.
    public var instructions: String?
    /// The capabilities object as the server sent it.
    public var capabilities: JSONObject

    public init(name: String, version: String, protocolVersion: String, instructions: String? = nil, capabilities: JSONObject = [:]) {
        self.name = name
        self.version = version
        self.protocolVersion = protocolVersion
        self.instructions = instructions
        self.capabilities = capabilities
    }
}

/// A tool as `tools/list` describes it.
public struct MCPTool: Sendable, Equatable {
    public var name: String
    /// `title`, a name for people, if given.
    public var title: String?
    public var description: String
    /// The `inputSchema` as the server sent it.
    public var inputSchema: JSONValue

    public init(name: String, title: String? = nil, description: String = "", inputSchema: JSONValue = ["type": "object"]) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
    }

    /// Reads one entry of a `tools/list` answer; `nil` when it has no name.
    init?(listed value: JSONValue) {
        guard let object = value.objectValue, let name = object["name"]?.stringValue, !name.isEmpty else { return nil }
        self.init(
            name: name, title: object["title"]?.stringValue, description: object["description"]?.stringValue ?? "",
            inputSchema: object["inputSchema"] ?? ["type": "object"])
    }
}
