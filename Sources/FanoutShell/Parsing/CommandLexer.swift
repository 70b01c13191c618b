/// One word of a command line, with where it started and which parts were quoted.
public struct Word: Sendable, Equatable {
    /// A run of characters that was either quoted or not.
    public struct Segment: Sendable, Equatable {
        public var text: String
        public var quoted: Bool
        /// Written in `"…"`: a JSON-style string, never parsed as a JSON value.
        public var doubleQuoted = false
    }

    public var segments: [Segment]
    /// 1-based column of the word's first character.
    public var column: Int

    /// The word with its quotes removed and escapes applied.
    public var text: String { segments.map(\.text).joined() }

    /// Whether any part of the word was quoted.
    public var isQuoted: Bool { segments.contains { $0.quoted } }

    /// Whether any part of the word was in double quotes.
    public var isDoubleQuoted: Bool { segments.contains { $0.doubleQuoted } }
}

/// An error in a command line: what was wrong, at which column, and how to fix it.
public struct CommandError: Error, Sendable, Equatable {
    public var message: String
    /// 1-based column the problem starts at, when it is about one place.
    public var column: Int?
    /// Set when the user has already been shown this error (by a command inside `source`).
    public var alreadyReported: Bool

    public init(_ message: String, column: Int? = nil, alreadyReported: Bool = false) {
        self.message = message
        self.column = column
        self.alreadyReported = alreadyReported
    }

    /// The message as shown to the user: `column 12: …` when the column is known.
    public var text: String {
        guard let column else { return message }
        return "column \(column): \(message)"
    }
}

/// Splits a command line into words.
///
/// Words split on spaces; `'…'` is literal; `"…"` takes JSON-style escapes; `#` at the start of a
/// word starts a comment. An unquoted `{` or `[` opens a JSON value that runs, spaces and all,
/// until its brackets balance, so `data={"a": 1}` is one word.
public enum CommandLexer {
    public static func words(in line: String) throws(CommandError) -> [Word] {
        var words: [Word] = []
        var segments: [Word.Segment] = []
        var current = ""
        var wordColumn = 0
        var inWord = false
        let characters = Array(line)
        var index = 0

        func finishSegment(quoted: Bool, double: Bool = false) {
            if !current.isEmpty || quoted { segments.append(Word.Segment(text: current, quoted: quoted, doubleQuoted: double)) }
            current = ""
        }

        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character == " " || character == "\t" {
                if inWord {
                    finishSegment(quoted: false)
                    words.append(Word(segments: segments, column: wordColumn))
                    segments = []
                    inWord = false
                }
                index += 1
                continue
            }
            if !inWord {
                if character == "#" { break }
                inWord = true
                wordColumn = column
            }
            switch character {
            case "'":
                finishSegment(quoted: false)
                guard let close = characters[(index + 1)...].firstIndex(of: "'") else {
                    throw CommandError("unterminated ' quote: add a closing '", column: column)
                }
                current = String(characters[(index + 1)..<close])
                finishSegment(quoted: true)
                index = close + 1
            case "\"":
                finishSegment(quoted: false)
                let (text, end) = try readDoubleQuoted(characters, from: index)
                current = text
                finishSegment(quoted: true, double: true)
                index = end
            case "{", "[":
                let end = try jsonExtent(characters, from: index)
                current += String(characters[index..<end])
                index = end
            default:
                current.append(character)
                index += 1
            }
        }
        if inWord {
            finishSegment(quoted: false)
            words.append(Word(segments: segments, column: wordColumn))
        }
        return words
    }

    /// Reads a `"…"` string starting at `start` (the quote), applying JSON escapes.
    private static func readDoubleQuoted(_ characters: [Character], from start: Int) throws(CommandError) -> (String, Int) {
        var text = ""
        var index = start + 1
        while index < characters.count {
            let character = characters[index]
            if character == "\"" { return (text, index + 1) }
            if character == "\\" {
                guard index + 1 < characters.count else { break }
                let escape = characters[index + 1]
                switch escape {
                case "\"": text.append("\"")
                case "\\": text.append("\\")
                case "/": text.append("/")
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "b": text.append("\u{08}")
                case "f": text.append("\u{0C}")
                case "u":
                    var (value, next) = try hex4(characters, at: index)
                    if (0xD800..<0xDC00).contains(value) {
                        // A UTF-16 surrogate pair, as JSON writes characters beyond the first plane.
                        guard next + 1 < characters.count, characters[next] == "\\", characters[next + 1] == "u",
                              case let (low, end) = try hex4(characters, at: next), (0xDC00..<0xE000).contains(low)
                        else {
                            throw CommandError("\\u\(String(value, radix: 16)) is half of a surrogate pair: follow it with its low half, like \\ud83d\\ude00", column: index + 1)
                        }
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        next = end
                    }
                    guard let scalar = Unicode.Scalar(value) else {
                        throw CommandError("\\u\(String(value, radix: 16)) is a lone low surrogate: it cannot stand alone", column: index + 1)
                    }
                    text.unicodeScalars.append(scalar)
                    index = next
                    continue
                default:
                    throw CommandError(
                        "invalid escape '\\\(escape)' in \"…\": use \\\\ for a backslash, or '…' for literal text",
                        column: index + 1)
                }
                index += 2
                continue
            }
            text.append(character)
            index += 1
        }
        throw CommandError("unterminated \" quote: add a closing \"", column: start + 1)
    }

    /// The 4 hex digits of a `\\u` escape whose backslash is at `index`, and the index after them.
    private static func hex4(_ characters: [Character], at index: Int) throws(CommandError) -> (UInt32, Int) {
        let end = index + 6
        guard end <= characters.count,
              characters[(index + 2)..<end].allSatisfy(\.isHexDigit),
              let value = UInt32(String(characters[(index + 2)..<end]), radix: 16)
        else {
            throw CommandError("invalid \\u escape: expected 4 hex digits, like \\u00e9", column: index + 1)
        }
        return (value, end)
    }

    /// The end (exclusive) of the JSON value opening at `start`: where its brackets balance.
    /// An unbalanced value ends at the end of the line; the JSON parser reports what is missing.
    private static func jsonExtent(_ characters: [Character], from start: Int) throws(CommandError) -> Int {
        var depth = 0
        var inString = false
        var index = start
        while index < characters.count {
            let character = characters[index]
            if inString {
                if character == "\\" { index += 2; continue }
                if character == "\"" { inString = false }
            } else {
                switch character {
                case "\"": inString = true
                case "{", "[": depth += 1
                case "}", "]":
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
            }
            index += 1
        }
        return characters.count
    }
}
