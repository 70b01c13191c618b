import FanoutCore
import Foundation

extension BenchRow {
    /// The row as one JSON line.
    public var jsonLine: String {
        var object: JSONObject = [
            "scenario": .string(scenario), "n": .int(n), "runs": .int(walls.count),
            "wall_ms": ["min": Self.ms(minimum), "median": Self.ms(median), "max": Self.ms(maximum)],
            "walls_ms": .array(walls.map(Self.ms)),
        ]
        if !referenceKind.isEmpty { object["reference"] = .string(referenceKind) }
        if let reference { object["reference_ms"] = Self.ms(reference) }
        if let ratio { object["ratio"] = .double((ratio * 100).rounded() / 100) }
        if let peakRSSKiB {
            object["peak_rss_kib"] = .int(peakRSSKiB)
            object["rss_bytes_per_call"] = .int(peakRSSKiB * 1024 / max(1, n))
        }
        if let failure { object["failure"] = .string(failure) }
        if !notes.isEmpty {
            object["notes"] = .object(JSONObject(notes.map { ($0.name, JSONValue.double($0.value)) }, uniquingKeysWith: { $1 }))
        }
        return JSONValue.object(object).jsonText
    }

    /// Reads a row back from ``jsonLine``.
    public init?(jsonLine: String) {
        guard let object = try? JSONParser.parse(jsonLine).objectValue,
              let scenario = object["scenario"]?.stringValue, let n = object["n"]?.intValue,
              let walls = object["walls_ms"]?.arrayValue?.compactMap(\.doubleValue)
        else { return nil }
        self.init(
            scenario: scenario, n: n, walls: walls.map(Self.duration),
            reference: object["reference_ms"]?.doubleValue.map(Self.duration),
            referenceKind: object["reference"]?.stringValue ?? "")
        peakRSSKiB = object["peak_rss_kib"]?.intValue
        failure = object["failure"]?.stringValue
        notes = object["notes"]?.objectValue?.compactMap { name, value in
            value.doubleValue.map { BenchNote(name, $0, decimals: 6) }
        } ?? []
    }

    private static func ms(_ duration: Duration) -> JSONValue {
        .double((duration.milliseconds * 1000).rounded() / 1000)
    }

    private static func duration(_ milliseconds: Double) -> Duration {
        .microseconds(Int64((milliseconds * 1000).rounded()))
    }
}

/// Prints rows as an aligned table for people.
public enum BenchTable {
    public static func lines(_ rows: [BenchRow]) -> [String] {
        let header = ["scenario", "N", "min", "median", "max", "vs", "ratio", "peak RSS", "notes"]
        var table = [header]
        for row in rows {
            if let failure = row.failure {
                table.append([row.scenario, "\(row.n)", "-", "-", "-", "-", "-", "-", "failed: \(failure)"])
                continue
            }
            let rss = row.peakRSSKiB.map { "\(String(format: "%.1f", Double($0) / 1024)) MiB (\($0 * 1024 / max(1, row.n)) B/call)" } ?? "-"
            let versus = row.reference.map { "\(row.referenceKind) \(seconds($0))" } ?? "-"
            table.append([
                row.scenario, "\(row.n)", seconds(row.minimum), seconds(row.median), seconds(row.maximum),
                versus, row.ratio.map { String(format: "%.2fx", $0) } ?? "-", rss,
                row.notes.map(\.text).joined(separator: " "),
            ])
        }
        let widths = (0..<header.count).map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { cells in
            var line = ""
            for (column, cell) in cells.enumerated() {
                line += column == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    static func seconds(_ duration: Duration) -> String {
        duration < .seconds(1) ? String(format: "%.1fms", duration.milliseconds) : String(format: "%.3fs", duration.seconds)
    }
}
