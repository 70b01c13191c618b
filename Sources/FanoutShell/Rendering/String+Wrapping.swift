extension String {
    /// The text broken into lines of at most `width` terminal columns, the lines after the first
    /// indented by `indent` spaces, the spacing within a line kept. Breaks fall on spaces outside
    /// quotes and brackets, so a `[key=value]` or a `'{…}'` stays whole; with a `separator` other than
    /// a space, only before it (`a · b · c` keeps each alternative whole). A piece longer than a line
    /// is left to overflow.
    func wrapped(to width: Int, indent: Int, separator: String = " ") -> [String] {
        guard displayWidth > width else { return [self] }
        let breaks = separator == " " ? breakableSpaces : ranges(of: separator).map(\.lowerBound)
        var lines: [String] = []
        var start = startIndex
        var prefix = ""
        while true {
            let rest = prefix + self[start...]
            guard rest.displayWidth > width else {
                lines.append(rest)
                return lines
            }
            // The last break that keeps the line within the width, else the first one there is.
            let candidates = breaks.filter { $0 > start }
            let fitting = candidates.last { (prefix + self[start..<$0]).displayWidth <= width } ?? candidates.first
            guard let end = fitting else {
                lines.append(rest)
                return lines
            }
            lines.append(prefix + self[start..<end])
            start = self[end...].firstIndex { $0 != " " } ?? endIndex
            prefix = String(repeating: " ", count: indent)
        }
    }

    /// Where a line may break: the first space of each run of spaces that lies outside quotes and
    /// brackets, after some text. A quote opens after a space, `=` or `(` only (the apostrophe of
    /// `handler's` opens none), and a bracket only when text follows it (`{ or [` in prose opens none).
    private var breakableSpaces: [String.Index] {
        var breaks: [String.Index] = []
        var quote: Character?
        var depth = 0
        var previous: Character = " "
        var index = startIndex
        while index < endIndex {
            let character = self[index]
            let next = self.index(after: index)
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"", " =(".contains(previous) {
                quote = character
            } else if character == "[" || character == "{", next < endIndex, self[next] != " " {
                depth += 1
            } else if character == "]" || character == "}" {
                depth = max(0, depth - 1)
            } else if character == " ", depth == 0, previous != " ", index > startIndex {
                breaks.append(index)
            }
            previous = character
            index = next
        }
        return breaks
    }
}
