import OrderedCollections

/// A call's arguments by name, in the order given: plain values and references to earlier calls.
/// Build one like a dictionary: `["city": .value("Tokyo"), "orders": .reference(…)]`.
public typealias CallArguments = OrderedDictionary<String, ArgumentValue>

/// One function call a model asked for: a handler name and its arguments.
public struct ToolCall: Sendable, Hashable {
    /// Unique within a run: `call_1`, `call_2`, … or the model's own id.
    public var id: String
    /// The handler to run.
    public var name: String
    /// The arguments, in the order they were given; some may refer to earlier calls' results.
    public var arguments: CallArguments
    /// A second name that references may use instead of the id.
    public var alias: String?
    /// Why the arguments could not be read, when the model's argument JSON does not parse: such a
    /// call still belongs to the run (its events, counts and report) and ends `error` with kind
    /// `invalid_arguments`, without its handler being called.
    public var argumentsError: String?

    /// Creates a call; `arguments` may refer to earlier calls' results.
    public init(id: String, name: String, arguments: CallArguments = [:], alias: String? = nil) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.alias = alias
    }

    /// Creates a call whose arguments are plain values.
    public init(id: String, name: String, values: JSONObject, alias: String? = nil) {
        self.init(id: id, name: name, arguments: values.mapValues { .value($0) }, alias: alias)
    }

    /// Creates a call from the JSON text a model wrote for its arguments (OpenAI's `function.arguments`).
    /// Text that is not a JSON object is kept as ``argumentsError``, and the call ends `invalid_arguments`.
    public init(id: String, name: String, argumentsJSON: String, alias: String? = nil) {
        let trimmed = argumentsJSON.trimmingPrefix { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard !trimmed.isEmpty else {
            // An empty string is how some models write "no arguments".
            self.init(id: id, name: name, values: [:], alias: alias)
            return
        }
        do {
            let value = try JSONParser.parse(argumentsJSON)
            guard let object = value.objectValue else {
                self.init(id: id, name: name, alias: alias)
                argumentsError = "arguments must be a JSON object, not \(value.typeDescription)"
                return
            }
            self.init(id: id, name: name, values: object, alias: alias)
        } catch {
            self.init(id: id, name: name, alias: alias)
            argumentsError = "arguments are not valid JSON: \(error)"
        }
    }

    /// The ids of the calls this call needs results from, each once, in argument order.
    public var dependencies: [String] {
        var seen: [String] = []
        for case .reference(let reference) in arguments.values where !seen.contains(reference.callID) {
            seen.append(reference.callID)
        }
        return seen
    }
}

/// An argument: either a value, or a reference to (part of) an earlier call's result.
public enum ArgumentValue: Sendable, Hashable {
    case value(JSONValue)
    case reference(CallReference)
}

/// A reference such as `$orders.orders[0]`: the result of call `callID`, at `path`.
public struct CallReference: Sendable, Hashable, CustomStringConvertible {
    /// The id of the call whose result is used.
    public var callID: String
    /// Where in that result to look; empty for the whole result.
    public var path: JSONPath
    /// The reference as the user wrote it (`$orders.orders`), for messages.
    public var text: String

    /// A reference to `path` in the result of the call `callID` (an id or an alias).
    public init(callID: String, path: JSONPath = JSONPath(), text: String? = nil) {
        self.callID = callID
        self.path = path
        self.text = text ?? "$" + callID + (path.components.isEmpty ? "" : "." + path.description)
    }

    /// The reference as written, like `$orders.orders[0]`.
    public var description: String { text }
}

/// Plain values written as literals: `["location": "Tokyo", "days": 3]` builds ``CallArguments``.
extension ArgumentValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    /// A string value.
    public init(stringLiteral value: String) { self = .value(.string(value)) }
    /// A whole-number value.
    public init(integerLiteral value: Int) { self = .value(.int(value)) }
    /// A number with a fraction.
    public init(floatLiteral value: Double) { self = .value(.double(value)) }
    /// A boolean value.
    public init(booleanLiteral value: Bool) { self = .value(.bool(value)) }
    /// `null`.
    public init(nilLiteral: ()) { self = .value(.null) }
}
