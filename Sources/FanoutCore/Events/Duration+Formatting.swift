extension Duration {
    /// A compact human form: `500ms`, `1s`, `1.5s`, `2m`, `250µs`.
    public var shortText: String {
        let micros = roundedMicroseconds
        if micros >= 60_000_000, micros % 60_000_000 == 0 { return "\(micros / 60_000_000)m" }
        if micros >= 1_000_000 { return Duration.decimal((micros + 500) / 1000, scale: 1000) + "s" }
        if micros >= 1000 || micros == 0 { return Duration.decimal(micros, scale: 1000) + "ms" }
        return "\(micros)µs"
    }

    /// `value / scale` with up to three decimals, trailing zeros dropped.
    private static func decimal(_ value: Int64, scale: Int64) -> String {
        let whole = value / scale, fraction = value % scale
        guard fraction != 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    /// Whole microseconds, rounded to nearest.
    public var roundedMicroseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + (attoseconds + (attoseconds >= 0 ? 500_000_000_000 : -500_000_000_000)) / 1_000_000_000_000
    }

    /// Milliseconds with at most three decimals and no trailing zeros: `1000`, `1000.5`, `0.125`.
    public var millisecondsText: String {
        var writer = JSONWriter(capacity: 16)
        writer.milliseconds(self)
        return writer.text
    }

    /// The duration in seconds, as a `Double`.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// The duration in milliseconds, as a `Double`.
    public var milliseconds: Double { seconds * 1000 }
}
