import FanoutCore

/// The hands-on exercise's solution: a user, their orders and the weather, then recommendations from
/// the orders; and the sync `calculate_tax` of its third bonus challenge.
extension LessonHandler {
    static let user = LessonHandler(
        "get_user", latency: .seconds(1), description: "A shop's customer",
        parameters: .object(["user_id": .string("The user's id")], required: ["user_id"]),
        python: """
        async def get_user(user_id: str) -> dict:
            await asyncio.sleep(1)
            return {"user_id": user_id, "name": "Alice", "location": "Seattle"}
        """
    ) { arguments in
        ["user_id": arguments.argument("user_id"), "name": "Alice", "location": "Seattle"]
    }

    static let orders = LessonHandler(
        "get_orders", latency: .seconds(1), description: "A customer's orders",
        parameters: .object(["user_id": .string("The user's id")], required: ["user_id"]),
        python: """
        async def get_orders(user_id: str) -> dict:
            await asyncio.sleep(1)
            return {
                "user_id": user_id,
                "orders": [
                    {"id": "ord_1", "product": "Laptop", "amount": 999.99},
                    {"id": "ord_2", "product": "Mouse", "amount": 29.99},
                ]
            }
        """
    ) { arguments in
        [
            "user_id": arguments.argument("user_id"),
            "orders": [
                ["id": "ord_1", "product": "Laptop", "amount": 999.99],
                ["id": "ord_2", "product": "Mouse", "amount": 29.99],
            ],
        ]
    }

    static let recommendations = LessonHandler(
        "get_recommendations", latency: .seconds(1), description: "Recommendations based on purchase history",
        parameters: .object([
            "user_id": .string("The user's id"),
            "order_history": .array(of: nil, "The user's orders, as get_orders returns them"),
        ], required: ["user_id", "order_history"]),
        python: """
        async def get_recommendations(user_id: str, order_history: list) -> dict:
            await asyncio.sleep(1)
            # Recommendations based on purchase history
            products = [o["product"] for o in order_history]
            return {
                "user_id": user_id,
                "based_on": products,
                "recommendations": ["Keyboard", "Monitor Stand", "USB Hub"]
            }
        """
    ) { arguments in
        var products: [JSONValue] = []
        for order in arguments.argument("order_history").arrayValue ?? [] {
            // As the list comprehension does: an order without a product stops it.
            guard let fields = order.objectValue else {
                throw ToolError("TypeError: each order must be an object with a product, not \(order.typeDescription)")
            }
            guard let product = fields["product"] else { throw ToolError("KeyError: 'product'") }
            products.append(product)
        }
        return [
            "user_id": arguments.argument("user_id"), "based_on": .array(products),
            "recommendations": ["Keyboard", "Monitor Stand", "USB Hub"],
        ]
    }

    static let weatherInSeattle = LessonHandler(
        "get_weather", latency: .seconds(1), description: "Current weather for a location",
        parameters: .object(["location": .string("A city")], required: ["location"]),
        python: """
        async def get_weather(location: str) -> dict:
            await asyncio.sleep(1)
            return {"location": location, "temperature": 15, "condition": "cloudy"}
        """
    ) { arguments in
        ["location": arguments.argument("location"), "temperature": 15, "condition": "cloudy"]
    }

    static let tax = LessonHandler(
        "calculate_tax", kind: .sync, latency: .milliseconds(500), description: "Tax on an amount, from a blocking tax library",
        parameters: .object(["amount": .number("The amount to tax"), "region": .string("Where it is sold", default: "US")], required: ["amount"]),
        python: """
        def calculate_tax(amount: float, region: str = "US") -> dict:
            time.sleep(0.5)  # Simulates a blocking tax library
            rates = {"EU": 0.2, "UK": 0.2, "US": 0.07, "JP": 0.1}
            rate = rates.get(region, 0.0)
            return {"amount": amount, "region": region, "rate": rate, "tax": round(amount * rate, 2)}
        """
    ) { arguments in
        let rates: [String: Double] = ["EU": 0.2, "UK": 0.2, "US": 0.07, "JP": 0.1]
        let amount = arguments.argument("amount"), region = arguments.argument("region")
        let rate = region.stringValue.flatMap { rates[$0] } ?? 0.0
        let tax = ((amount.doubleValue ?? 0) * rate * 100).rounded() / 100
        return ["amount": amount, "region": region, "rate": .double(rate), "tax": .double(tax)]
    }
}
