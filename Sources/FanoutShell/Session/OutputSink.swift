import FanoutCore

/// Which stream a piece of output belongs on.
public enum OutputChannel: Sendable {
    /// Ordinary output: confirmations, tables, events.
    case standard
    /// Error messages. Transcripts record them like any other output.
    case error
}

/// Where a session writes. The executable writes to the terminal; tests and transcripts collect text.
public protocol OutputSink: Sendable {
    func write(_ text: String, to channel: OutputChannel)
}

/// Collects everything written, both channels interleaved in order.
public final class CapturingSink: OutputSink {
    private let storage = Locked("")

    public init() {}

    public func write(_ text: String, to channel: OutputChannel) {
        storage.withLock { $0 += text }
    }

    /// Everything written so far.
    public var text: String { storage.withLock { $0 } }

    /// Returns everything written so far and forgets it.
    public func take() -> String {
        storage.withLock { text in
            defer { text = "" }
            return text
        }
    }
}
