/// One way a value breaks its schema: where, and which rule.
public struct SchemaViolation: Sendable, Equatable, CustomStringConvertible {
    /// Where in the value, such as `orders[0].product`; empty for the value itself.
    public var path: String
    /// The rule broken, such as `expected integer, got "five"`.
    public var message: String

    /// A violation of the rule `message` at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`, or the message alone at the top.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

extension JSONSchema {
    /// Every way `value` breaks this schema, outermost first; empty when it conforms.
    public func violations(of value: JSONValue) -> [SchemaViolation] {
        violations(of: value, membersCalled: "property")
    }

    /// The violations, with the top object's members called `noun` (`argument` for a call's arguments).
    func violations(of value: JSONValue, membersCalled noun: String) -> [SchemaViolation] {
        var found = Findings(hintsLeft: JSONSchema.maximumHints)
        JSONSchema.validate(value, against: json, at: "", topMembers: noun, into: &found)
        return found.violations
    }

    /// Unknown names that get a "did you mean" hint in one validation, at most. A hint costs an edit
    /// distance to every property name: for every unknown name of a large value, against a schema of
    /// many properties, refusing it would take seconds. Messages name three problems at most.
    static let maximumHints = 8

    /// The violations found so far, and how many more unknown names may get a hint.
    private struct Findings {
        var violations: [SchemaViolation] = []
        var hintsLeft: Int
    }

    /// Whether `value` conforms.
    public func accepts(_ value: JSONValue) -> Bool {
        violations(of: value).isEmpty
    }

    /// `object` with the `default` of every property it lacks, in the schema's property order.
    public func fillingDefaults(of object: JSONObject) -> JSONObject {
        guard let properties = json.objectValue?["properties"]?.objectValue else { return object }
        var filled = object
        for (name, schema) in properties where filled[name] == nil {
            if let value = schema.objectValue?["default"] { filled[name] = value }
        }
        return filled
    }

    private static func validate(
        _ value: JSONValue, against schema: JSONValue, at path: String, topMembers: String = "property",
        into found: inout Findings
    ) {
        guard let rules = schema.objectValue else { return }
        func violation(_ message: String) {
            found.violations.append(SchemaViolation(path: path, message: message))
        }
        if let type = rules["type"] {
            let names = (type.arrayValue ?? [type]).compactMap(\.stringValue)
            guard names.contains(where: { matches(value, type: $0) }) else {
                violation("expected \(names.joined(separator: " or ")), got \(excerpt(value))")
                return
            }
        }
        if let choices = rules["enum"]?.arrayValue, !choices.contains(where: { same(value, $0) }) {
            violation("expected one of \(choices.map(\.jsonText).joined(separator: ", ")), got \(excerpt(value))")
        }
        if let constant = rules["const"], !same(value, constant) {
            violation("expected \(constant.jsonText), got \(excerpt(value))")
        }
        switch value {
        case .int, .double:
            checkBounds(value, rules, violation)
        case .string(let text):
            let length = text.count
            if let least = rules["minLength"]?.intValue, length < least {
                violation("expected at least \(least) character\(least == 1 ? "" : "s"), got \(length)")
            }
            if let most = rules["maxLength"]?.intValue, length > most {
                violation("expected at most \(most) character\(most == 1 ? "" : "s"), got \(length)")
            }
        case .array(let elements):
            if let least = rules["minItems"]?.intValue, elements.count < least {
                violation("expected at least \(least) item\(least == 1 ? "" : "s"), got \(elements.count)")
            }
            if let most = rules["maxItems"]?.intValue, elements.count > most {
                violation("expected at most \(most) item\(most == 1 ? "" : "s"), got \(elements.count)")
            }
            if let items = rules["items"] {
                for (index, element) in elements.enumerated() {
                    validate(element, against: items, at: path + "[\(index)]", into: &found)
                }
            }
        case .object(let members):
            validateObject(members, rules, at: path, noun: path.isEmpty ? topMembers : "property", into: &found)
        default:
            break
        }
        if let choices = rules["anyOf"]?.arrayValue {
            // Each choice validated as a schema of its own, sharing the hints left.
            let attempts = choices.map { choice -> [SchemaViolation] in
                var attempt = Findings(hintsLeft: found.hintsLeft)
                validate(value, against: choice, at: "", into: &attempt)
                found.hintsLeft = attempt.hintsLeft
                return attempt.violations
            }
            if !attempts.contains(where: \.isEmpty) {
                let closest = attempts.min { $0.count < $1.count }?.first.map { " (the first: \($0.message))" } ?? ""
                violation("matches none of the \(choices.count) schemas anyOf allows\(closest)")
            }
        }
        if let choices = rules["oneOf"]?.arrayValue {
            let matching = choices.filter { choice in
                // Only whether it matches counts: no hint would be read.
                var attempt = Findings(hintsLeft: 0)
                validate(value, against: choice, at: "", into: &attempt)
                return attempt.violations.isEmpty
            }.count
            if matching != 1 {
                violation(matching == 0
                    ? "matches none of the \(choices.count) schemas oneOf allows"
                    : "matches \(matching) of the schemas oneOf allows, where exactly one must match")
            }
        }
    }

