import FanoutCore

/// Python source text for the values and names `export python` writes.
enum PythonSource {
    /// `value` as a Python literal: `None`, `True`, `185.5`, `"Tokyo"`, `[1, 2]`, `{"a": 1}`.
    ///
    /// JSON's string escapes are all Python escapes too, so a string is written as JSON quotes it.
    static func literal(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .double(let number): return JSONValue.numberText(number)
        case .string(let text): return JSONValue.quoted(text)
        case .array(let elements): return "[" + elements.map(literal).joined(separator: ", ") + "]"
        case .object(let object):
            return "{" + object.map { JSONValue.quoted($0.key) + ": " + literal($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// A duration in seconds, as `asyncio.sleep` and `time.sleep` take it: `1`, `0.5`, `600`.
    static func seconds(_ duration: Duration) -> String {
        let micros = duration.roundedMicroseconds
        if micros % 1_000_000 == 0 { return String(micros / 1_000_000) }
        return String(Double(micros) / 1_000_000)
    }

    /// `value` read at `path`, as Python subscripts: `orders["orders"][0]`.
    static func subscripts(_ value: String, _ path: JSONPath) -> String {
        path.components.reduce(value) { text, component in
            switch component {
            case .key(let key): return text + "[" + JSONValue.quoted(key) + "]"
            case .index(let index): return text + "[\(index)]"
            }
        }
    }

    /// The longest line the program's own code makes, as Python formatters have it.
    static let lineWidth = 88

    /// `text` cut into lines of at most ``lineWidth`` characters, at spaces.
    static func wrap(_ text: String, width: Int = lineWidth, indent: String = "") -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width - indent.count {
                lines.append(indent + line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(indent + line) }
        return lines
    }

    /// `text` as a docstring of lines at most 88 characters wide, each starting with `indent`; `text`
    /// ends in a period, so no quote of its own runs into the closing ones.
    static func docstring(_ text: String, indent: String) -> [String] {
        // A backslash or three quotes in a row would change or end the string.
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"\"\"", with: "\\\"\\\"\\\"")
        return PythonSource.wrap("\"\"\"" + escaped + ".\"\"\"", indent: indent)
    }

    /// Whether `name` can name a Python variable, function or class.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || isASCIILetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || isASCIILetter($0) || ("0"..."9").contains($0) }
            && !keywords.contains(name)
    }

    /// `name` made into an identifier: characters Python does not take become `_`.
    static func identifier(from name: String) -> String {
        var text = String(String.UnicodeScalarView(name.unicodeScalars.map { scalar in
            scalar == "_" || isASCIILetter(scalar) || ("0"..."9").contains(scalar) ? scalar : "_"
        }))
        if text.first.map({ $0.isNumber }) ?? true { text = "_" + text }
        return keywords.contains(text) ? text + "_" : text
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// Python's reserved words, which no name may be.
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// Python's built-in exceptions whose message prints as given (`str(ConnectionError("reset"))` is
    /// `reset`), so raising one reports the error text fanout does. `KeyError` quotes its message
    /// and is left out.
    static let plainBuiltinExceptions: Set<String> = [
        "ArithmeticError", "AssertionError", "AttributeError", "BlockingIOError", "BrokenPipeError",
        "BufferError", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
        "ConnectionRefusedError", "ConnectionResetError", "EOFError", "Exception", "FileExistsError",
        "FileNotFoundError", "FloatingPointError", "ImportError", "IndexError", "InterruptedError",
        "IsADirectoryError", "LookupError", "MemoryError", "ModuleNotFoundError", "NameError",
        "NotADirectoryError", "NotImplementedError", "OSError", "OverflowError", "PermissionError",
        "ProcessLookupError", "RecursionError", "ReferenceError", "RuntimeError", "TimeoutError",
        "TypeError", "ValueError", "ZeroDivisionError",
    ]

    /// Names of Python's built-ins that are not plain exceptions: a class of the program must not hide one.
    static let otherBuiltins: Set<String> = [
        "KeyError", "BaseException", "SystemExit", "KeyboardInterrupt", "GeneratorExit", "StopIteration",
        "StopAsyncIteration", "UnicodeError", "UnicodeDecodeError", "UnicodeEncodeError", "SyntaxError",
        "abs", "all", "any", "bool", "bytes", "callable", "dict", "dir", "enumerate", "filter", "float",
        "format", "getattr", "hasattr", "hash", "id", "input", "int", "isinstance", "iter", "len", "list",
        "map", "max", "min", "next", "object", "open", "print", "range", "repr", "round", "set", "sorted",
        "str", "sum", "super", "tuple", "type", "vars", "zip",
    ]
}
