extension String {
    /// The columns the text takes on a terminal: two for each wide character (CJK, emoji), none for
    /// combining marks and other zero-width characters, one for the rest. Escape sequences are not
    /// skipped (see ``LiveBlock/visibleWidth(_:)``).
    var displayWidth: Int {
        reduce(0) { $0 + $1.displayWidth }
    }

    /// The string padded with spaces to at least `width` terminal columns.
    func padding(_ width: Int) -> String {
        let shown = displayWidth
        return shown >= width ? self : self + String(repeating: " ", count: width - shown)
    }
}

extension Character {
    /// The columns the character takes on a terminal, as `wcwidth` counts them for a UTF-8 locale,
    /// taken per grapheme: an emoji sequence (a flag, a family joined by ZWJ) is one wide character.
    var displayWidth: Int {
        let scalars = unicodeScalars
        guard let first = scalars.first else { return 0 }
        // U+FE0F asks for the emoji presentation, which terminals draw two columns wide.
        if first.properties.isEmojiPresentation || scalars.contains("\u{FE0F}") || first.isEastAsianWide {
            return 2
        }
        return scalars.allSatisfy(\.isZeroWidth) ? 0 : 1
    }
}

extension Unicode.Scalar {
    /// Whether East Asian Width gives the scalar two columns (W or F): CJK, kana, hangul, fullwidth forms.
    fileprivate var isEastAsianWide: Bool {
        let value = self.value
        guard value >= 0x1100 else { return false }
        return Unicode.Scalar.wideRanges.contains { $0.contains(value) }
    }

    fileprivate var isZeroWidth: Bool {
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return true
        default: return false
        }
    }

    /// The East Asian Wide and Fullwidth blocks, as wcwidth implementations list them (emoji are
    /// found by their presentation property instead).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
        0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
        0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
