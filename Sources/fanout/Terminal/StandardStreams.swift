import FanoutShell
import Foundation

/// Writes ordinary output to stdout and errors to stderr, unbuffered, so pipes see each line at once.
struct StandardOutputSink: OutputSink {
    func write(_ text: String, to channel: OutputChannel) {
        let handle = channel == .standard ? FileHandle.standardOutput : FileHandle.standardError
        // A full disk or a closed reader must not crash the shell (`write(_: Data)` traps on errors).
        try? handle.write(contentsOf: Data(text.utf8))
    }
}

/// Reads stdin as raw lines of bytes, so text that is not UTF-8 can be refused rather than guessed at.
final class StandardInputLines: LineSource {
    private var buffer: [UInt8] = []
    private var atEnd = false

    func nextLine(prompt: String) async -> [UInt8]? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return line
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return buffer
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = read(0, &chunk, chunk.count)
            if count <= 0 {
                atEnd = true
            } else {
                buffer.append(contentsOf: chunk[..<count])
            }
        }
    }
}
