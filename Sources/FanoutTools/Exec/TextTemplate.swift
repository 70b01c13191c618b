import FanoutCore

/// One argv element of an exec handler, with `{argument}` and `${VARIABLE}` placeholders. (The
/// http handler's templates have their own reader, `HTTPTemplate`, which refuses an unclosed
/// `{name` because a URL never holds a literal brace; a command line often does, as jq filters.)
///
/// `{name}` (letters, digits, `_` and `-`, starting with a letter or `_`) stands for the call's
/// argument `name`; `${NAME}` for the environment variable `NAME`, read when the call runs so that a
/// secret never sits in a listing, a transcript or an error. `{{` and `}}` stand for `{` and `}`;
/// any other brace is itself (a jq filter's `{a: .b}` stays as written).
public struct TextTemplate: Sendable, Hashable, CustomStringConvertible {
    /// One part of the text.
    public enum Piece: Sendable, Hashable {
        case literal(String)
        case argument(String)
        case environment(String)
    }

    /// The parts, in order.
    public let pieces: [Piece]
    /// The text as written, for listings: placeholders and `${NAME}` show as themselves.
    public let description: String

    /// Parses `text`.
    public init(_ text: String) {
        description = text
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(text)
        while let first = rest.first {
            if rest.hasPrefix("{{") || rest.hasPrefix("}}") {
                literal.append(first)
                rest = rest.dropFirst(2)
            } else if first == "{", let (name, after) = Self.name(in: rest.dropFirst(), isArgument: true, closing: "}") {
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                pieces.append(.argument(name))
                rest = after
            } else if rest.hasPrefix("${"), let (name, after) = Self.name(in: rest.dropFirst(2), isArgument: false, closing: "}") {
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                pieces.append(.environment(name))
                rest = after
            } else {
                literal.append(first)
                rest = rest.dropFirst()
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
    }

    /// The arguments it names, in order of first use.
    public var argumentNames: [String] {
        var names: [String] = []
        for case .argument(let name) in pieces where !names.contains(name) { names.append(name) }
        return names
    }

    /// The environment variables it reads, in order of first use.
    public var environmentNames: [String] {
        var names: [String] = []
        for case .environment(let name) in pieces where !names.contains(name) { names.append(name) }
        return names
    }

    /// The argument a template of one placeholder alone names (`"{files}"`): an array there may
    /// stand for several argv elements.
    public var wholeArgument: String? {
        guard pieces.count == 1, case .argument(let name) = pieces[0] else { return nil }
        return name
    }

    /// Whether it has no placeholder at all.
    public var isLiteral: Bool {
        pieces.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    /// The text with each placeholder filled in.
    /// - Parameters:
    ///   - arguments: the call's arguments; a placeholder whose argument is missing is an error.
    ///   - environment: where `${NAME}` is looked up; an unset variable is an error that names it.
    ///   - encode: applied to each argument's text (percent-encoding for a URL), not to the rest.
    public func render(
        _ arguments: JSONObject, environment: [String: String], encode: (String) -> String = { $0 }
    ) throws(ToolError) -> String {
        var text = ""
        for piece in pieces {
            switch piece {
            case .literal(let literal): text += literal
            case .argument(let name): text += encode(Self.text(of: try Self.argument(name, in: arguments)))
            case .environment(let name): text += try Self.variable(name, in: environment)
            }
        }
        return text
    }

    /// An argument's text: a string as it is, anything else as compact JSON (`null` as nothing).
    public static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let string): return string
        case .null: return ""
        default: return value.jsonText
        }
    }

    static func argument(_ name: String, in arguments: JSONObject) throws(ToolError) -> JSONValue {
        guard let value = arguments[name] else {
            throw ToolError.invalidArguments("missing argument '\(name)': the template uses {\(name)}")
        }
        return value
    }

    static func variable(_ name: String, in environment: [String: String]) throws(ToolError) -> String {
        guard let value = environment[name] else {
            throw ToolError("environment variable \(name) is not set: export it before starting fanout")
        }
        return value
    }

    /// A placeholder's name and the text after its closing brace, or `nil` when `text` does not
    /// start with one.
    private static func name(in text: Substring, isArgument: Bool, closing: Character) -> (String, Substring)? {
        guard let end = text.firstIndex(of: closing) else { return nil }
        let name = text[..<end]
        guard let first = name.first, first == "_" || first.isASCIILetter else { return nil }
        let allowed: (Character) -> Bool = { $0 == "_" || $0.isASCIILetter || $0.isASCIIDigit || (isArgument && $0 == "-") }
        guard name.allSatisfy(allowed) else { return nil }
        return (String(name), text[text.index(after: end)...])
    }
}

extension Character {
    fileprivate var isASCIILetter: Bool { isASCII && isLetter }
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
