import FanoutCore

/// The lesson's example handlers, in the sets the lesson introduces them.
public enum DemoSet: String, Sendable, CaseIterable {
    /// Three independent async lookups of 1 s each.
    case weather
    /// Blocking code: a sync database query and a CPU-bound score.
    case legacy
    /// A dependent pair: a profile, then the pricing for its tier and region.
    case profile
    /// The hands-on exercise: user, orders and weather together, then recommendations from the orders.
    case shop
    /// A sync tax calculation, for the exercise's third bonus challenge.
    case tax

    /// The set's handlers, in the order the lesson uses them.
    public var handlers: [any ToolHandler] {
        switch self {
        case .weather: return [GetWeather(), GetNews(), GetStockPrice()]
        case .legacy: return [QueryLegacyDatabase(), CalculateRiskScore()]
        case .profile: return [GetUserProfile(), GetTierPricing()]
        case .shop: return [GetUser(), GetOrders(), GetRecommendations(), GetWeather()]
        case .tax: return [CalculateTax()]
        }
    }

    /// One line on what the set shows.
    public var summary: String {
        switch self {
        case .weather: return "get_weather, get_news, get_stock_price: async, 1s each"
        case .legacy: return "query_legacy_database (sync 1s), calculate_risk_score (cpu 0.5s)"
        case .profile: return "get_user_profile → get_tier_pricing: dependent, 0.3s each"
        case .shop: return "get_user, get_orders, get_recommendations, get_weather: the exercise, 1s each"
        case .tax: return "calculate_tax: sync 0.5s"
        }
    }
}

/// A stable small hash of text (FNV-1a), for made-up but repeatable demo data.
func stableHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
    }
    return hash
}
