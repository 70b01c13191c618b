import FanoutCore

/// "Why async matters": three independent I/O-bound calls of 2 seconds each.
extension LessonHandler {
    static let weatherIn2s = LessonHandler(
        "get_weather", latency: .seconds(2), description: "Current weather for a location (2 s)",
        parameters: .object(["location": .string("A city")], required: ["location"]),
        python: """
        async def get_weather(location: str) -> dict:
            await asyncio.sleep(2)  # Simulates API call
            return {"location": location, "temperature": 22, "condition": "sunny"}
        """
    ) { arguments in
        ["location": arguments.argument("location"), "temperature": 22, "condition": "sunny"]
    }

    static let newsIn2s = LessonHandler(
        "get_news", latency: .seconds(2), description: "News articles on a topic (2 s)",
        parameters: .object(["topic": .string("What the news is about"), "count": .integer("How many articles", default: 3)], required: ["topic"]),
        python: """
        async def get_news(topic: str, count: int = 3) -> dict:
            await asyncio.sleep(2)  # Simulates API call
            return {"topic": topic, "articles": [{"title": f"News about {topic}"}]}
        """
    ) { arguments in
        news(about: arguments.argument("topic"))
    }

    static let stocks = LessonHandler(
        "get_stocks", latency: .seconds(2), description: "A stock's price (2 s)",
        parameters: .object(["symbol": .string("A ticker symbol")], required: ["symbol"]),
        python: """
        async def get_stocks(symbol: str) -> dict:
            await asyncio.sleep(2)  # Simulates API call
            return {"symbol": symbol, "price": 185.50, "currency": "USD"}
        """
    ) { arguments in
        price(of: arguments.argument("symbol"))
    }
}
