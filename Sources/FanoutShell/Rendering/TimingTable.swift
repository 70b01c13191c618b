import FanoutCore

/// The table printed after every run: one row per call with a timeline bar, then a summary line.
///
/// ```
/// call    name                 status   start    duration  0s                  2.0s
/// call_1  get_user             ok       0.000s   1.000s    █████████
/// wall 2.000s · work 4.000s · 2.0x faster than sequential · critical path call_2 → call_4
/// ```
struct TimingTable {
    /// The width tables have when the width is unknown, and always in transcripts.
    static let transcriptWidth = 80

    let report: RunReport
    /// What the same queue takes under `sequential` (the model's prediction), for the speedup.
    let sequentialWall: Duration?
    /// Offload threads still held by blocking handlers of earlier runs when this run started.
    var threadsBlockedEarlier: ThreadsBlockedEarlier? = nil
    var width: Int
    let style: Style
    /// What the summary says, instead of a comparison, of a run that did all its work but has no
    /// sequential wall to compare with.
    var sequentialNote: String?

    var lines: [String] {
        let idWidth = max(4, report.results.map(\.id.displayWidth).max() ?? 0) + 2
        let nameWidth = max(4, report.results.map(\.name.displayWidth).max() ?? 0) + 2
        let statusWidth = max(7, report.results.map(\.status.rawValue.count).max() ?? 0) + 2
        let starts = report.results.map { $0.startedAt.map(TimingTable.seconds) ?? "-" }
        let durations = report.results.map { $0.startedAt == nil ? "-" : TimingTable.seconds($0.duration) }
        // Wide enough for `0.000s` and the headers, and for the longest time there is.
        let startWidth = max(7, starts.map(\.count).max() ?? 0) + 2
        let durationWidth = max(8, durations.map(\.count).max() ?? 0) + 2
        // A column of attempts only when some call was retried: most runs' tables stay as they were.
        let retried = report.results.contains { $0.attempts > 1 }
        let triesWidth = retried ? 7 : 0
        let endLabel = TimingTable.axisLabel(report.wall)
        let fixed = idWidth + nameWidth + statusWidth + triesWidth + startWidth + durationWidth
        var barWidth = width - fixed - endLabel.count
        barWidth -= barWidth % 2  // an even width splits the common 2 s and 4 s walls evenly
        // Too narrow a window for a timeline worth reading: the columns alone, rather than every row
        // wrapping onto a second line.
        let timeline = barWidth >= 10

        var header = "call".padding(idWidth) + "name".padding(nameWidth) + "status".padding(statusWidth)
            + (retried ? "tries".padding(triesWidth) : "") + "start".padding(startWidth)
        header += timeline ? "duration".padding(durationWidth) + "0s".padding(barWidth) + endLabel : "duration"
        var lines = [header]
        for (index, result) in report.results.enumerated() {
            var line = result.id.padding(idWidth) + result.name.padding(nameWidth)
            line += style.status(result.status, result.status.rawValue.padding(statusWidth))
            if retried { line += String(result.attempts).padding(triesWidth) }
            line += starts[index].padding(startWidth) + durations[index].padding(durationWidth)
            if timeline { line += bar(for: result, width: barWidth) }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        lines.append(summary)
        return lines
    }

    private func bar(for result: CallResult, width: Int) -> String {
        guard let started = result.startedAt else { return "" }
        let wall = report.wall.seconds
        func cell(_ time: Duration) -> Int {
            wall > 0 ? min(width, Int((time.seconds / wall * Double(width)).rounded())) : 0
        }
        let first = min(cell(started), width - 1)
        let last = max(cell(result.finishedAt), min(width, first + 1))
        let glyph: String
        switch result.status {
        case .ok: glyph = "█"
        case .error, .timeout: glyph = "▓"
        case .cancelled, .skipped: glyph = "░"
        }
        guard !result.retriedAttempts.isEmpty else {
            return String(repeating: " ", count: first) + style.status(result.status, String(repeating: glyph, count: last - first))
        }
        // Each failed attempt as a failure, the waits between attempts blank, the last attempt as
        // the call ended.
        var cells = Array(repeating: " ", count: last)
        func paint(_ from: Duration, _ to: Duration, _ text: String) {
            let start = min(cell(from), width - 1)
            for column in start..<min(last, max(cell(to), start + 1)) { cells[column] = text }
        }
        for attempt in result.attemptSpans {
            paint(attempt.startedAt, attempt.finishedAt, style.status(attempt.status, attempt.retriedAt == nil ? glyph : "▓"))
        }
        return cells.joined()
    }

    private var summary: String {
        var parts = ["wall \(TimingTable.seconds(report.wall))", "work \(TimingTable.seconds(report.work))"]
        // A run that stopped early did not do the same work as a sequential one: no speedup, no path.
        if report.status == .ok {
            // Every run that did all its work says how it compares with sequential, or why it cannot.
            if let comparison = TimingTable.versusSequential(sequential: sequentialWall, wall: report.wall) ?? sequentialNote {
                parts.append(comparison)
            }
            if !report.criticalPath.isEmpty {
                parts.append("critical path " + TimingTable.path(report.criticalPath))
            }
        }
        let counts = report.counts
        let failures = CallStatus.allCases.filter { $0 != .ok && counts[$0] > 0 }.map { TimingTable.count(counts[$0], $0) }
        if !failures.isEmpty { parts.append(failures.joined(separator: ", ")) }
        switch report.status {
        case .ok: break
        case .failed: parts.append("run failed")
        case .cancelled: parts.append("run cancelled")
        }
        var lines = [parts.joined(separator: " · ")]
        if !report.stillBlocked.isEmpty {
            let calls = report.stillBlocked
            let subject = calls.count == 1 ? "\(calls[0]) is" : "\(TimingTable.list(calls)) are"
            lines.append("note: \(subject) still blocking (or waiting for) a thread: a blocked sync call cannot be interrupted, so its late result will be discarded")
        }
        if let blocked = threadsBlockedEarlier {
            lines.append(blocked.note)
        }
        return lines.joined(separator: "\n")
    }

    /// Offload threads that blocking handlers of earlier runs (timed out or cancelled, their late
    /// results discarded) still held when a run with blocking calls of its own started.
    struct ThreadsBlockedEarlier: Equatable {
        /// Threads busy at the start.
        var busy: Int
        /// The pool's width for the run (`set threads`).
        var threads: Int
        /// Earlier calls whose handlers may still hold them: those still blocking when their run ended
        /// (some may have returned since).
        var earlierCalls: [String]
        /// This run's calls that needed an offload thread.
        var offloadedCalls: [String]

        var note: String {
            // On the real clock some of them may have returned since: the threads are not theirs to name.
            let holders = earlierCalls.count == 1
                ? "an earlier run's \(earlierCalls[0])" : "earlier runs' blocking calls (\(TimingTable.list(earlierCalls)))"
            let calls = TimingTable.list(offloadedCalls)
            if busy >= threads {
                let all = threads == 1 ? "the only one was" : "all \(threads) were"
                return "note: \(calls) waited for an offload thread: \(all) still blocked by \(holders) when this run started"
            }
            let free = threads - busy
            return "note: \(busy) of \(threads) offload threads were still blocked by \(holders) when this run started: "
                + "\(calls) had \(free == 1 ? "1 thread" : "\(free) threads") to share"
        }
    }

    /// A chain of calls, `a → b → c`, shortened in the middle when long.
    static func path(_ ids: [String]) -> String {
        guard ids.count > 8 else { return ids.joined(separator: " → ") }
        return (ids.prefix(3) + ["…"] + ids.suffix(3)).joined(separator: " → ") + " (\(ids.count) calls)"
    }

    /// `a, b, c`, shortened when long.
    static func list(_ ids: [String]) -> String {
        guard ids.count > 6 else { return ids.joined(separator: ", ") }
        return ids.prefix(5).joined(separator: ", ") + " and \(ids.count - 5) more"
    }

    /// `2 errors`, `1 timeout`, `3 cancelled`, `1 skipped`.
    static func count(_ count: Int, _ status: CallStatus) -> String {
        switch status {
        case .error, .timeout: return "\(count) \(status.rawValue)\(count == 1 ? "" : "s")"
        default: return "\(count) \(status.rawValue)"
        }
    }

    /// `2.0x faster than sequential`, `same as sequential` or `19.0x slower than sequential`: the
    /// ratio is always put as one above 1 (a run that waited for threads still blocked by an earlier
    /// run can be slower), to one decimal; for instant calls, `same as sequential` or
    /// `sequential 0.000s (instant calls)`; `nil` when unknown.
    static func versusSequential(sequential: Duration?, wall: Duration) -> String? {
        guard let sequential else { return nil }
        // Instant calls take no time one at a time: any real wall would be infinitely slower.
        guard sequential > .zero else { return seconds(wall) == seconds(.zero) ? "same as sequential" : "sequential 0.000s (instant calls)" }
        guard wall > .zero else { return nil }
        let (ratio, comparison) = sequential >= wall
            ? (times(sequential, over: wall), "faster")
            : (times(wall, over: sequential), "slower")
        return ratio == "1.0x" ? "same as sequential" : "\(ratio) \(comparison) than sequential"
    }

    /// `2.0x`: how many times faster than the sequential wall, to one decimal; `nil` when unknown.
    static func speedup(sequential: Duration?, wall: Duration) -> String? {
        guard let sequential, wall > .zero else { return nil }
        return times(sequential, over: wall)
    }

    /// `19.0x`: `longer` divided by `shorter`, to one decimal.
    private static func times(_ longer: Duration, over shorter: Duration) -> String {
        let tenths = Int((longer.seconds / shorter.seconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)x"
    }

    /// Times from here on are shown in days, hours, minutes and seconds rather than as seconds.
    static let longDuration: Duration = .seconds(1000)

    /// Seconds with three decimals, `1.000s`, below ``longDuration``; from there whole seconds in
    /// larger units, `16m40s`, `16h40m`, `694d10h40m`.
    static func seconds(_ duration: Duration) -> String {
        let micros = duration.roundedMicroseconds
        let millis = (micros.magnitude + 500) / 1000
        let sign = micros < 0 ? "-" : ""
        guard millis < UInt64(longDuration.roundedMicroseconds / 1000) else { return sign + long(millis) }
        let fraction = String(millis % 1000)
        return sign + "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction + "s"
    }

    /// `16h40m`: whole seconds as days, hours, minutes and seconds, the first unit as is and the
    /// others in two digits, trailing zero units left out.
    private static func long(_ millis: UInt64) -> String {
        let total = (millis + 500) / 1000
        let units: [(UInt64, String)] = [(total / 86_400, "d"), (total / 3600 % 24, "h"), (total / 60 % 60, "m"), (total % 60, "s")]
        let used = units.drop { $0.0 == 0 }
        let kept = used.prefix(through: used.lastIndex { $0.0 != 0 } ?? used.startIndex)
        return kept.enumerated().map { position, unit in
            let digits = String(unit.0)
            return (position > 0 && digits.count < 2 ? "0" + digits : digits) + unit.1
        }.joined()
    }

    /// The timeline's end label: `2.0s`, or `300ms` for short runs.
    static func axisLabel(_ wall: Duration) -> String {
        let millis = (wall.roundedMicroseconds + 500) / 1000
        if millis < 1000 { return "\(millis)ms" }
        if wall >= longDuration { return seconds(wall) }
        let tenths = (millis + 50) / 100
        return "\(tenths / 10).\(tenths % 10)s"
    }
}
