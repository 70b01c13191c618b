extension String {
    /// The most characters of input a message repeats.
    public static let excerptLimit = 60

    /// The text in single quotes, for a message that repeats input: `'get_wether'`. Longer than
    /// ``excerptLimit`` characters, it is cut there and its length given: `'aaaa…' (5,242,880 characters)`,
    /// so a pasted blob cannot turn an error into megabytes.
    public var quotedExcerpt: String {
        let (shown, length) = excerptParts
        return "'\(shown)'" + (length.map { " (\($0) characters)" } ?? "")
    }

    /// The text as ``quotedExcerpt`` shows it, without the quotes: for input that reads as itself in a
    /// message, such as a `$reference`.
    public var excerpt: String {
        let (shown, length) = excerptParts
        return shown + (length.map { " (\($0) characters)" } ?? "")
    }

    /// The text to show, with `…` when cut, and the full length (thousands grouped) when it was.
    private var excerptParts: (shown: String, length: String?) {
        guard !dropFirst(String.excerptLimit).isEmpty else { return (self, nil) }
        return (prefix(String.excerptLimit) + "…", String.grouped(count))
    }

    private static func grouped(_ number: Int) -> String {
        var digits = String(number)
        var index = digits.endIndex
        while digits.distance(from: digits.startIndex, to: index) > 3 {
            index = digits.index(index, offsetBy: -3)
            digits.insert(",", at: index)
        }
        return digits
    }
}
