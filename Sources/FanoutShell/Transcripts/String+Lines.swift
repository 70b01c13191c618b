extension String {
    /// The text's lines, split at each newline byte, without the empty one after a final newline.
    ///
    /// Splitting the UTF-8 bytes skips the grapheme breaking a split by `Character` does, which is
    /// most of the cost of reading a large transcript.
    var lines: [String] {
        var lines = utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(Substring($0)) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
