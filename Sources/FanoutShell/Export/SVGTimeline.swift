import FanoutCore
import Foundation

/// A run's timeline as an SVG picture, for slides and READMEs: a row per call with its label, a
/// bar coloured by status (a bar per attempt for a retried call), the critical path outlined, and
/// an axis in seconds.
struct SVGTimeline {
    let calls: [ToolCall]
    let report: RunReport

    static let width = 960
    static let rowHeight = 20
    static let labelWidth = 300
    static let margin = 16
    static let axisHeight = 28

    /// Fill colours by status (also the legend's).
    static func colour(of status: CallStatus) -> String {
        switch status {
        case .ok: return "#2e7d32"
        case .error: return "#c62828"
        case .timeout: return "#ef6c00"
        case .cancelled: return "#757575"
        case .skipped: return "#bdbdbd"
        }
    }

    static let criticalPathColour = "#1a237e"

    var text: String {
        let results = report.results
        let plotLeft = SVGTimeline.margin + SVGTimeline.labelWidth
        let plotWidth = SVGTimeline.width - plotLeft - SVGTimeline.margin
        let top = SVGTimeline.margin + 24
        let height = top + results.count * SVGTimeline.rowHeight + SVGTimeline.axisHeight + 28 + SVGTimeline.margin
        let wall = max(report.wall.seconds, 0.001)
        func x(_ time: Duration) -> Double { Double(plotLeft) + time.seconds / wall * Double(plotWidth) }
        let critical = Set(report.criticalPath)

        var svg = ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(SVGTimeline.width)" height="\##(height)" viewBox="0 0 \##(SVGTimeline.width) \##(height)" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">"## + "\n"
        svg += ##"<rect x="0" y="0" width="\##(SVGTimeline.width)" height="\##(height)" fill="#ffffff"/>"## + "\n"
        let title = "run \(report.run) · \(report.strategy.rawValue) · wall \(TimingTable.seconds(report.wall)) · work \(TimingTable.seconds(report.work))"
        svg += ##"<text x="\##(SVGTimeline.margin)" y="\##(SVGTimeline.margin + 12)" font-size="14" font-weight="bold">\##(SVGTimeline.escape(title))</text>"## + "\n"
        for (row, result) in results.enumerated() {
            let y = top + row * SVGTimeline.rowHeight
            if row % 2 == 1 {
                svg += ##"<rect x="\##(SVGTimeline.margin)" y="\##(y)" width="\##(SVGTimeline.width - 2 * SVGTimeline.margin)" height="\##(SVGTimeline.rowHeight)" fill="#f5f5f5"/>"## + "\n"
            }
            let label = SVGTimeline.fit("\(result.id) \(result.name)", characters: SVGTimeline.labelWidth / 7)
            svg += ##"<text x="\##(SVGTimeline.margin + 4)" y="\##(y + 14)">\##(SVGTimeline.escape(label))</text>"## + "\n"
            guard let start = result.startedAt else { continue }
            let outline = critical.contains(result.id) ? " stroke=\"\(SVGTimeline.criticalPathColour)\" stroke-width=\"2\"" : ""
            guard result.retriedAttempts.isEmpty else {
                svg += attemptBars(of: result, y: y, outline: outline, x: x)
                continue
            }
            let tooltip = "\(result.id) \(result.name): \(result.status.rawValue), \(TimingTable.seconds(start)) + \(TimingTable.seconds(result.duration))"
            svg += SVGTimeline.bar("call \(result.status.rawValue)", from: x(start), to: x(result.finishedAt), y: y, status: result.status, outline: outline, tooltip: tooltip)
        }
        let axisY = top + results.count * SVGTimeline.rowHeight + 6
        svg += ##"<line x1="\##(plotLeft)" y1="\##(axisY)" x2="\##(plotLeft + plotWidth)" y2="\##(axisY)" stroke="#424242"/>"## + "\n"
        for tick in SVGTimeline.ticks(upTo: report.wall) {
            let tx = SVGTimeline.number(x(tick))
            svg += ##"<line x1="\##(tx)" y1="\##(axisY)" x2="\##(tx)" y2="\##(axisY + 5)" stroke="#424242"/>"## + "\n"
            svg += ##"<text x="\##(tx)" y="\##(axisY + 18)" text-anchor="middle">\##(SVGTimeline.tickLabel(tick, axis: report.wall))</text>"## + "\n"
        }
        // The legend: each status, then the critical path's outline.
        var legendX = SVGTimeline.margin
        let legendY = axisY + SVGTimeline.axisHeight
        for status in CallStatus.allCases {
            svg += ##"<rect x="\##(legendX)" y="\##(legendY)" width="12" height="12" fill="\##(SVGTimeline.colour(of: status))"/>"##
            svg += ##"<text x="\##(legendX + 16)" y="\##(legendY + 10)">\##(status.rawValue)</text>"## + "\n"
            legendX += 90
        }
        svg += ##"<rect x="\##(legendX)" y="\##(legendY)" width="12" height="12" fill="none" stroke="\##(SVGTimeline.criticalPathColour)" stroke-width="2"/>"##
        svg += ##"<text x="\##(legendX + 16)" y="\##(legendY + 10)">critical path</text>"## + "\n"
        svg += "</svg>\n"
        return svg
    }

