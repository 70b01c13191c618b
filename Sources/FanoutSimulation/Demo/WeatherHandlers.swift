import FanoutCore

/// Current weather for a city. Known cities have fixed readings; others get repeatable made-up ones.
public struct GetWeather: ToolHandler {
    public let name = "get_weather"
    public var latency: Duration? { .seconds(1) }
    public var parameters: [String] { ["location"] }
    public var summary: String { "current weather for a location" }

    private static let known: [String: (temperature: Int, condition: String)] = [
        "Tokyo": (22, "sunny"), "London": (14, "rain"), "Paris": (18, "cloudy"),
        "New York": (20, "clear"), "Berlin": (16, "windy"), "Sydney": (25, "sunny"),
    ]

    public init() {}

    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let location = try arguments.requiredString("location")
        try await context.sleep(for: .seconds(1))
        let conditions = ["sunny", "cloudy", "rain", "clear", "windy"]
        let hash = stableHash(location)
        let reading = GetWeather.known[location]
            ?? (Int(hash % 30), conditions[Int(hash / 30 % UInt64(conditions.count))])
        return ["location": .string(location), "temperature": .int(reading.temperature), "condition": .string(reading.condition)]
    }
}

/// Headlines on a topic.
public struct GetNews: ToolHandler {
    public let name = "get_news"
    public var latency: Duration? { .seconds(1) }
    public var parameters: [String] { ["topic"] }
    public var summary: String { "top headlines for a topic" }

    public init() {}

    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let topic = try arguments.requiredString("topic")
        try await context.sleep(for: .seconds(1))
        return ["topic": .string(topic), "headlines": [
            .string("Markets steady on \(topic)"), .string("What's next for \(topic)"),
        ]]
    }
}

/// A stock's price.
public struct GetStockPrice: ToolHandler {
    public let name = "get_stock_price"
    public var latency: Duration? { .seconds(1) }
    public var parameters: [String] { ["symbol"] }
    public var summary: String { "latest price for a ticker symbol" }

    private static let known: [String: Double] = ["AAPL": 189.5, "MSFT": 412.25, "GOOG": 171.0, "NVDA": 120.75]

    public init() {}

    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let symbol = try arguments.requiredString("symbol").uppercased()
        try await context.sleep(for: .seconds(1))
        let price = GetStockPrice.known[symbol] ?? Double(stableHash(symbol) % 50_000) / 100
        return ["symbol": .string(symbol), "price": .double(price), "currency": "USD"]
    }
}
