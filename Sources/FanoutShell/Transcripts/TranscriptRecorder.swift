import Foundation

/// Writes a transcript as a session goes: each command after `fanout> `, then its output.
///
/// Every write goes straight to the file (no buffering), so a crash or Ctrl-C loses nothing
/// already shown.
final class TranscriptRecorder {
    let path: String
    private let handle: FileHandle
    private(set) var commandCount = 0

    /// Creates the file, refusing to replace an existing one unless `force`.
    init(path: String, force: Bool, header: String) throws(CommandError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw CommandError("'\(path)' is a folder: give a file name") }
            guard force else {
                throw CommandError("'\(path)' already exists: pick another name, or use record \(path) force to replace it")
            }
            let type = (try? manager.attributesOfItem(atPath: path)[.type]) as? FileAttributeType
            guard type == .typeRegular else {
                throw CommandError("'\(path)' is not a regular file: give a file name")
            }
        }
        // Opened in place (not written atomically elsewhere and renamed): each write lands at once.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw CommandError("cannot write '\(path)': check that its folder exists and is writable")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        self.path = path
        self.handle = handle
        write(header)
    }

    func recordCommand(_ line: String) {
        commandCount += 1
        write(SessionScript.prompt + line + "\n")
    }

    /// Appends `text` without colour codes: a transcript is plain text.
    func write(_ text: String) {
        // A full disk must not crash the session; what could not be written is lost, as on any disk.
        try? handle.write(contentsOf: Data(TranscriptRecorder.removingEscapes(text).utf8))
    }

    /// `text` without ANSI escape sequences (ESC [ … final letter).
    static func removingEscapes(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var result = ""
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(scalar.value), scalar != "[" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    func close() {
        try? handle.close()
    }
}
