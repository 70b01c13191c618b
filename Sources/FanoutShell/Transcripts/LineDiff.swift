/// A unified diff of two lists of lines, for `check` failures.
///
/// Equal lists cost one comparison pass. Otherwise the common head and tail are set aside and the
/// rest is diffed with Myers' O((N+M)·D) algorithm in linear space (``MyersSearch``), so a few changed
/// lines in a huge transcript cost about as much as reading it.
enum LineDiff {
    /// `---`/`+++` headers and `@@` hunks with `context` lines around each change; empty when equal.
    static func unified(expected: [String], actual: [String], name: String, context: Int = 2) -> [String] {
        let changes = diff(expected, actual).changes
        guard !changes.isEmpty else { return [] }
        var output = ["--- \(name) (recorded)", "+++ \(name) (now)"]
        var first = 0
        while first < changes.count {
            // A hunk takes in the changes whose unchanged gaps are at most 2 × context lines.
            var last = first
            while last + 1 < changes.count, changes[last + 1].old.lowerBound - changes[last].old.upperBound <= 2 * context {
                last += 1
            }
            let oldFrom = max(0, changes[first].old.lowerBound - context)
            let newFrom = changes[first].new.lowerBound - (changes[first].old.lowerBound - oldFrom)
            let oldTo = min(expected.count, changes[last].old.upperBound + context)
            let newTo = changes[last].new.upperBound + (oldTo - changes[last].old.upperBound)
            output.append("@@ -\(oldFrom + 1),\(oldTo - oldFrom) +\(newFrom + 1),\(newTo - newFrom) @@")
            var line = oldFrom
            for change in changes[first...last] {
                output += expected[line..<change.old.lowerBound].map { " " + $0 }
                output += expected[change.old].map { "-" + $0 }
                output += actual[change.new].map { "+" + $0 }
                line = change.old.upperBound
            }
            output += expected[line..<oldTo].map { " " + $0 }
            first = last + 1
        }
        return output
    }

    /// Old lines replaced by new ones (either range may be empty), with unchanged lines around.
    struct Change: Equatable {
        var old: Range<Int>
        var new: Range<Int>
    }

    /// What changed, and how much comparing it took.
    struct Script {
        /// In order, never adjacent: unchanged lines lie between any two.
        var changes: [Change]
        /// Line comparisons and diagonal steps made: the algorithm's work, for tests to bound.
        var work: Int
    }

    /// Past this many edits in one region, the region is reported as replaced outright: a diff that
    /// large is read as "everything changed" anyway, and the search would grow with its square.
    static let editLimit = 2_000

    /// A shortest edit script (up to ``editLimit`` edits per region) turning `old` into `new`.
    static func diff(_ old: [String], _ new: [String]) -> Script {
        // The common head and tail, compared as text; only the rest is numbered and searched.
        var head = 0
        while head < old.count, head < new.count, old[head] == new[head] { head += 1 }
        var tail = 0
        while tail < old.count - head, tail < new.count - head, old[old.count - 1 - tail] == new[new.count - 1 - tail] {
            tail += 1
        }
        var work = head + tail + 1
        guard head + tail < max(old.count, new.count) else { return Script(changes: [], work: work) }
        // Lines become integers once, so the search compares numbers instead of strings.
        var numbers: [String: Int] = [:]
        func number(_ line: String) -> Int {
            if let known = numbers[line] { return known }
            numbers[line] = numbers.count
            return numbers.count - 1
        }
        let a = old[head..<(old.count - tail)].map(number)
        let b = new[head..<(new.count - tail)].map(number)
        var search = MyersSearch(a: a, b: b, editLimit: editLimit)
        search.compare(aRange: 0..<a.count, bRange: 0..<b.count)
        work += search.work

        var changes: [Change] = []
        var row = head, column = head
        var open: Change?
        for edit in search.edits {
            switch edit {
            case .same(let count):
                if let change = open { changes.append(change) }
                open = nil
                row += count
                column += count
            case .removed(let count):
                open = Change(old: (open?.old.lowerBound ?? row)..<(row + count), new: open?.new ?? column..<column)
                row += count
            case .added(let count):
                open = Change(old: open?.old ?? row..<row, new: (open?.new.lowerBound ?? column)..<(column + count))
                column += count
            }
        }
        if let change = open { changes.append(change) }
        return Script(changes: changes, work: work)
    }
}
