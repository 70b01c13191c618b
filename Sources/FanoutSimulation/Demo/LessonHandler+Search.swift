import FanoutCore

/// "Defining async handler functions": a database search that awaits half a second.
extension LessonHandler {
    static let searchDatabase = LessonHandler(
        "search_database", latency: .milliseconds(500), description: "Search a database asynchronously",
        parameters: .object(["query": .string("What to search for"), "limit": .integer("The most results to return", default: 10)], required: ["query"]),
        python: """
        async def search_database(query: str, limit: int = 10) -> dict:
            \"\"\"Search a database asynchronously.\"\"\"
            # Simulated async database query
            await asyncio.sleep(0.5)  # Simulates DB latency
            return {
                "query": query,
                "results": [{"id": 1, "title": f"Result for '{query}'"}],
                "count": 1
            }
        """
    ) { arguments in
        let query = arguments.argument("query")
        return ["query": query, "results": [["id": 1, "title": .string("Result for '\(query.text)'")]], "count": 1]
    }
}

extension JSONValue {
    /// The value as a Python f-string shows it: a string's own text, anything else as JSON.
    var text: String { stringValue ?? jsonText }
}
