import FanoutCore

/// One row of results: a scenario (or a variant of one), its walls over the runs, and what they
/// are compared with.
public struct BenchRow: Sendable {
    public var scenario: String
    public var n: Int
    /// Wall time of each run.
    public var walls: [Duration]
    /// What the wall is compared with: the ideal, or a floor measured in the same process.
    public var reference: Duration?
    /// What `reference` is: `ideal`, `floor`, `fanout` (a Python row compares with fanout's).
    public var referenceKind: String
    /// Peak resident memory above the process's baseline, in KiB.
    public var peakRSSKiB: Int?
    /// Extra figures, such as a heartbeat's worst lateness.
    public var notes: [BenchNote] = []
    /// Why the scenario could not be measured; `nil` when it was.
    public var failure: String?

    public var median: Duration { walls.isEmpty ? .zero : walls.sorted()[walls.count / 2] }
    public var minimum: Duration { walls.min() ?? .zero }
    public var maximum: Duration { walls.max() ?? .zero }

    /// The median over the reference (a Python row: Python's median over fanout's).
    public var ratio: Double? {
        guard let reference, reference > .zero else { return nil }
        return median.seconds / reference.seconds
    }
}
