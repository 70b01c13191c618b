import FanoutCore
import Foundation

/// A run's timeline as an SVG picture, for slides and READMEs: a row per call with its label, a
/// bar coloured by status, the critical path outlined, and an axis in seconds.
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
            let left = x(start), right = max(x(result.finishedAt), left + 2)
            let outline = critical.contains(result.id) ? " stroke=\"\(SVGTimeline.criticalPathColour)\" stroke-width=\"2\"" : ""
            let tooltip = "\(result.id) \(result.name): \(result.status.rawValue), \(TimingTable.seconds(start)) + \(TimingTable.seconds(result.duration))"
            svg += ##"<rect class="call \##(result.status.rawValue)" x="\##(SVGTimeline.number(left))" y="\##(y + 3)" width="\##(SVGTimeline.number(right - left))" height="\##(SVGTimeline.rowHeight - 6)" fill="\##(SVGTimeline.colour(of: result.status))"\##(outline)><title>\##(SVGTimeline.escape(tooltip))</title></rect>"## + "\n"
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
