import FanoutCore
import FanoutSimulation

/// A handler as an exported program defines it: the lesson's own Python, or a function written
/// from a `register` spec.
struct PythonHandler {
    /// fanout's name for it, which the calls use.
    let name: String
    /// The Python function's name.
    let function: String
    let kind: HandlerKind
    let timeout: Duration?
    let parameters: JSONSchema
    /// Whether its parameters' defaults are filled into each call's arguments, as fanout does
    /// before calling it; the lesson's functions have their defaults in their signatures.
    let fillsDefaults: Bool
    let drawsRandomly: Bool
    /// How its calls are tried again after a failure (its own policy, or the run's); `nil` for never.
    let retries: RetryPolicy?
    /// Whether its calls run one at a time (`serial=true`).
    let isSerial: Bool
    /// Whether its output puts an argument inside text (the program then needs `text`).
    let fillsText: Bool
    /// A class for the error it raises, when the program defines one (`class HTTPError(Exception)`).
    let errorClass: String?
    /// The function's source.
    let source: String

    /// `nil` for a handler that has no Python to write: neither the lesson's nor `register`'s.
    /// `retries` is the policy its calls run under.
    init?(_ handler: any ToolHandler, retries: RetryPolicy?, names: inout PythonNames) {
        name = handler.name
        kind = handler.kind
        timeout = handler.timeout
        parameters = handler.parameters
        self.retries = retries
        isSerial = handler.isSerial
        if let lesson = handler as? LessonHandler {
            function = PythonHandler.functionName(in: lesson.python) ?? lesson.name
            _ = names.claimExactly(function)
            fillsDefaults = false
            drawsRandomly = false
            fillsText = false
            errorClass = nil
            source = lesson.python
            return
        }
        guard let simulated = handler as? SimulatedHandler else { return nil }
        function = names.claim(simulated.name)
        fillsDefaults = true
        let spec = simulated.spec
        drawsRandomly = spec.drawsRandomly
        var raise: String?
        var errorClass: String?
        if spec.failure != .never {
            (raise, errorClass) = PythonHandler.raiseStatement(spec.error ?? "RuntimeError: \(simulated.name) failed", names: &names)
        }
        self.errorClass = errorClass
        fillsText = spec.returns.map(PythonHandler.placesArgumentsInText) ?? false
        source = PythonHandler.source(of: simulated, function: function, raise: raise, drawsPerAttempt: retries != nil)
    }

    /// The name a lesson function's source defines (`async def get_weather(` gives `get_weather`).
    private static func functionName(in python: String) -> String? {
        guard let def = python.range(of: "def ") else { return nil }
        let rest = python[def.upperBound...]
        return rest.firstIndex(of: "(").map { String(rest[..<$0]) }
    }
}

extension HandlerSpec {
    /// Whether a call draws from its seeded generator: for jitter, or a failure by chance.
    var drawsRandomly: Bool {
        if jitter > .zero { return true }
        if case .probability = failure { return true }
        return false
    }
}
