import FanoutCore

/// When a simulated handler fails.
public enum FailureMode: Sendable, Equatable, CustomStringConvertible {
    case never
    case always
    /// Fails with this probability (0…1), drawn from the call's seeded generator.
    case probability(Double)

    /// `never`, `always`, or the probability.
    public var description: String {
        switch self {
        case .never: return "never"
        case .always: return "always"
        case .probability(let chance): return JSONValue.numberText(chance).replacingSuffix(".0", with: "")
        }
    }
}

/// The settings of a simulated handler, as `register NAME kind=… latency=…` gives them.
public struct HandlerSpec: Sendable, Equatable {
    /// How it spends its latency.
    public var kind: HandlerKind
    /// How long a call takes, before jitter.
    public var latency: Duration
    /// Up to this much extra latency, drawn per call from its seeded generator (whole microseconds).
    public var jitter: Duration
    /// When a call fails.
    public var failure: FailureMode
    /// The error a failing call reports; `RuntimeError: NAME failed` when `nil`.
    public var error: String?
    /// Its own timeout, which wins over the run's; `nil` for none.
    public var timeout: Duration?
    /// A JSON template for the output (see ``ReturnsTemplate``); echoes the arguments when `nil`.
    public var returns: JSONValue?
    /// The parameters; when `nil`, every placeholder of ``returns`` is a required argument of any
    /// type and no other is taken (any arguments when there is no template).
    public var parameters: JSONSchema?
    /// What the handler does, for listings and tool definitions.
    public var description: String?
    /// How its failed calls are tried again; `nil` for the run's setting.
    public var retries: RetryPolicy?
    /// Whether its calls must never overlap each other.
    public var serial: Bool
    /// Whether each call waits for a person's yes first (`confirm=true`).
    public var confirm = false

    /// A spec; each setting has the default of `register`.
    public init(
        kind: HandlerKind = .async, latency: Duration = .seconds(1), jitter: Duration = .zero,
        failure: FailureMode = .never, error: String? = nil, timeout: Duration? = nil, returns: JSONValue? = nil,
        parameters: JSONSchema? = nil, description: String? = nil, retries: RetryPolicy? = nil, serial: Bool = false
    ) {
        self.kind = kind
        self.latency = latency
        self.jitter = jitter
        self.failure = failure
        self.error = error
        self.timeout = timeout
        self.returns = returns
        self.parameters = parameters
        self.description = description
        self.retries = retries
        self.serial = serial
    }
}

/// A handler that spends its latency the way its kind does, fails as its spec says, and returns
/// its template filled in with the call's arguments.
public struct SimulatedHandler: ToolHandler {
    /// The name calls use.
    public let name: String
    /// How it behaves.
    public let spec: HandlerSpec

    /// A handler called `name` that behaves as `spec` says.
    public init(name: String, spec: HandlerSpec = HandlerSpec()) {
        self.name = name
        self.spec = spec
        if let declared = spec.parameters {
            parameters = declared
        } else if let template = spec.returns {
            let names = ReturnsTemplate.parameters(of: template)
            parameters = .object(names.map { ($0, JSONSchema.any) }, required: names)
        } else {
            parameters = .any
        }
    }

    /// The spec's kind.
    public var kind: HandlerKind { spec.kind }
    /// The spec's timeout.
    public var timeout: Duration? { spec.timeout }
    /// The spec's latency.
    public var latency: Duration? { spec.latency }
    /// The spec's parameters, or those its `returns` template uses.
    public let parameters: JSONSchema
    /// The spec's description, or what kind of simulation it is.
    public var description: String { spec.description ?? "simulated \(spec.kind.rawValue) handler" }
    /// Whether the spec says serial.
    public var isSerial: Bool { spec.serial }
    /// Whether the spec says confirm.
    public var needsApproval: Bool { spec.confirm }
    /// The spec's retries.
    public var retryPolicy: RetryPolicy? { spec.retries }

    /// Draws its jitter and failure from the call's seed, spends its latency, and returns its template filled in.
    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let output: JSONValue
        if let template = spec.returns {
            output = try ReturnsTemplate.render(template, arguments: arguments, handler: name)
        } else {
            output = ["function": .string(name), "arguments": .object(arguments)]
        }
        // Draw in a fixed order (jitter, then failure) so a seed always means the same call.
        var random = context.makeRandomGenerator()
        let jitterMicros = spec.jitter.roundedMicroseconds
        let jitter = jitterMicros > 0 ? Duration.microseconds(Int64.random(in: 0...jitterMicros, using: &random)) : .zero
        let fails: Bool
        switch spec.failure {
        case .never: fails = false
        case .always: fails = true
        case .probability(let chance): fails = Double.random(in: 0..<1, using: &random) < chance
        }
        try await context.spend(spec.latency + jitter, as: spec.kind)
        if fails { throw ToolError(spec.error ?? "RuntimeError: \(name) failed") }
        return output
    }
}

extension String {
    fileprivate func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
