import FanoutCore

/// The lesson's example functions, a set per part of the lesson, as its code blocks define them.
///
/// Where two parts define a name differently (`get_weather` says 22 °C and sunny in the gather part,
/// 15 °C and cloudy in the exercise), each set has its part's version.
public enum DemoSet: String, Sendable, CaseIterable {
    /// "Why async matters": three calls of 2 s, 6 s one by one and 2 s together.
    case intro
    /// "Defining async handler functions": `search_database`.
    case search
    /// "Parallel execution with asyncio.gather()", `TaskGroup` and the execution layer.
    case weather
    /// "Running sync functions in async context": a blocking query and a CPU-bound score.
    case legacy
    /// "Sequential execution for dependent calls", and the mixed example after it.
    case profile
    /// The hands-on exercise.
    case shop
    /// The exercise's third bonus challenge: a sync `calculate_tax`.
    case tax

    /// The set's handlers, in the order the lesson uses them.
    public var handlers: [LessonHandler] {
        switch self {
        case .intro: return [.weatherIn2s, .newsIn2s, .stocks]
        case .search: return [.searchDatabase]
        case .weather: return [.weather, .news, .stockPrice]
        case .legacy: return [.weather, .queryLegacyDatabase, .calculateRiskScore]
        case .profile: return [.userProfile, .tierPricing, .news, .stockPrice]
        case .shop: return [.user, .orders, .recommendations, .weatherInSeattle]
        case .tax: return [.tax]
        }
    }

    /// The part of the lesson the set comes from.
    public var part: String {
        switch self {
        case .intro: return "Why async matters"
        case .search: return "Defining async handler functions"
        case .weather: return "Parallel execution with gather() and TaskGroup; the execution layer"
        case .legacy: return "Running sync functions in async context (to_thread)"
        case .profile: return "Sequential execution for dependent calls; mixed"
        case .shop: return "Hands-on exercise"
        case .tax: return "Exercise bonus 3: a sync function in the batch"
        }
    }

    /// Every handler of every set, each name once (the first set's version): for looking up the
    /// lesson's Python of a handler by name.
    public static func handler(named name: String) -> LessonHandler? {
        allCases.lazy.flatMap(\.handlers).first { $0.name == name }
    }
}
