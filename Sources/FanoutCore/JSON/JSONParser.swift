/// An error in JSON text: what was wrong and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, e.g. `expected ',' or '}'`.
    public var message: String
    /// The 0-based offset, in characters, of the first offending character.
    public var offset: Int
    /// Whether the text was a well-formed number too large to keep: beyond a `Double` (such as
    /// `1e400`), or a whole number beyond `Int` (it would lose digits), as opposed to malformed JSON:
    /// callers reading loose values must not take it for plain text.
    public var isNumberOutOfRange = false
    /// Whether an object named the same key twice: well-formed text, but one of its values would be
    /// lost without a word, as a call's argument given twice would be.
    public var isDuplicateKey = false

    /// The message and the column it points at.
    public var description: String { "\(message) at column \(offset + 1)" }
}

/// Reads JSON text into a ``JSONValue``, keeping object keys in order.
///
/// Foundation's `JSONSerialization` loses key order, which would make outputs print differently
/// from run to run; this small recursive-descent reader keeps it and reports the column of an error.
public struct JSONParser {
    /// Nesting deeper than this is rejected rather than risking the stack on hostile input.
    public static let maximumDepth = 256

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Parses `text` as exactly one JSON value (surrounding whitespace allowed).
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(text)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.position < parser.bytes.count {
            throw parser.error("unexpected text after the JSON value")
        }
        return value
    }

    private func error(_ message: String, at byteOffset: Int? = nil) -> JSONParseError {
        let end = min(byteOffset ?? position, bytes.count)
        let characters = String(decoding: bytes[0..<end], as: UTF8.self).count
        return JSONParseError(message: message, offset: characters)
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) {
            position += 1
        }
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard let byte = current else { throw error("unexpected end of JSON") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default:
            throw error("unexpected character '\(String(decoding: [byte], as: UTF8.self))'")
        }
    }

    private mutating func enterNesting() throws(JSONParseError) {
        depth += 1
        if depth > JSONParser.maximumDepth {
            throw error("JSON nested deeper than \(JSONParser.maximumDepth) levels")
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterNesting()
        position += 1
        var object = JSONObject()
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
            let keyStart = position
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key.excerpt)\"") }
            position += 1
            skipWhitespace()
            if object.updateValue(try parseValue(), forKey: key) != nil {
                var duplicate = error("duplicate key \(key.quotedExcerpt): an object names each key once; keep one", at: keyStart)
                duplicate.isDuplicateKey = true
                throw duplicate
            }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(object)
            case nil: throw error("unterminated object: expected ',' or '}'")
            default: throw error("expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterNesting()
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            case nil: throw error("unterminated array: expected ',' or ']'")
            default: throw error("expected ',' or ']'")
            }
        }
    }

    private mutating func parseLiteral(_ word: String, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        let wordBytes = Array(word.utf8)
        guard position + wordBytes.count <= bytes.count,
              Array(bytes[position..<position + wordBytes.count]) == wordBytes
        else { throw error("invalid literal: expected \(word)") }
        position += wordBytes.count
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        var isInteger = true
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            throw error("invalid number: expected a digit")
        }
        func skipDigits(_ parser: inout JSONParser) -> Int {
            let digitsStart = parser.position
            while let byte = parser.current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                parser.position += 1
            }
            return parser.position - digitsStart
        }
        if first == UInt8(ascii: "0"), position + 1 < bytes.count,
           (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position + 1]) {
            throw error("invalid number: no leading zeros (write 7, not 07; quote it to keep a string)")
        }
        _ = skipDigits(&self)
        if current == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            if skipDigits(&self) == 0 { throw error("invalid number: expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            if skipDigits(&self) == 0 { throw error("invalid number: expected a digit in the exponent") }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger {
            if let value = Int(text) { return .int(value) }
            // As a Double it would lose digits silently, and a model's big ids must come through whole.
            var outOfRange = error("whole number \(text) is out of range (beyond ±\(Int.max))", at: start)
            outOfRange.isNumberOutOfRange = true
            throw outOfRange
        }
        guard let value = Double(text) else { throw error("invalid number", at: start) }
        // Double(_:) turns 1e400 into infinity, which JSON cannot write back: it would print as null.
        guard value.isFinite else {
            var outOfRange = error("number \(text) is out of range (beyond ±1.8e308)", at: start)
            outOfRange.isNumberOutOfRange = true
            throw outOfRange
        }
        return .double(value)
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        let quote = position
        position += 1
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flushRun(_ parser: JSONParser, upTo end: Int, into scalars: inout String.UnicodeScalarView) {
            if end > runStart {
                scalars.append(contentsOf: String(decoding: parser.bytes[runStart..<end], as: UTF8.self).unicodeScalars)
            }
        }
        while true {
            guard let byte = current else { throw error("unterminated string", at: quote) }
            switch byte {
            case UInt8(ascii: "\""):
                flushRun(self, upTo: position, into: &scalars)
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                flushRun(self, upTo: position, into: &scalars)
                position += 1
                scalars.append(try parseEscape())
                runStart = position
            case 0..<0x20:
                throw error("control character in string: escape it as \\u\(String(format4: byte))")
            default:
                position += 1
            }
        }
    }

    private mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
        guard let byte = current else { throw error("unterminated escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex4()
            if (0xD800..<0xDC00).contains(high) {
                guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
                else { throw error("unpaired surrogate \\u\(String(high, radix: 16))") }
                position += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("invalid low surrogate") }
                let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                return Unicode.Scalar(combined) ?? "\u{FFFD}"
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("unpaired surrogate \\u\(String(high, radix: 16))") }
            return scalar
        default:
            position -= 1
            throw error("invalid escape '\\\(String(decoding: [byte], as: UTF8.self))'")
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard position + 4 <= bytes.count,
              bytes[position..<position + 4].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
              let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else { throw error("invalid \\u escape: expected 4 hex digits") }
        position += 4
        return value
    }
}

extension String {
    fileprivate init(format4 byte: UInt8) {
        let hex = String(byte, radix: 16)
        self = String(repeating: "0", count: 4 - hex.count) + hex
    }
}
