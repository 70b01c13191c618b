import FanoutCore

/// One thing a server said besides its answers: a log notification, a line of its error output, or
/// something fanout noticed about it (output that is not JSON-RPC, a request it refused).
public struct MCPLogEntry: Sendable, Equatable {
    /// Where the entry came from.
    public enum Source: Sendable, Equatable {
        /// `notifications/message`, with its level (`info`, `warning`, …) and logger, if named.
        case notification(level: String, logger: String?)
        /// A line the server wrote to its standard error.
        case stderr
        /// fanout's own note about the server.
        case client
    }

    public var source: Source
    public var text: String
    /// When it arrived, on the continuous clock.
    public var time: ContinuousClock.Instant

    public init(source: Source, text: String, time: ContinuousClock.Instant = .now) {
        self.source = source
        self.text = text
        self.time = time
    }

    /// `[info] text`, `[info logger] text`, `[stderr] text`, `[fanout] text`.
    public var line: String {
        switch source {
        case .notification(let level, let logger?): return "[\(level) \(logger)] \(text)"
        case .notification(let level, nil): return "[\(level)] \(text)"
        case .stderr: return "[stderr] \(text)"
        case .client: return "[fanout] \(text)"
        }
    }
}

/// The last ``capacity`` log entries of a connection, oldest first.
struct MCPLog {
    let capacity: Int
    private(set) var entries: [MCPLogEntry] = []
    /// Entries dropped to stay within capacity.
    private(set) var dropped = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    mutating func append(_ entry: MCPLogEntry) {
        if entries.count == capacity {
            // A quarter at a time, so a busy log does not shift its whole array for every entry.
            let batch = max(1, capacity / 4)
            entries.removeFirst(batch)
            dropped += batch
        }
        entries.append(entry)
    }

    /// The text of the last error-output lines, for an error that says why a server stopped.
    func lastErrorOutput(lines: Int) -> [String] {
        entries.lazy.filter { $0.source == .stderr }.suffix(lines).map(\.text)
    }

    /// The log data of a `notifications/message` as text: a string as it is, anything else as JSON.
    static func text(of data: JSONValue?) -> String {
        switch data {
        case .string(let text)?: return text
        case let data?: return data.jsonText
        case nil: return ""
        }
    }
}
