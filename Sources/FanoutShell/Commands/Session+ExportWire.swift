import FanoutCore

extension Session {
    /// `export results [FORMAT] [FILE]`: the last run's results in a model vendor's format.
    func exportResults(_ arguments: [Word]) throws(CommandError) {
        throw CommandError("export results is not built yet")
    }

    /// `export tools FORMAT [FILE]`: the handlers as a vendor's tool definitions.
    func exportTools(_ arguments: [Word]) throws(CommandError) {
        throw CommandError("export tools is not built yet")
    }
}
