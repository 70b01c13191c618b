import FanoutCore
import FanoutShell

/// Command lines, as typed or read from a script: words, `key=value` splits, JSON values, durations,
/// numbers and `$call.path` references.
enum LexerTarget {
    static func run(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let characters = line.count
            let words: [Word]
            do {
                words = try CommandLexer.words(in: String(line))
            } catch {
                check(error, within: characters)
                continue
            }
            for word in words {
                precondition((1...max(1, characters)).contains(word.column), "word column \(word.column) outside a line of \(characters)")
                values(of: word)
            }
        }
    }

    private static func values(of word: Word) {
        if let (key, value) = ValueParser.keyValue(word) {
            precondition(value.column > word.column, "a value starts after its key")
            jsonValue(value, key)
        }
        jsonValue(word, "word")
        let text = word.text
        do { _ = try ValueParser.duration(text, column: word.column) } catch { _ = error.text }
        do { _ = try ValueParser.integer(text, name: "count", range: 1...1000, column: word.column) } catch { _ = error.text }
        if text.hasPrefix("$") {
            let body = text.dropFirst()
            let nameEnd = body.firstIndex { $0 == "." || $0 == "[" } ?? body.endIndex
            do {
                let path = try JSONPath(parsing: String(body[nameEnd...]))
                _ = path.description
            } catch {
                _ = error.description
            }
        }
    }

    private static func jsonValue(_ word: Word, _ name: String) {
        do {
            _ = try ValueParser.jsonValue(word, describing: name).jsonText
        } catch {
            _ = error.text
        }
    }

    private static func check(_ error: CommandError, within characters: Int) {
        if let column = error.column {
            precondition((1...characters + 1).contains(column), "error column \(column) outside a line of \(characters): \(error.message)")
        }
    }
}
