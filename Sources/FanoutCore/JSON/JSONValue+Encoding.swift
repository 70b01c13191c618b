extension JSONValue {
    /// The value as compact JSON text (`{"a":1,"b":[true,null]}`), keys in their stored order.
    public var jsonText: String {
        var writer = JSONWriter()
        writer.value(self)
        return writer.text
    }

    /// The value as indented JSON text, two spaces per level, for people to read.
    public var prettyJSONText: String {
        var output = ""
        appendPretty(to: &output, indent: "")
        return output
    }

    private func appendPretty(to output: inout String, indent: String) {
        let inner = indent + "  "
        switch self {
        case .array(let elements) where !elements.isEmpty:
            output += "[\n"
            for (index, element) in elements.enumerated() {
                output += inner
                element.appendPretty(to: &output, indent: inner)
                output += index == elements.count - 1 ? "\n" : ",\n"
            }
            output += indent + "]"
        case .object(let object) where !object.isEmpty:
            output += "{\n"
            for (index, (key, value)) in object.enumerated() {
                output += inner + JSONValue.quoted(key) + ": "
                value.appendPretty(to: &output, indent: inner)
                output += index == object.count - 1 ? "\n" : ",\n"
            }
            output += indent + "}"
        default:
            output += jsonText
        }
    }

    /// JSON text for a double: the shortest form that reads back the same; `null` when not finite.
    public static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded() == value, abs(value) < 1e15 {
            return String(Int(value)) + ".0"
        }
        return String(value)
    }

    /// `text` as a quoted JSON string, escaping quotes, backslashes and control characters.
    public static func quoted(_ text: String) -> String {
        var writer = JSONWriter(capacity: text.utf8.count + 2)
        writer.quoted(text)
        return writer.text
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { jsonText }
}
