/// Left-aligned columns separated by two spaces, widths fitted to the widest cell.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    /// The table as lines, trailing spaces trimmed.
    var lines: [String] {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in all {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.displayWidth) }
        }
        return all.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                line += column == row.count - 1 ? cell : cell.padding(widths[column] + 2)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
