import FanoutCore

/// "Sequential execution for dependent calls": a profile, then the pricing for its tier and region.
extension LessonHandler {
    static let userProfile = LessonHandler(
        "get_user_profile", latency: .milliseconds(300), description: "Fetch user profile from database",
        parameters: .object(["user_id": .string("The user's id")], required: ["user_id"]),
        python: """
        async def get_user_profile(user_id: str) -> dict:
            \"\"\"Fetch user profile from database.\"\"\"
            await asyncio.sleep(0.3)
            return {"user_id": user_id, "name": "Alice", "tier": "premium", "region": "us-east"}
        """
    ) { arguments in
        ["user_id": arguments.argument("user_id"), "name": "Alice", "tier": "premium", "region": "us-east"]
    }

    static let tierPricing = LessonHandler(
        "get_tier_pricing", latency: .milliseconds(300), description: "Get pricing based on user tier and region",
        parameters: .object(["tier": .string("The user's tier"), "region": .string("The user's region")], required: ["tier", "region"]),
        python: """
        async def get_tier_pricing(tier: str, region: str) -> dict:
            \"\"\"Get pricing based on user tier and region.\"\"\"
            await asyncio.sleep(0.3)
            pricing = {
                ("premium", "us-east"): {"monthly": 29.99, "annual": 299.99},
                ("basic", "us-east"): {"monthly": 9.99, "annual": 99.99},
            }
            return pricing.get((tier, region), {"monthly": 19.99, "annual": 199.99})
        """
    ) { arguments in
        switch (arguments.argument("tier"), arguments.argument("region")) {
        case ("premium", "us-east"): return ["monthly": 29.99, "annual": 299.99]
        case ("basic", "us-east"): return ["monthly": 9.99, "annual": 99.99]
        default: return ["monthly": 19.99, "annual": 199.99]
        }
    }
}
