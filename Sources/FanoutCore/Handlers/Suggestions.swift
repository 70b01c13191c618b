/// "Did you mean" support: the closest of some candidate words.
public enum Suggestions {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a plausible typo.
    public static func closest(to word: String, in candidates: some Collection<String>) -> String? {
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if best == nil || distance < best!.distance {
                best = (candidate, distance)
            }
        }
        guard let best else { return nil }
        let allowed = max(1, min(word.count, best.candidate.count) / 3)
        if best.distance <= allowed { return best.candidate }
        // An abbreviation, or a candidate with something added (`realtime` for `real`), is a plausible
        // intent even when it is many edits away.
        guard lowered.count >= 2 else { return nil }
        return candidates.first { $0.lowercased().hasPrefix(lowered) }
            ?? candidates.first { $0.count >= 3 && lowered.hasPrefix($0.lowercased()) }
    }

    /// `" (did you mean X?)"` when there is a close candidate, else an empty string.
    public static func didYouMean(_ word: String, in candidates: some Collection<String>) -> String {
        guard let match = closest(to: word, in: candidates) else { return "" }
        return " (did you mean \(match)?)"
    }

    /// Levenshtein distance, with a transposition of neighbours counted as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8.prefix(256)), b = Array(b.utf8.prefix(256))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousRow: [Int] = []
        var row = Array(0...b.count)
        for i in 1...a.count {
            let beforePrevious = previousRow
            previousRow = row
            row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previousRow[j] + 1, row[j - 1] + 1, previousRow[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], beforePrevious[j - 2] + 1)
                }
            }
        }
        return row[b.count]
    }
}
