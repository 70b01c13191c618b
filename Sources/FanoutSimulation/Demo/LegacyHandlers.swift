import FanoutCore

/// A query against an old database whose driver blocks its thread for a second.
public struct QueryLegacyDatabase: ToolHandler {
    public let name = "query_legacy_database"
    public var kind: HandlerKind { .sync }
    public var latency: Duration? { .seconds(1) }
    public var parameters: [String] { ["query"] }
    public var summary: String { "blocking database query (like time.sleep)" }

    public init() {}

    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let query = try arguments.requiredString("query")
        await context.blockThread(for: .seconds(1))
        return ["query": .string(query), "rows": .int(Int(stableHash(query) % 20) + 1)]
    }
}

/// A risk score that takes half a second of CPU.
public struct CalculateRiskScore: ToolHandler {
    public let name = "calculate_risk_score"
    public var kind: HandlerKind { .cpu }
    public var latency: Duration? { .milliseconds(500) }
    public var parameters: [String] { ["user_id"] }
    public var summary: String { "CPU-bound score (keeps a core busy)" }

    public init() {}

    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let user = try arguments.required("user_id")
        await context.burnCPU(for: .milliseconds(500))
        let score = Double(stableHash(user.jsonText) % 100) / 100
        return ["user_id": user, "score": .double(score)]
    }
}
