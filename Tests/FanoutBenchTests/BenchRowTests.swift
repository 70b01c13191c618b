@testable import FanoutBench
import Testing

@Suite("Bench rows")
struct BenchRowTests {
    private func row() -> BenchRow {
        var row = BenchRow(
            scenario: "limit", n: 10_000, walls: [.milliseconds(1_041), .milliseconds(1_035), .milliseconds(1_056)],
            reference: .seconds(1), referenceKind: "ideal")
        row.peakRSSKiB = 10_854
        row.notes = [BenchNote("call_ms_mean", 10.28049, decimals: 3), BenchNote("handover_us_mean", 50.6, decimals: 0)]
        return row
    }

    @Test func notesAreNumbersInTheJSONLine() {
        let line = row().jsonLine
        #expect(line.contains(#""notes":{"call_ms_mean":10.28,"handover_us_mean":51.0}"#), "\(line)")
    }

    @Test func aJSONLineReadsBackAsTheSameRow() throws {
        let original = row()
        let read = try #require(BenchRow(jsonLine: original.jsonLine))
        #expect(read.scenario == "limit")
        #expect(read.walls == original.walls)
        #expect(read.reference == .seconds(1))
        #expect(read.peakRSSKiB == 10_854)
        #expect(read.notes == original.notes)
    }

    @Test func theTableShowsNotesWithoutTrailingZeros() {
        let lines = BenchTable.lines([row()])
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix("limit "))
        #expect(lines[1].contains(" 1.035s "))
        #expect(lines[1].contains(" 1.041s "))
        #expect(lines[1].hasSuffix("call_ms_mean=10.28 handover_us_mean=51"), "\(lines[1])")
    }

    @Test func aNoteKeepsThePrecisionItWasMeasuredTo() {
        #expect(BenchNote("cpu_ms", 8.449, decimals: 1).text == "cpu_ms=8.4")
        #expect(BenchNote("cpu_ms", 8.0, decimals: 1).text == "cpu_ms=8")
        #expect(BenchNote("virtual_wall_s", 0.2, decimals: 3).value == 0.2)
        #expect(BenchNote("late_us", 1234.5, decimals: 0).text == "late_us=1235")
    }
}
