import FanoutCore

/// Reads argument values and durations as the command language writes them.
public enum ValueParser {
    /// A `key=value` word split at its first unquoted `=`; `nil` when it has none.
    public static func keyValue(_ word: Word) -> (key: String, value: Word)? {
        var key = ""
        for (position, segment) in word.segments.enumerated() {
            guard !segment.quoted, let equals = segment.text.firstIndex(of: "=") else {
                if segment.quoted { return nil }
                key += segment.text
                continue
            }
            key += segment.text[..<equals]
            var rest = word.segments[(position + 1)...].map { $0 }
            let tail = String(segment.text[segment.text.index(after: equals)...])
            if !tail.isEmpty { rest.insert(Word.Segment(text: tail, quoted: false), at: 0) }
            let valueColumn = word.column + key.count + 1
            return (key, Word(segments: rest, column: valueColumn))
        }
        return nil
    }

    /// The JSON value a word stands for: `{…}`/`[…]` is JSON; a bare `42`, `3.5`, `true`, `false`,
    /// `null` is that value; anything else, and any quoted scalar, is a string.
    public static func jsonValue(_ word: Word, describing name: String) throws(CommandError) -> JSONValue {
        let text = word.text
        // "…" is a string, as in JSON; '…' or bare text starting with { or [ is a JSON value.
        if word.isDoubleQuoted { return .string(text) }
        if let first = text.first, first == "{" || first == "[" {
            do {
                return try JSONParser.parse(text)
            } catch where error.isNumberOutOfRange {
                throw numberOutOfRange(error, in: text, describing: name, column: word.column)
            } catch where error.isDuplicateKey {
                throw CommandError("invalid JSON in \(name): \(error.message)", column: word.column + error.offset)
            } catch {
                throw CommandError(
                    "invalid JSON in \(name): \(error.message); check brackets, commas and \"quoted\" keys, or write text in \"…\"",
                    column: word.column + error.offset)
            }
        }
        if word.isQuoted { return .string(text) }
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        if isNumber(text) {
            do {
                return try JSONParser.parse(text)
            } catch where error.isNumberOutOfRange {
                throw numberOutOfRange(error, in: text, describing: name, column: word.column)
            } catch {
                // Number-like text that is no number (1-2, 1e5e6) is text.
            }
        }
        return .string(text)
    }

    /// The error for a number too large to keep (it would print as null), naming the number.
    private static func numberOutOfRange(
        _ error: JSONParseError, in text: String, describing name: String, column: Int
    ) -> CommandError {
        let number = text.dropFirst(error.offset).prefix { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
        let whole = !number.contains { ".eE".contains($0) }
        let range = whole ? "whole numbers stop at ±\(Int.max)" : "beyond ±1.8e308"
        return CommandError(
            "number \(number) in \(name) is out of range (\(range)): use a smaller number, or write it in \"…\" to keep it as text",
            column: column + error.offset)
    }

    private static func isNumber(_ text: String) -> Bool {
        guard let first = text.first, first == "-" || first.isASCII && first.isNumber else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
    }

    /// A duration: `250ms`, `1s`, `1.5s`, `2m`, `100us`; a bare number is seconds.
    public static func duration(_ text: String, column: Int? = nil) throws(CommandError) -> Duration {
        let units: [(suffix: String, seconds: Double)] = [("ms", 1e-3), ("us", 1e-6), ("µs", 1e-6), ("s", 1), ("m", 60)]
        var number = Substring(text)
        var scale = 1.0
        for unit in units where text.hasSuffix(unit.suffix) {
            number = text.dropLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        if text.hasPrefix("-") {
            throw CommandError("a duration cannot be negative: \(text.quotedExcerpt)", column: column)
        }
        if let unit = text.drop(while: { $0.isNumber || $0 == "." }).first, scale == 1, !text.hasSuffix("s"), unit.isLetter {
            throw CommandError("unknown unit in \(text.quotedExcerpt): use ms, s or m, like 250ms, 1.5s or 2m", column: column)
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value.isFinite
        else {
            throw CommandError("invalid duration \(text.quotedExcerpt): write a number and a unit, like 250ms, 1.5s or 2m", column: column)
        }
        let micros = (value * scale * 1e6).rounded()
        guard micros <= 1e15 else {
            throw CommandError("duration \(text.quotedExcerpt) is too long: keep it under a few years", column: column)
        }
        return .microseconds(Int64(micros))
    }

    /// A whole number within `range`, or an error saying what `name` accepts.
    public static func integer(_ text: String, name: String, range: ClosedRange<Int>, column: Int? = nil) throws(CommandError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw CommandError("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(text.quotedExcerpt)", column: column)
        }
        return value
    }
}
