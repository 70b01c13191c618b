/// A JSON Schema for a tool's parameters: the subset that model vendors' tool schemas use.
///
/// The schema is kept as the JSON it was written in, so it exports to every vendor's tool format
/// unchanged, and it is checked once, when made, so validating a call never meets a malformed schema.
/// Supported keywords: `type` (a name or a list of names), `properties`, `required`,
/// `additionalProperties`, `items`, `enum`, `const`, `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `minLength`, `maxLength`, `minItems`, `maxItems`, `anyOf`, `oneOf` and
/// `default`. Other keywords (`description`, `title`, `format`, …) are kept and ignored.
///
/// ```swift
/// let parameters = JSONSchema.object([
///     "topic": .string("What the news is about"),
///     "count": .integer("How many articles", default: 3),
/// ], required: ["topic"])
/// ```
public struct JSONSchema: Sendable, Hashable {
    /// The schema as JSON, exactly as given.
    public let json: JSONValue

    /// A schema that accepts any value: a handler that declares no parameters.
    public static let any = JSONSchema(unchecked: .object([:]))

    /// Checks `json` and wraps it; throws a ``JSONSchemaError`` naming the place and the problem
    /// (`properties.count.type: unknown type 'integr' (did you mean integer?)`).
    public init(_ json: JSONValue) throws(JSONSchemaError) {
        try JSONSchema.check(json, at: "")
        self.json = json
    }

    /// For schemas built by this type's own builders, which are well-formed by construction.
    init(unchecked json: JSONValue) {
        self.json = json
    }

    /// Whether the schema accepts every value without looking at it.
    public var acceptsAnything: Bool {
        json.objectValue?.keys.allSatisfy(JSONSchema.annotations.contains) ?? false
    }

    /// The names in `properties`, in the order written: a tool's parameter names.
    public var propertyNames: [String] {
        json.objectValue?["properties"]?.objectValue.map { Array($0.keys) } ?? []
    }

    /// The schema of property `name`, if `properties` lists it.
    public func property(_ name: String) -> JSONSchema? {
        json.objectValue?["properties"]?.objectValue?[name].map(JSONSchema.init(unchecked:))
    }

    /// The names `required` lists.
    public var requiredNames: [String] {
        json.objectValue?["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Whether an object may have properties `properties` does not list (`additionalProperties`
    /// is absent, `true`, or a schema).
    public var allowsAdditionalProperties: Bool {
        json.objectValue?["additionalProperties"] != .bool(false)
    }

    /// The `description`, if there is one.
    public var description: String? {
        json.objectValue?["description"]?.stringValue
    }

    /// The `default`, if there is one.
    public var defaultValue: JSONValue? {
        json.objectValue?["default"]
    }

    /// The type names `type` allows, in the order written; empty when any type will do.
    public var typeNames: [String] {
        switch json.objectValue?["type"] {
        case .string(let name)?: return [name]
        case .array(let names)?: return names.compactMap(\.stringValue)
        default: return []
        }
    }

    /// A short form for listings: `string`, `integer = 3`, `"c" | "f"`, `array of string`.
    public var summary: String {
        let object = json.objectValue ?? [:]
        var text: String
        if let choices = object["enum"]?.arrayValue {
            text = choices.map(\.jsonText).joined(separator: " | ")
        } else if let constant = object["const"] {
            text = constant.jsonText
        } else if typeNames == ["array"], let items = object["items"].map(JSONSchema.init(unchecked:)), !items.typeNames.isEmpty {
            text = "array of " + items.summary
        } else if !typeNames.isEmpty {
            text = typeNames.joined(separator: " | ")
        } else if let choices = (object["anyOf"] ?? object["oneOf"])?.arrayValue {
            text = choices.map { JSONSchema(unchecked: $0).summary }.joined(separator: " | ")
        } else {
            text = "any"
        }
        if let defaultValue { text += " = " + defaultValue.jsonText }
        return text
    }

    /// Keywords that say something about a value without constraining it.
    static let annotations: Set<String> = ["description", "title", "default", "examples", "$schema", "$id", "$comment", "format"]
}

/// A schema that is not well-formed: where, and what is wrong.
public struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The keyword path inside the schema, such as `properties.count.type`; empty for the top.
    public var path: String
    /// What is wrong there.
    public var message: String

    /// A problem `message` at the keyword path `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`, or the message alone at the top.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
