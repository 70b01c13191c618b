import Foundation

/// Small programs the exec tests run, written to a fresh folder.
struct ExecScripts {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "fanout-exec-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// Writes an executable shell script named `name` and returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        let path = folder + "/" + name
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    /// A `sleep` whose path holds `marker`, so that the process table shows it by that name.
    func sleeper(_ marker: String) throws -> String {
        let path = folder + "/" + marker
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/bin/sleep")
        return path
    }

    /// Whether a process whose command line holds `marker` is running (or a zombie), per /proc.
    static func processRunning(withMarker marker: String) -> Bool {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.contains { entry in
            guard Int(entry) != nil, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(marker)
        }
    }
}
