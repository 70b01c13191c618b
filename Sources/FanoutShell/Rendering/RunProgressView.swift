import FanoutCore

/// Shows a run while it goes. The executable's live terminal block is one; the plain log is the default.
public protocol RunProgressView: AnyObject {
    /// Called once with the calls about to run, before the first event.
    func begin(calls: [ToolCall])
    /// Called for every event, in order.
    func handle(_ event: ExecutionEvent)
    /// Called after the last event, before the timing table is printed: clear anything temporary.
    func end()
}

/// One plain line per start and finish: for pipes, files and transcripts. No redraws, no colour codes
/// beyond the session's style. Progress is left to the live block and JSON lines: a handler may report
/// it hundreds of times, and each report is stale the moment the next one comes.
struct PlainLogRenderer {
    let style: Style
    var signatures: [String: String] = [:]

    init(style: Style, calls: [ToolCall]) {
        self.style = style
        for call in calls { signatures[call.id] = Session.signature(of: call) }
    }

    /// The line for `event`, or `nil` for events the log does not show.
    func line(for event: ExecutionEvent) -> String? {
        switch event {
        case .runStarted, .runFinished, .callProgress:
            return nil
        case .callStarted(_, let call, let name, let time):
            return Self.time(time) + "  " + "started".padding(10) + call + " " + (signatures[call] ?? name)
        case .callRetry(let retry):
            return Self.time(retry.at) + "  " + style.status(.error, "retry".padding(10)) + retry.call + " " + retry.name
                + " (attempt \(retry.attempt): \(retry.error.oneLine); again in \(TimingTable.seconds(retry.delay)))"
        case .callFinished(_, let result):
            var line = Self.time(result.finishedAt) + "  " + style.status(result.status, result.status.rawValue.padding(10))
            line += result.id + " " + result.name
            if result.startedAt != nil {
                line += " (\(TimingTable.seconds(result.duration))" + (result.attempts > 1 ? ", \(result.attempts) attempts)" : ")")
            }
            if let error = result.error { line += ": " + error.oneLine }
            return line
        }
    }

    private static func time(_ time: Duration) -> String {
        let text = TimingTable.seconds(time)
        return String(repeating: " ", count: max(0, 8 - text.count)) + text
    }
}
