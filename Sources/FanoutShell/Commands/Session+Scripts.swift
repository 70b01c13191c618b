import FanoutCore
import Foundation

extension Session {
    static let maximumSourceDepth = 16

    func source(_ arguments: [Word]) async throws(CommandError) -> Outcome {
        guard arguments.count == 1, let word = arguments.first else {
            throw CommandError("usage: source FILE")
        }
        let folder = sourceStack.last?.folder ?? scriptFolder ?? FileManager.default.currentDirectoryPath
        let path = Session.path(word.text, relativeTo: folder)
        let identity = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        if sourceStack.contains(where: { $0.identity == identity }) {
            let chain = (sourceStack.map(\.path) + [word.text]).joined(separator: " → ")
            throw CommandError("\(word.text) is already being sourced (\(chain)): remove the source line that loops", column: word.column)
        }
        guard sourceStack.count < Session.maximumSourceDepth else {
            throw CommandError("source is nested more than \(Session.maximumSourceDepth) deep", column: word.column)
        }
        let script = try Session.loadScript(at: path, named: word.text, relativeTo: folder, column: word.column)
        let allowed = try await askConsentToSource(script, named: word.text)
        sourceStack.append((path: word.text, identity: identity, folder: Session.folder(of: path), line: 0))
        if allowed { sourceAllowedToStartPrograms = sourceStack.count }
        let savedLine = lineNumber
        defer {
            if allowed { sourceAllowedToStartPrograms = nil }
            sourceStack.removeLast()
            lineNumber = savedLine
        }
        for command in script.commands {
            sourceStack[sourceStack.count - 1].line = command.line
            lineNumber = command.line - 1
            let outcome = await execute(command.text)
            if runControl.wasInterrupted {
                throw CommandError("stopped \(word.text) at line \(command.line): interrupted")
            }
            switch outcome {
            case .ok: continue
            case .quit: return .quit
            case .rejected(let message):
                // The command's own error already said what and where; stop here without repeating it.
                throw CommandError(message, alreadyReported: true)
            }
        }
        return .ok
    }

    /// Runs the init file's commands one by one, going on after a rejected one. They run as typed
    /// commands, so a transcript being recorded holds them themselves, not a path another machine
    /// would not have; their errors name the file and line, as a sourced file's do.
    public func runInitFile(at path: String) async {
        let script: SessionScript
        do {
            script = try Session.loadScript(at: path)
        } catch {
            report(error)
            return
        }
        let savedFolder = scriptFolder
        scriptFolder = Session.folder(of: path)
        defer {
            initFileLine = nil
            scriptFolder = savedFolder
        }
        for command in script.commands {
            initFileLine = (path: path, line: command.line)
            if case .quit = await execute(command.text) { return }
        }
    }

    /// Reads a session file or plain script, with an error naming the file when it cannot.
    /// - Parameters:
    ///   - name: the file as the user gave it, for errors; `path` by default.
    ///   - folder: where a relative `name` starts, for errors; the current folder by default.
    public static func loadScript(
        at path: String, named name: String? = nil, relativeTo folder: String? = nil, column: Int? = nil
    ) throws(CommandError) -> SessionScript {
        SessionScript(text: try readTextFile(at: path, named: name, relativeTo: folder, column: column))
    }

    /// The UTF-8 text of a file, with an error naming the file when it cannot be read.
    static func readTextFile(
        at path: String, named name: String? = nil, relativeTo folder: String? = nil, column: Int? = nil
    ) throws(CommandError) -> String {
        let name = name ?? path
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            let folder = folder ?? FileManager.default.currentDirectoryPath
            throw CommandError("no such file '\(name)': check the path (relative paths start in \(folder))", column: column)
        }
        guard !isDirectory.boolValue else {
            throw CommandError("'\(name)' is a folder: give a file inside it", column: column)
        }
        guard let data = try? Data(contentsOf: url) else {
            throw CommandError("cannot read '\(name)': check its permissions", column: column)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandError("'\(name)' is not UTF-8 text", column: column)
        }
        return text
    }

    /// Whether `path` names a file (not a folder) this process may read.
    public static func isReadableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isReadableFile(atPath: path)
    }

    /// `path` as an absolute path, a relative one starting in `folder`.
    static func path(_ path: String, relativeTo folder: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: folder, isDirectory: true)).standardizedFileURL.path
    }

    /// The absolute path of the folder `path` is in.
    public static func folder(of path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
    }
}
