import FanoutCore

/// "Running sync functions in async context": a blocking query and a CPU-bound score.
extension LessonHandler {
    static let queryLegacyDatabase = LessonHandler(
        "query_legacy_database", kind: .sync, latency: .seconds(1), description: "Sync database query (legacy system)",
        parameters: .object(["sql": .string("The query to run")], required: ["sql"]),
        python: """
        def query_legacy_database(sql: str) -> dict:
            \"\"\"Sync database query (legacy system).\"\"\"
            time.sleep(1)  # Simulates blocking I/O
            return {"sql": sql, "rows": [{"id": 1, "name": "Alice"}]}
        """
    ) { arguments in
        ["sql": arguments.argument("sql"), "rows": [["id": 1, "name": "Alice"]]]
    }

    static let calculateRiskScore = LessonHandler(
        "calculate_risk_score", kind: .cpu, latency: .milliseconds(500), description: "CPU-intensive risk calculation",
        parameters: .object(["portfolio_id": .string("The portfolio to score")], required: ["portfolio_id"]),
        python: """
        def calculate_risk_score(portfolio_id: str) -> dict:
            \"\"\"CPU-intensive risk calculation.\"\"\"
            time.sleep(0.5)  # Simulates computation
            return {"portfolio_id": portfolio_id, "risk_score": 0.73}
        """
    ) { arguments in
        ["portfolio_id": arguments.argument("portfolio_id"), "risk_score": 0.73]
    }
}
