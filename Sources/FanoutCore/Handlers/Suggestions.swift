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
        if isPlausibleTypo(lowered, of: best.candidate.lowercased(), distance: best.distance) { return best.candidate }
        // An abbreviation, or a candidate with something added (`realtime` for `real`), is a plausible
        // intent even when it is many edits away.
        guard lowered.count >= 2 else { return nil }
        return candidates.first { $0.lowercased().hasPrefix(lowered) }
            ?? candidates.first { $0.count >= 3 && lowered.hasPrefix($0.lowercased()) }
    }

    /// Whether `word` reads as `candidate` mistyped, `distance` edits away: at most a third of the
    /// shorter one changed (one edit at least), and never all of it. In a word of one or two
    /// letters, one edit changes half of it or more: only a letter missing or added counts there
    /// (`rn` for `run`), not one replaced (`a` is no typo of `e`).
    static func isPlausibleTypo(_ word: String, of candidate: String, distance: Int) -> Bool {
        let shorter = min(word.count, candidate.count)
        guard distance <= max(1, shorter / 3), distance < shorter || distance == 0 else { return false }
        guard shorter < 3, distance > 0 else { return true }
        let (short, long) = word.count <= candidate.count ? (word, candidate) : (candidate, word)
        return isSubsequence(short, of: long)
    }

    private static func isSubsequence(_ short: String, of long: String) -> Bool {
        var rest = Substring(long)
        for character in short {
            guard let found = rest.firstIndex(of: character) else { return false }
            rest = rest[rest.index(after: found)...]
        }
        return true
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
