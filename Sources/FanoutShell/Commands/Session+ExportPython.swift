import FanoutCore

extension Session {
    /// `export python [FILE]`: the queue, under the current strategy and settings, as an asyncio
    /// program (see ``PythonProgram``); printed without FILE.
    func exportPython(_ arguments: [Word]) throws(CommandError) {
        if arguments.count > 1 {
            throw CommandError("export python takes at most one FILE; usage: export python [FILE]", column: arguments[1].column)
        }
        guard !queue.isEmpty else {
            throw CommandError(emptyQueue("export"))
        }
        let program: PythonProgram
        do {
            program = try PythonProgram(calls: queue, registry: registry, options: options)
        } catch {
            let names = error.names.joined(separator: ", ")
            let their = error.names.count == 1 ? "its" : "their"
            throw CommandError(
                "export python can't write \(names): only the demo sets' handlers and register's have Python to export; drop \(their) calls first")
        }
        let calls = queue.count == 1 ? "1 call" : "\(queue.count) calls"
        try deliver(program.text, to: arguments.first, what: "\(calls) as an asyncio program", target: .python)
    }
}