    private static func validateObject(
        _ members: JSONObject, _ rules: JSONObject, at path: String, noun: String, into found: inout Findings
    ) {
        let properties = rules["properties"]?.objectValue ?? [:]
        func place(_ name: String) -> String { path.isEmpty ? name : path + "." + name }
        for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
            found.violations.append(SchemaViolation(path: path, message: "missing required \(noun) '\(name)'"))
        }
        let additional = rules["additionalProperties"]
        // What an unknown name may have meant: the properties not given, listed once.
        var notGiven: [String]?
        for (name, member) in members {
            if let schema = properties[name] {
                validate(member, against: schema, at: place(name), into: &found)
            } else if additional == .bool(false) {
                var hint = ""
                if found.hintsLeft > 0 {
                    found.hintsLeft -= 1
                    if notGiven == nil { notGiven = properties.keys.filter { members[$0] == nil } }
                    hint = Suggestions.didYouMean(name, in: notGiven ?? [])
                }
                found.violations.append(SchemaViolation(path: path, message: "unknown \(noun) '\(name)'\(hint)"))
            } else if let schema = additional, schema.objectValue != nil {
                validate(member, against: schema, at: place(name), into: &found)
            }
        }
    }

    private static func checkBounds(_ value: JSONValue, _ rules: JSONObject, _ violation: (String) -> Void) {
        let number = value.doubleValue ?? 0
        if let least = rules["minimum"], number < (least.doubleValue ?? -.infinity) {
            violation("expected at least \(least.jsonText), got \(value.jsonText)")
        }
        if let most = rules["maximum"], number > (most.doubleValue ?? .infinity) {
            violation("expected at most \(most.jsonText), got \(value.jsonText)")
        }
        if let bound = rules["exclusiveMinimum"], number <= (bound.doubleValue ?? -.infinity) {
            violation("expected more than \(bound.jsonText), got \(value.jsonText)")
        }
        if let bound = rules["exclusiveMaximum"], number >= (bound.doubleValue ?? .infinity) {
            violation("expected less than \(bound.jsonText), got \(value.jsonText)")
        }
    }

    /// Whether `value` is of JSON Schema type `type`: `integer` takes any whole number, `3.0` included.
    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("object", .object), ("array", .array), ("null", .null):
            return true
        case ("number", .int), ("number", .double), ("integer", .int):
            return true
        case ("integer", .double(let number)):
            return number.isFinite && number.rounded() == number
        default:
            return false
        }
    }

    /// JSON equality, with `1` and `1.0` the same number.
    private static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }

    /// The value as JSON for a message, cut short past 40 characters.
    static func excerpt(_ value: JSONValue) -> String {
        let text = value.jsonText
        return text.count <= 40 ? text : String(text.prefix(37)) + "…"
    }
}
