import FanoutCore

/// Fills a JSON template with a call's arguments.
///
/// A string that is exactly `"{arg}"` becomes the argument's value, keeping its JSON type;
/// `{arg}` inside a longer string becomes the argument's text. Everything else is copied as is.
public enum ReturnsTemplate {
    /// The template with every placeholder replaced; throws a ``ToolError`` naming a missing argument.
    public static func render(_ template: JSONValue, arguments: JSONObject, handler: String) throws -> JSONValue {
        switch template {
        case .string(let text):
            let pieces = split(text)
            if pieces.count == 1, case .placeholder(let name) = pieces[0] {
                return try value(of: name, in: arguments, handler: handler)
            }
            guard pieces.contains(where: { if case .placeholder = $0 { true } else { false } }) else { return template }
            var rendered = ""
            for piece in pieces {
                switch piece {
                case .text(let literal): rendered += literal
                case .placeholder(let name):
                    let argument = try value(of: name, in: arguments, handler: handler)
                    rendered += argument.stringValue ?? argument.jsonText
                }
            }
            return .string(rendered)
        case .array(let elements):
            return .array(try elements.map { try render($0, arguments: arguments, handler: handler) })
        case .object(let object):
            var rendered = JSONObject()
            for (key, value) in object {
                rendered[key] = try render(value, arguments: arguments, handler: handler)
            }
            return .object(rendered)
        default:
            return template
        }
    }

    /// The argument names the template uses, in first-use order.
    public static func parameters(of template: JSONValue) -> [String] {
        var names: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .string(let text):
                for case .placeholder(let name) in split(text) where !names.contains(name) { names.append(name) }
            case .array(let elements): elements.forEach(collect)
            case .object(let object): object.values.forEach(collect)
            default: break
            }
        }
        collect(template)
        return names
    }

    private static func value(of name: String, in arguments: JSONObject, handler: String) throws -> JSONValue {
        guard let value = arguments[name] else {
            throw ToolError.invalidArguments("missing argument '\(name)': the returns template of \(handler) uses {\(name)}; pass \(name)=…")
        }
        return value
    }

    /// A run of a template string: literal text, or an `{identifier}` placeholder.
    public enum Piece: Sendable, Equatable {
        case text(String)
        case placeholder(String)
    }

    /// Splits text into literal runs and `{identifier}` placeholders; other braces stay literal.
    /// A string that is one placeholder alone is replaced by the argument's value, keeping its type.
    public static func split(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), isIdentifier(rest[afterOpen..<close]) {
                if !literal.isEmpty { pieces.append(.text(literal)) }
                literal = ""
                pieces.append(.placeholder(String(rest[afterOpen..<close])))
                rest = rest[rest.index(after: close)...]
            } else {
                literal += "{"
                rest = rest[afterOpen...]
            }
        }
        literal += rest
        if !literal.isEmpty || pieces.isEmpty { pieces.append(.text(literal)) }
        return pieces
    }

    private static func isIdentifier(_ text: Substring) -> Bool {
        guard let first = text.first, first == "_" || first.isLetter else { return false }
        return text.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }
}
