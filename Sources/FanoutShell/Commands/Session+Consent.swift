import FanoutCore

/// Consent before a file starts programs: a replayed, piped, sourced or checked file that registers
/// an exec or http handler, or connects an MCP server, runs none of them unless fanout was started
/// with `--allow-exec` (or, for a file sourced at the prompt, the person said yes).
extension Session {
    /// Whether the command running now was typed by a person (not read from a file), or the file
    /// it comes from was allowed to start programs.
    var mayStartPrograms: Bool {
        if allowsExec || initFileLine != nil { return true }
        if let allowed = sourceAllowedToStartPrograms, sourceDepth >= allowed { return true }
        return !commandsComeFromFile && sourceDepth == 0
    }

    /// Refuses a command that would start a program when its file was not allowed to.
    func checkConsentToStartPrograms() throws(CommandError) {
        guard !mayStartPrograms else { return }
        throw CommandError(
            "this file would start a program, and files may do that only when fanout runs with --allow-exec: "
                + "fanout --allow-exec replay FILE, or fanout --allow-exec < FILE")
    }

    /// Before a file sourced from the prompt runs, asks whether it may start the programs it names,
    /// when it names any and no one has allowed that yet; `false` when the person said no.
    func askConsentToSource(_ script: SessionScript, named name: String) async throws(CommandError) -> Bool {
        guard sourceAllowedToStartPrograms == nil, !allowsExec, !commandsComeFromFile, initFileLine == nil,
              let askYesNo, let starting = script.commands.first(where: { Session.startsProcess(line: $0.text) })
        else { return false }
        let shown = starting.text.count > 60 ? starting.text.prefix(59) + "…" : starting.text
        guard await askYesNo("\(name) starts programs (line \(starting.line): \(shown)); let it? [y/N] ") else {
            throw CommandError("did not source \(name): it starts programs, and you answered no")
        }
        return true
    }

    /// Whether the command `line` would start a program.
    static func startsProcess(line: String) -> Bool {
        guard let words = try? CommandLexer.words(in: line), let first = words.first,
              let command = CommandCatalog.command(named: first.text) else { return false }
        return startsProcess(command, Array(words.dropFirst()))
    }
}
