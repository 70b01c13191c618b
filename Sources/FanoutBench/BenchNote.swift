import Foundation

/// An extra figure on a row, such as a heartbeat's worst lateness: a number whose unit is in its
/// name (`heartbeat_late_ms`), so that the JSON lines carry it as a number.
public struct BenchNote: Sendable, Equatable {
    public var name: String
    public var value: Double

    /// A note whose value is kept to `decimals` places, the precision it is measured to.
    public init(_ name: String, _ value: Double, decimals: Int) {
        self.name = name
        let scale = pow(10, Double(decimals))
        self.value = (value * scale).rounded() / scale
    }

    /// `name=value` for the table, without trailing zeros (the value was rounded when made).
    public var text: String {
        var digits = String(format: "%.6f", value)
        while digits.hasSuffix("0") { digits.removeLast() }
        if digits.hasSuffix(".") { digits.removeLast() }
        return "\(name)=\(digits)"
    }
}
