/// Cuts a stream of bytes into newline-delimited lines, as MCP's stdio transport frames messages.
///
/// A line is handed over without its `\n` (or `\r\n`). A line longer than ``maximum`` is reported
/// once and skipped to its end, so a server writing endless bytes without a newline cannot make
/// fanout hold them all.
struct LineSplitter {
    let maximum: Int
    private var partial: [UInt8] = []
    private var skipping = false

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// Takes in `chunk`: calls `line` for each line it completes, and `overflow` for a line cut off.
    mutating func feed(_ chunk: ArraySlice<UInt8>, line: (ArraySlice<UInt8>) -> Void, overflow: () -> Void) {
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let piece = chunk[start..<newline]
            start = newline + 1
            if skipping {
                skipping = false
                continue
            }
            if partial.isEmpty {
                line(Self.trimmed(piece))
            } else {
                partial.append(contentsOf: piece)
                line(Self.trimmed(partial[...]))
                partial.removeAll(keepingCapacity: partial.count <= 1 << 16)
            }
        }
        guard !skipping, start < chunk.endIndex else { return }
        partial.append(contentsOf: chunk[start...])
        if partial.count > maximum {
            partial = []
            skipping = true
            overflow()
        }
    }

    /// At the end of the stream: hands over a last line that had no newline.
    mutating func finish(line: (ArraySlice<UInt8>) -> Void) {
        if !partial.isEmpty, !skipping { line(Self.trimmed(partial[...])) }
        partial = []
        skipping = false
    }

    private static func trimmed(_ piece: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        piece.last == UInt8(ascii: "\r") ? piece.dropLast() : piece
    }
}
