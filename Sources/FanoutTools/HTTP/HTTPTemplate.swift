import FanoutCore
import Foundation

/// Text with `{argument}` and `${VARIABLE}` placeholders, parsed once when the handler is built so a
/// malformed template fails at registration, not at the model's first call.
///
/// A `{` followed by a letter or `_` opens an argument placeholder and must be closed; any other
/// `{` is literal (so a JSON body template such as `{"q": "{query}"}` needs no escaping), and `{{`
/// is a literal `{` for the rare text that needs `{name}` as it is.
struct HTTPTemplate: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case literal(String)
        case argument(String)
        case environment(String)
    }

    /// The template as written: what listings show, with `${NAME}` rather than its value.
    let text: String
    let parts: [Part]

    /// Parses `text`; `field` names it in errors ("the URL", "header X-Api-Key").
    init(_ text: String, field: String) throws(HTTPHandlerError) {
        self.text = text
        var parts: [Part] = []
        var literal = ""
        let characters = Array(text)
        var index = 0
        func flush() {
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
        }
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "{", next == "{" {
                literal.append("{")
                index += 2
            } else if character == "{", let next, HTTPTemplate.startsName(next) {
                guard let (name, end) = HTTPTemplate.name(in: characters, from: index + 1) else {
                    throw .unclosedPlaceholder(field: field, column: index + 1)
                }
                flush()
                parts.append(.argument(name))
                index = end + 1
            } else if character == "$", next == "{" {
                guard let (name, end) = HTTPTemplate.name(in: characters, from: index + 2),
                      name.allSatisfy({ $0 != "." && $0 != "-" })
                else { throw .unclosedPlaceholder(field: field, column: index + 2) }
                flush()
                parts.append(.environment(name))
                index = end + 1
            } else {
                literal.append(character)
                index += 1
            }
        }
        flush()
        self.parts = parts
    }

    private static func startsName(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && character.isLetter)
    }

    private static func continuesName(_ character: Character) -> Bool {
        startsName(character) || (character.isASCII && character.isNumber) || character == "-" || character == "."
    }

    /// The name starting at `start` and the index of the `}` that closes it, or `nil` when the
    /// placeholder is not closed right after its name.
    private static func name(in characters: [Character], from start: Int) -> (String, Int)? {
        guard start < characters.count, startsName(characters[start]) else { return nil }
        var end = start
        while end < characters.count, continuesName(characters[end]) { end += 1 }
        guard end < characters.count, characters[end] == "}" else { return nil }
        return (String(characters[start..<end]), end)
    }

    /// The names of the arguments the template uses, in order of first use.
    var argumentNames: [String] {
        var seen: [String] = []
        for case .argument(let name) in parts where !seen.contains(name) { seen.append(name) }
        return seen
    }

    /// The template with arguments and environment variables filled in. `encode` turns an
    /// argument's text into what the field needs (percent-encoding in a URL); variables go in as
    /// they are, and the values read are added to `secrets` so errors can hide them.
    func render(
        _ arguments: JSONObject, field: String, secrets: inout HTTPSecrets,
        encode: (String) -> String = { $0 }
    ) throws(ToolError) -> String {
        var result = ""
        for part in parts {
            switch part {
            case .literal(let text):
                result += text
            case .argument(let name):
                guard let value = arguments[name] else {
                    throw .invalidArguments("missing argument '\(name)': \(field) uses {\(name)}")
                }
                result += encode(HTTPTemplate.text(of: value))
            case .environment(let name):
                result += try secrets.read(name)
            }
        }
        return result
    }

    /// What an argument puts in a template: a string's own text, any other value's compact JSON.
    static func text(of value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.jsonText
    }

    /// `text` with every byte outside RFC 3986's unreserved set percent-encoded, so an argument
    /// stays one path segment or one query value whatever it contains (`&`, `/`, `?`, `#`, spaces).
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The environment variables one call read, so that no message it produces shows their values.
struct HTTPSecrets {
    private(set) var values: [(name: String, value: String)] = []

    /// The variable's value, read now rather than at registration so a rotated key is picked up.
    mutating func read(_ name: String) throws(ToolError) -> String {
        guard let raw = getenv(name) else {
            throw ToolError("environment variable \(name) is not set")
        }
        let value = String(cString: raw)
        if !values.contains(where: { $0.name == name }) { values.append((name, value)) }
        return value
    }

    /// `text` with each value read replaced by `${NAME}`. Values shorter than 4 characters are
    /// left: hiding `1` or `on` would garble the message and protects nothing.
    func redact(_ text: String) -> String {
        var text = text
        for (name, value) in values.sorted(by: { $0.value.count > $1.value.count }) where value.count >= 4 {
            text = text.replacingOccurrences(of: value, with: "${\(name)}")
        }
        return text
    }
}
