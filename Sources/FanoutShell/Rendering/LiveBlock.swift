import FanoutCore

/// The live view of a run as text: one line per call (spinner, id, name, status, elapsed), or,
/// when the calls outnumber the screen, a progress bar with counts and the slowest running calls.
///
/// Pure state and formatting: the executable decides when to redraw and moves the cursor.
public struct LiveBlock: Sendable {
    private struct Row: Sendable {
        var id: String
        var name: String
        var startedAt: Duration?
        var result: CallResult?
        /// Failed attempts so far, each retried.
        var retries = 0
        /// The handler's last progress report, while it runs.
        var progress: (fraction: Double?, message: String?)?
    }

    private var rows: [Row] = []
    private var indexByID: [String: Int] = [:]
    /// Under the virtual clock, events carry simulated time: the latest one is "now", not the wall clock.
    private var virtualNow: Duration?
    private let style: Style
    private static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    public init(calls: [ToolCall], color: Bool) {
        style = Style(enabled: color)
        for (index, call) in calls.enumerated() {
            rows.append(Row(id: call.id, name: call.name))
            indexByID[call.id] = index
        }
    }

    public mutating func apply(_ event: ExecutionEvent) {
        switch event {
        case .callStarted(_, let call, _, let time):
            if let index = indexByID[call] { rows[index].startedAt = time }
            if virtualNow != nil { virtualNow = max(virtualNow!, time) }
        case .callProgress(_, let call, let time, let fraction, let message):
            if let index = indexByID[call] { rows[index].progress = (fraction, message) }
            if virtualNow != nil { virtualNow = max(virtualNow!, time) }
        case .callFinished(_, let result):
            if let index = indexByID[result.id] { rows[index].result = result }
            if virtualNow != nil { virtualNow = max(virtualNow!, result.finishedAt) }
        case .callRetry(let retry):
            if let index = indexByID[retry.call] { rows[index].retries = retry.attempt }
            if virtualNow != nil { virtualNow = max(virtualNow!, retry.at) }
        case .runStarted(let started):
            if started.clock == .virtual { virtualNow = .zero }
        case .runFinished:
            break
        }
    }

    /// The lines to show at `now` (real time since the run started; on the virtual clock the latest
    /// event's time is used instead), fitted to `width` × `height`.
    public func frame(now realNow: Duration, tick: Int, width: Int, height: Int) -> [String] {
        let now = virtualNow ?? realNow
        let lines = rows.count + 1 <= max(3, height - 1) ? perCallLines(now: now, tick: tick) : summaryLines(now: now, tick: tick, height: height)
        return lines.map { Self.truncate($0, to: width) }
    }

    private func perCallLines(now: Duration, tick: Int) -> [String] {
        let idWidth = rows.map(\.id.displayWidth).max() ?? 0
        let nameWidth = rows.map(\.name.displayWidth).max() ?? 0
        var lines = rows.map { row -> String in
            let (symbol, status, elapsed) = describe(row, now: now, tick: tick)
            var line = "\(symbol) \(row.id.padding(idWidth))  \(row.name.padding(nameWidth))  \(status)  \(elapsed)"
            if row.result == nil, let progress = row.progress {
                line = line.padding(idWidth + nameWidth + 26) + Self.progressText(progress)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
        lines.append(style.dim(footer(now: now)))
        return lines
    }

    private func summaryLines(now: Duration, tick: Int, height: Int) -> [String] {
        let finished = rows.compactMap(\.result)
        let counts = StatusCounts(finished)
        let barWidth = 30
        let filled = rows.isEmpty ? 0 : finished.count * barWidth / rows.count
        var line = "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + "] "
        line += "\(finished.count)/\(rows.count)"
        var parts = CallStatus.allCases.filter { counts[$0] > 0 }.map { style.status($0, "\(counts[$0]) \($0.rawValue)") }
        let running = rows.filter { $0.startedAt != nil && $0.result == nil }
        parts.append("\(running.count) running")
        line += "  " + parts.joined(separator: " · ")
        var lines = [Self.spinner[tick % Self.spinner.count] + " " + line]
        let slowest = running.sorted { ($0.startedAt ?? .zero) < ($1.startedAt ?? .zero) }.prefix(max(0, min(5, height - 3)))
        for row in slowest {
            let elapsed = TimingTable.seconds(max(.zero, now - (row.startedAt ?? now)))
            lines.append("  slowest: \(row.id) \(row.name) \(elapsed)")
        }
        lines.append(style.dim(footer(now: now)))
        return lines
    }

    private func describe(_ row: Row, now: Duration, tick: Int) -> (String, String, String) {
        if let result = row.result {
            let symbol = result.status == .ok ? "✓" : result.status == .skipped ? "-" : "✗"
            return (style.status(result.status, symbol), style.status(result.status, result.status.rawValue.padding(10)),
                    result.startedAt == nil ? "" : TimingTable.seconds(result.duration))
        }
        guard let started = row.startedAt else {
            return (style.dim("·"), style.dim("waiting".padding(10)), "")
        }
        let status = row.retries > 0 ? "retry \(row.retries + 1)" : "running"
        return (Self.spinner[tick % Self.spinner.count], status.padding(10), TimingTable.seconds(max(.zero, now - started)))
    }

    /// `[████░░░░░░]  40% message`: a bar when the handler gave a fraction, and its message.
    static func progressText(_ progress: (fraction: Double?, message: String?)) -> String {
        var parts: [String] = []
        if let fraction = progress.fraction {
            let width = 10
            let filled = Int((fraction * Double(width)).rounded(.down))
            let percent = String(Int((fraction * 100).rounded(.down)))
            parts.append("[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "] "
                + String(repeating: " ", count: 3 - percent.count) + percent + "%")
        }
        if let message = progress.message, !message.isEmpty { parts.append(message.oneLine) }
        return parts.joined(separator: " ")
    }

    private func footer(now: Duration) -> String {
        "\(TimingTable.seconds(now)) elapsed · Ctrl-C cancels the run"
    }

    /// How many terminal rows lines of these visible widths take once the terminal is `width`
    /// columns wide: a frame drawn before the window narrowed wraps, and erasing it must go up
    /// past every row.
    public static func rows(occupiedBy visibleWidths: [Int], atWidth width: Int) -> Int {
        let width = max(1, width)
        return visibleWidths.reduce(0) { $0 + max(1, ($1 + width - 1) / width) }
    }

    /// The terminal columns `line` takes: its characters' widths, colour codes left out.
    public static func visibleWidth(_ line: String) -> Int {
        var visible = 0
        var inEscape = false
        for character in line {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                visible += character.displayWidth
            }
        }
        return visible
    }

    /// Cuts `line` to `width` terminal columns, leaving colour codes intact; a wide character that
    /// would straddle the edge goes too.
    static func truncate(_ line: String, to width: Int) -> String {
        var visible = 0
        var result = ""
        var inEscape = false
        for character in line {
            if inEscape {
                result.append(character)
                if character.isLetter { inEscape = false }
                continue
            }
            if character == "\u{1B}" {
                inEscape = true
                result.append(character)
                continue
            }
            let columns = character.displayWidth
            guard visible + columns <= width else {
                visible = width
                continue
            }
            visible += columns
            result.append(character)
        }
        return result
    }
}
