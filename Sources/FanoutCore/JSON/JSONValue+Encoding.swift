extension JSONValue {
    /// The value as compact JSON text (`{"a":1,"b":[true,null]}`), keys in their stored order.
    public var jsonText: String {
        var writer = JSONWriter()
        writer.value(self)
        return writer.text
    }

    /// The value as indented JSON text, two spaces per level, for people to read.
    public var prettyJSONText: String {
        var writer = JSONWriter()
        writer.nested(self, indented: true)
        return writer.text
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
    /// The value as compact JSON text.
    public var description: String { jsonText }
}
