extension ExecutionOptions {
    /// An option out of range, thrown by ``validate()`` and ``Executor/start(_:options:)``.
    ///
    /// ```swift
    /// do {
    ///     try options.validate()
    /// } catch {
    ///     print("fanout: \(error)")   // fanout: limit must be at least 1, or nil for no limit, not 0
    /// }
    /// ```
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// The options that can be out of range.
        public enum Option: String, Sendable, CaseIterable {
            case limit, timeout, cores, threads, runNumber, retries
        }

        /// The option that is out of range (the first, when several are).
        public let option: Option
        /// What was wrong and what is accepted, in one line.
        public let message: String

        /// The ``message``.
        public var description: String { message }
    }

    /// Checks that every option is in range, as ``Executor/start(_:options:)`` does before it starts
    /// anything: a limit, a width or a run number of at least 1, a timeout longer than zero.
    ///
    /// Call it where options are read from configuration, to report a bad value there.
    public func validate() throws(Problem) {
        func fail(_ option: Problem.Option, _ message: String) throws(Problem) {
            throw Problem(option: option, message: message)
        }
        if let limit, limit < 1 { try fail(.limit, "limit must be at least 1, or nil for no limit, not \(limit)") }
        if let timeout, timeout <= .zero {
            try fail(.timeout, "timeout must be longer than zero, or nil for none, not \(timeout)")
        }
        if let cores, cores < 1 { try fail(.cores, "cores must be at least 1, or nil for the default, not \(cores)") }
        if let threads, threads < 1 { try fail(.threads, "threads must be at least 1, or nil for the default, not \(threads)") }
        if let problem = retries?.problem { try fail(.retries, problem) }
        if let runNumber, runNumber < 1 {
            try fail(.runNumber, "runNumber must be at least 1, or nil for the executor's next number, not \(runNumber)")
        }
    }
}
