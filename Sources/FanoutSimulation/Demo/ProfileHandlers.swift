import FanoutCore

/// A user's profile: who they are, their tier and region.
public struct GetUserProfile: ToolHandler {
    public let name = "get_user_profile"
    public var latency: Duration? { .milliseconds(300) }
    public var parameters: [String] { ["user_id"] }
    public var summary: String { "profile with tier and region" }

    private static let profiles: [Int: (name: String, tier: String, region: String)] = [
        1: ("Ada", "gold", "EU"), 2: ("Grace", "silver", "US"), 3: ("Alan", "bronze", "UK"), 42: ("Linus", "gold", "US"),
    ]

    public init() {}

    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let user = try arguments.required("user_id")
        try await context.sleep(for: .milliseconds(300))
        let profile = user.intValue.flatMap { GetUserProfile.profiles[$0] } ?? ("Guest", "free", "US")
        return [
            "user_id": user, "name": .string(profile.name),
            "tier": .string(profile.tier), "region": .string(profile.region),
        ]
    }
}

/// The monthly price for a tier in a region, from a real lookup table with a default.
public struct GetTierPricing: ToolHandler {
    public let name = "get_tier_pricing"
    public var latency: Duration? { .milliseconds(300) }
    public var parameters: [String] { ["tier", "region"] }
    public var summary: String { "price for a tier in a region" }

    private static let prices: [String: [String: (price: Double, currency: String)]] = [
        "gold": ["EU": (49.0, "EUR"), "US": (59.0, "USD"), "UK": (45.0, "GBP")],
        "silver": ["EU": (29.0, "EUR"), "US": (35.0, "USD"), "UK": (27.0, "GBP")],
        "bronze": ["EU": (9.0, "EUR"), "US": (12.0, "USD"), "UK": (8.0, "GBP")],
    ]
    private static let defaultPrice = (price: 19.0, currency: "USD")

    public init() {}

    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let tier = try arguments.requiredString("tier")
        let region = (try? arguments.requiredString("region")) ?? "US"
        try await context.sleep(for: .milliseconds(300))
        let entry = GetTierPricing.prices[tier]?[region]
        let price = entry ?? GetTierPricing.defaultPrice
        return [
            "tier": .string(tier), "region": .string(region), "monthly_price": .double(price.price),
            "currency": .string(price.currency), "default": .bool(entry == nil),
        ]
    }
}
