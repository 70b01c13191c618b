import FanoutCore

/// Tax on an amount, computed by a blocking (sync) library.
public struct CalculateTax: ToolHandler {
    public let name = "calculate_tax"
    public var kind: HandlerKind { .sync }
    public var latency: Duration? { .milliseconds(500) }
    public var parameters: [String] { ["amount", "region"] }
    public var summary: String { "tax for an amount (blocking)" }

    private static let rates: [String: Double] = ["EU": 0.2, "UK": 0.2, "US": 0.07, "JP": 0.1]

    public init() {}

    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        guard let amount = try arguments.required("amount").doubleValue else {
            throw ToolError("argument 'amount' must be a number, e.g. amount=100")
        }
        let region = (try? arguments.requiredString("region")) ?? "US"
        await context.blockThread(for: .milliseconds(500))
        let rate = CalculateTax.rates[region] ?? 0.0
        let tax = (amount * rate * 100).rounded() / 100
        return ["amount": .double(amount), "region": .string(region), "rate": .double(rate), "tax": .double(tax)]
    }
}
