/// A unified diff of two lists of lines, for `check` failures.
enum LineDiff {
    /// `---`/`+++` headers and `@@` hunks with `context` lines around each change; empty when equal.
    static func unified(expected: [String], actual: [String], name: String, context: Int = 2) -> [String] {
        let operations = diff(expected, actual)
        guard operations.contains(where: { $0.kind != .same }) else { return [] }
        var output = ["--- \(name) (recorded)", "+++ \(name) (now)"]
        var index = 0
        while index < operations.count {
            guard operations[index].kind != .same else { index += 1; continue }
            var start = index
            var end = index
            // Grow the hunk while changes are within 2 × context of each other.
            while end < operations.count {
                var next = end
                while next < operations.count, operations[next].kind != .same { next += 1 }
                var gap = next
                while gap < operations.count, operations[gap].kind == .same, gap - next < context * 2 + 1 { gap += 1 }
                if gap < operations.count, operations[gap].kind != .same {
                    end = gap
                } else {
                    end = next
                    break
                }
            }
            start = max(0, start - context)
            let stop = min(operations.count, end + context)
            let slice = operations[start..<stop]
            let oldStart = (slice.first { $0.oldLine != nil }?.oldLine ?? 0) + 1
            let newStart = (slice.first { $0.newLine != nil }?.newLine ?? 0) + 1
            let oldCount = slice.filter { $0.kind != .added }.count
            let newCount = slice.filter { $0.kind != .removed }.count
            output.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
            for operation in slice {
                switch operation.kind {
                case .same: output.append(" " + operation.text)
                case .removed: output.append("-" + operation.text)
                case .added: output.append("+" + operation.text)
                }
            }
            index = stop
        }
        return output
    }

    struct Operation {
        enum Kind { case same, removed, added }
        var kind: Kind
        var text: String
        /// 0-based line in the old and new text, where the line exists there.
        var oldLine: Int?
        var newLine: Int?
    }

    /// A shortest edit script by longest common subsequence (session files are small).
    static func diff(_ old: [String], _ new: [String]) -> [Operation] {
        let rows = old.count, columns = new.count
        var lengths = Array(repeating: Array(repeating: 0, count: columns + 1), count: rows + 1)
        for row in stride(from: rows - 1, through: 0, by: -1) {
            for column in stride(from: columns - 1, through: 0, by: -1) {
                lengths[row][column] = old[row] == new[column]
                    ? lengths[row + 1][column + 1] + 1
                    : max(lengths[row + 1][column], lengths[row][column + 1])
            }
        }
        var operations: [Operation] = []
        var row = 0, column = 0
        while row < rows || column < columns {
            if row < rows, column < columns, old[row] == new[column] {
                operations.append(Operation(kind: .same, text: old[row], oldLine: row, newLine: column))
                row += 1
                column += 1
            } else if column < columns, row == rows || lengths[row][column + 1] > lengths[row + 1][column] {
                operations.append(Operation(kind: .added, text: new[column], oldLine: nil, newLine: column))
                column += 1
            } else {
                operations.append(Operation(kind: .removed, text: old[row], oldLine: row, newLine: nil))
                row += 1
            }
        }
        return operations
    }
}
