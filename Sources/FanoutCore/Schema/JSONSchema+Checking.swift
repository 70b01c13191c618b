extension JSONSchema {
    /// The type names JSON Schema defines.
    static let typeNames: [String] = ["string", "number", "integer", "boolean", "object", "array", "null"]

    /// Schemas nested deeper than this are refused: no tool needs it, and checking and validating
    /// recurse once per level.
    static let maximumDepth = 64

    /// Throws if `json` is not a well-formed schema of the supported subset.
    static func check(_ json: JSONValue, at path: String, depth: Int = 0) throws(JSONSchemaError) {
        guard depth < maximumDepth else {
            throw JSONSchemaError(path: path, message: "schemas nest at most \(maximumDepth) levels deep")
        }
        guard let object = json.objectValue else {
            throw JSONSchemaError(path: path, message: "a schema must be a JSON object, not \(json.typeDescription)")
        }
        func place(_ keyword: String) -> String { path.isEmpty ? keyword : path + "." + keyword }
        func fail(_ keyword: String, _ message: String) -> JSONSchemaError {
            JSONSchemaError(path: place(keyword), message: message)
        }
        for (keyword, value) in object {
            switch keyword {
            case "type":
                let names: [JSONValue] = value.arrayValue ?? [value]
                guard !names.isEmpty else { throw fail(keyword, "type must name at least one type") }
                for name in names {
                    guard let text = name.stringValue else {
                        throw fail(keyword, "type must be a type name or a list of them, not \(name.typeDescription)")
                    }
                    guard typeNames.contains(text) else {
                        let hint = Suggestions.didYouMean(text, in: typeNames)
                        throw fail(keyword, "unknown type '\(text)'\(hint); types: \(typeNames.joined(separator: ", "))")
                    }
                }
            case "properties":
                guard let properties = value.objectValue else {
                    throw fail(keyword, "properties must be an object of schemas, not \(value.typeDescription)")
                }
                for (name, schema) in properties {
                    try check(schema, at: place(keyword) + "." + name, depth: depth + 1)
                }
            case "required":
                guard let names = value.arrayValue, names.allSatisfy({ $0.stringValue != nil }) else {
                    throw fail(keyword, "required must be a list of property names")
                }
            case "additionalProperties":
                if case .bool = value { continue }
                try check(value, at: place(keyword), depth: depth + 1)
            case "items":
                try check(value, at: place(keyword), depth: depth + 1)
            case "anyOf", "oneOf":
                guard let schemas = value.arrayValue, !schemas.isEmpty else {
                    throw fail(keyword, "\(keyword) must be a non-empty list of schemas")
                }
                for (index, schema) in schemas.enumerated() {
                    try check(schema, at: place(keyword) + "[\(index)]", depth: depth + 1)
                }
            case "enum":
                guard let choices = value.arrayValue, !choices.isEmpty else {
                    throw fail(keyword, "enum must be a non-empty list of values")
                }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
                guard value.doubleValue != nil else { throw fail(keyword, "\(keyword) must be a number") }
            case "minLength", "maxLength", "minItems", "maxItems":
                guard let count = value.intValue, count >= 0 else {
                    throw fail(keyword, "\(keyword) must be a whole number of at least 0")
                }
            case "description", "title":
                guard value.stringValue != nil else { throw fail(keyword, "\(keyword) must be a string") }
            default:
                // `default`, `const`, `format`, `examples` and keywords of other vocabularies: kept, unchecked.
                continue
            }
        }
    }
}
