import FanoutCore

/// "Parallel execution with asyncio.gather()" (and `TaskGroup`, and the execution layer): three
/// independent async lookups of a second each.
extension LessonHandler {
    static let weather = LessonHandler(
        "get_weather", latency: .seconds(1), description: "Current weather for a location",
        parameters: .object(["location": .string("A city")], required: ["location"]),
        python: """
        async def get_weather(location: str) -> dict:
            await asyncio.sleep(1)  # Simulates API call
            return {"location": location, "temperature": 22, "condition": "sunny"}
        """
    ) { arguments in
        ["location": arguments.argument("location"), "temperature": 22, "condition": "sunny"]
    }

    static let news = LessonHandler(
        "get_news", latency: .seconds(1), description: "News articles on a topic",
        parameters: .object(["topic": .string("What the news is about"), "count": .integer("How many articles", default: 3)], required: ["topic"]),
        python: """
        async def get_news(topic: str, count: int = 3) -> dict:
            await asyncio.sleep(1)  # Simulates API call
            return {"topic": topic, "articles": [{"title": f"News about {topic}"}]}
        """
    ) { arguments in
        news(about: arguments.argument("topic"))
    }

    static let stockPrice = LessonHandler(
        "get_stock_price", latency: .seconds(1), description: "A stock's latest price",
        parameters: .object(["symbol": .string("A ticker symbol")], required: ["symbol"]),
        python: """
        async def get_stock_price(symbol: str) -> dict:
            await asyncio.sleep(1)  # Simulates API call
            return {"symbol": symbol, "price": 185.50, "currency": "USD"}
        """
    ) { arguments in
        price(of: arguments.argument("symbol"))
    }

    static func news(about topic: JSONValue) -> JSONValue {
        ["topic": topic, "articles": [["title": .string("News about \(topic.text)")]]]
    }

    static func price(of symbol: JSONValue) -> JSONValue {
        ["symbol": symbol, "price": 185.5, "currency": "USD"]
    }
}
