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

    /// Appends the compact JSON text of the value to `output`.
    public func appendCompact(to output: inout String) {
        switch self {
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.appendCompact(to: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (index, (key, value)) in object.enumerated() {
                if index > 0 { output += "," }
                JSONValue.appendQuoted(key, to: &output)
                output += ":"
                value.appendCompact(to: &output)
            }
            output += "}"
        default:
            appendScalar(to: &output)
        }
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
                output += inner
                JSONValue.appendQuoted(key, to: &output)
                output += ": "
                value.appendPretty(to: &output, indent: inner)
                output += index == object.count - 1 ? "\n" : ",\n"
            }
            output += indent + "}"
        default:
            appendCompact(to: &output)
        }
    }

    private func appendScalar(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value): output += JSONValue.numberText(value)
        case .string(let value): JSONValue.appendQuoted(value, to: &output)
        case .array, .object: appendCompact(to: &output)
        }
    }

    /// JSON text for a double: the shortest form that reads back the same; `null` when not finite.
    static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded() == value, abs(value) < 1e15 {
            return String(Int(value)) + ".0"
        }
        return String(value)
    }

    /// Appends `text` as a quoted JSON string, escaping quotes, backslashes and control characters.
    public static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        var needsEscaping = false
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscaping = true
            break
        }
        guard needsEscaping else {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// `text` as a quoted JSON string.
    public static func quoted(_ text: String) -> String {
        var output = ""
        appendQuoted(text, to: &output)
        return output
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { jsonText }
}
