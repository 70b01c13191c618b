import FanoutCore

extension Session {
    /// `export python [FILE]`: the queue as an asyncio program (see issue 15 §2).
    func exportPython(_ arguments: [Word]) throws(CommandError) {
        throw CommandError("export python is not built yet")
    }
}
