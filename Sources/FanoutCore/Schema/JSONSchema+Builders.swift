import Collections

extension JSONSchema {
    /// An object schema: a tool's parameters. Unknown properties are refused unless
    /// `additionalProperties` is `true`, as a Python function refuses an unexpected keyword.
    public static func object(
        _ properties: KeyValuePairs<String, JSONSchema>, required: [String] = [],
        additionalProperties: Bool = false, description: String? = nil
    ) -> JSONSchema {
        object(properties.map { ($0.key, $0.value) }, required: required, additionalProperties: additionalProperties, description: description)
    }

    /// An object schema with properties listed at run time.
    public static func object(
        _ properties: [(String, JSONSchema)], required: [String] = [],
        additionalProperties: Bool = false, description: String? = nil
    ) -> JSONSchema {
        var object: JSONObject = ["type": "object"]
        if let description { object["description"] = .string(description) }
        var members = JSONObject()
        for (name, schema) in properties { members[name] = schema.json }
        object["properties"] = .object(members)
        if !required.isEmpty { object["required"] = .array(required.map(JSONValue.string)) }
        if !additionalProperties { object["additionalProperties"] = false }
        return JSONSchema(unchecked: .object(object))
    }

    /// A string, optionally one of `choices`.
    public static func string(_ description: String? = nil, enum choices: [String]? = nil, default value: String? = nil) -> JSONSchema {
        scalar("string", description, choices: choices?.map(JSONValue.string), default: value.map(JSONValue.string))
    }

    /// A whole number.
    public static func integer(_ description: String? = nil, minimum: Int? = nil, maximum: Int? = nil, default value: Int? = nil) -> JSONSchema {
        scalar("integer", description, minimum: minimum.map(JSONValue.int), maximum: maximum.map(JSONValue.int), default: value.map(JSONValue.int))
    }

    /// Any number.
    public static func number(_ description: String? = nil, minimum: Double? = nil, maximum: Double? = nil, default value: Double? = nil) -> JSONSchema {
        scalar("number", description, minimum: minimum.map(JSONValue.double), maximum: maximum.map(JSONValue.double), default: value.map(JSONValue.double))
    }

    /// `true` or `false`.
    public static func boolean(_ description: String? = nil, default value: Bool? = nil) -> JSONSchema {
        scalar("boolean", description, default: value.map(JSONValue.bool))
    }

    /// An array whose elements all match `items` (any elements when `nil`).
    public static func array(of items: JSONSchema? = nil, _ description: String? = nil) -> JSONSchema {
        var object: JSONObject = ["type": "array"]
        if let description { object["description"] = .string(description) }
        if let items { object["items"] = items.json }
        return JSONSchema(unchecked: .object(object))
    }

    /// Any value, with a description.
    public static func anyValue(_ description: String) -> JSONSchema {
        JSONSchema(unchecked: ["description": .string(description)])
    }

    private static func scalar(
        _ type: String, _ description: String?, choices: [JSONValue]? = nil,
        minimum: JSONValue? = nil, maximum: JSONValue? = nil, default value: JSONValue? = nil
    ) -> JSONSchema {
        var object: JSONObject = ["type": .string(type)]
        if let description { object["description"] = .string(description) }
        if let choices { object["enum"] = .array(choices) }
        if let minimum { object["minimum"] = minimum }
        if let maximum { object["maximum"] = maximum }
        if let value { object["default"] = value }
        return JSONSchema(unchecked: .object(object))
    }
}