    /// A retried call's row: a bar per attempt, a failed one in its status's colour (class
    /// `attempt`), the last in the call's (class `call`), and a dashed line for each wait to retry.
    private func attemptBars(of result: CallResult, y: Int, outline: String, x: (Duration) -> Double) -> String {
        var svg = ""
        let middle = y + SVGTimeline.rowHeight / 2
        for attempt in result.attemptSpans {
            let took = TimingTable.seconds(attempt.finishedAt - attempt.startedAt)
            var tooltip = "\(result.id) \(result.name) attempt \(attempt.number): \(attempt.status.rawValue), \(TimingTable.seconds(attempt.startedAt)) + \(took)"
            if let error = attempt.error { tooltip += ": " + error.oneLine }
            guard let retriedAt = attempt.retriedAt else {
                svg += SVGTimeline.bar("call \(result.status.rawValue)", from: x(attempt.startedAt), to: x(attempt.finishedAt), y: y,
                                       status: result.status, outline: outline, tooltip: tooltip)
                continue
            }
            svg += SVGTimeline.bar("attempt \(attempt.status.rawValue)", from: x(attempt.startedAt), to: x(attempt.finishedAt), y: y,
                                   status: attempt.status, outline: outline, tooltip: tooltip)
            let wait = "\(result.id) waits \(TimingTable.seconds(retriedAt - attempt.finishedAt)) to retry"
            svg += ##"<line class="retry-wait" x1="\##(SVGTimeline.number(x(attempt.finishedAt)))" y1="\##(middle)" x2="\##(SVGTimeline.number(x(retriedAt)))" y2="\##(middle)" stroke="#616161" stroke-dasharray="3 2"><title>\##(SVGTimeline.escape(wait))</title></line>"## + "\n"
        }
        return svg
    }

    /// A bar from `left` to `right` (at least 2 wide) in row `y`, coloured by `status`.
    private static func bar(_ classes: String, from left: Double, to right: Double, y: Int, status: CallStatus, outline: String, tooltip: String) -> String {
        let right = max(right, left + 2)
        return ##"<rect class="\##(classes)" x="\##(number(left))" y="\##(y + 3)" width="\##(number(right - left))" height="\##(rowHeight - 6)" fill="\##(colour(of: status))"\##(outline)><title>\##(escape(tooltip))</title></rect>"## + "\n"
    }

    /// Round ticks, about eight across: every 0.1, 0.2, 0.5, 1, 2, 5… seconds.
    static func ticks(upTo wall: Duration) -> [Duration] {
        let seconds = max(wall.seconds, 0.001)
        let rough = seconds / 8
        let magnitude = pow(10, Foundation.log10(rough).rounded(.down))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= rough } ?? rough
        var ticks: [Duration] = []
        var index = 0.0
        while index * step <= seconds * 1.000001 {
            ticks.append(.microseconds(Int64((index * step * 1_000_000).rounded())))
            index += 1
        }
        return ticks
    }

    /// `0.5s` on an axis of a second or more, `50ms` on a shorter one.
    static func tickLabel(_ tick: Duration, axis wall: Duration) -> String {
        let millis = (tick.roundedMicroseconds + 500) / 1000
        if millis % 1000 == 0 { return "\(millis / 1000)s" }
        return wall < .seconds(1) ? "\(millis)ms" : "\(Double(millis) / 1000)s"
    }

    /// Text cut to `characters`, with an ellipsis.
    static func fit(_ text: String, characters: Int) -> String {
        text.count <= characters ? text : String(text.prefix(characters - 1)) + "…"
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
