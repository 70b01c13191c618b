extension String {
    /// The text with line breaks, tabs and other control characters written as escapes (`\n`,
    /// `\u{1B}`): for text from handlers and users shown on one line of output. Raw, a newline could
    /// put a `fanout> ` line into a transcript's output, which replay and check would run as a
    /// command, and an escape sequence would act on the terminal.
    var oneLine: String {
        guard unicodeScalars.contains(where: \.isControlCharacter) else { return self }
        var text = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.isControlCharacter:
                text += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}

extension Unicode.Scalar {
    /// C0 and C1 control characters and DEL.
    fileprivate var isControlCharacter: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
    }
}
