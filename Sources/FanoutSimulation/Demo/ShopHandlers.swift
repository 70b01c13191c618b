import FanoutCore

/// A shop customer.
public struct GetUser: ToolHandler {
    public let name = "get_user"
    public var latency: Duration? { .seconds(1) }
    public var parameters: [String] { ["user_id"] }
    public var summary: String { "customer record" }

    public init() {}

    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let user = try arguments.required("user_id")
        try await context.sleep(for: .seconds(1))
        let names = ["Ada", "Grace", "Alan", "Barbara", "Edsger"]
        let name = names[Int(stableHash(user.jsonText) % UInt64(names.count))]
        return ["user_id": user, "name": .string(name), "member_since": 2019]
    }
}

/// A customer's order history.
public struct GetOrders: ToolHandler {
    public let name = "get_orders"
    public var latency: Duration? { .seconds(1) }
    public var parameters: [String] { ["user_id"] }
    public var summary: String { "order history of a customer" }

    static let catalogue: [(product: String, price: Double)] = [
        ("laptop", 1299.0), ("headphones", 199.0), ("keyboard", 89.0), ("monitor", 329.0), ("mouse", 39.0),
    ]

    public init() {}

    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let user = try arguments.required("user_id")
        try await context.sleep(for: .seconds(1))
        let start = Int(stableHash(user.jsonText) % UInt64(GetOrders.catalogue.count))
        let orders: [JSONValue] = (0..<2).map { offset in
            let item = GetOrders.catalogue[(start + offset * 2) % GetOrders.catalogue.count]
            return ["id": .string("o-\(1001 + offset)"), "product": .string(item.product), "price": .double(item.price)]
        }
        return ["user_id": user, "orders": .array(orders)]
    }
}

/// Recommendations computed from the order history it is given (`orders`: the `orders` array of get_orders).
public struct GetRecommendations: ToolHandler {
    public let name = "get_recommendations"
    public var latency: Duration? { .seconds(1) }
    public var parameters: [String] { ["orders"] }
    public var summary: String { "recommendations based on orders" }

    private static let accessories: [String: String] = [
        "laptop": "laptop sleeve", "headphones": "headphone stand", "keyboard": "wrist rest",
        "monitor": "monitor arm", "mouse": "mouse pad",
    ]

    public init() {}

    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        guard let orders = try arguments.required("orders").arrayValue else {
            throw ToolError("argument 'orders' must be an array of orders, e.g. orders=$call_2.orders")
        }
        let products = orders.compactMap { $0.objectValue?["product"]?.stringValue }
        try await context.sleep(for: .seconds(1))
        let items = products.map { GetRecommendations.accessories[$0] ?? "gift card" }
        return ["based_on": .array(products.map(JSONValue.string)), "items": .array(items.map(JSONValue.string))]
    }
}
