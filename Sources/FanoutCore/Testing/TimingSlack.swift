import Foundation

/// How much longer than usual the package's tests let real-clock work take:
/// `FANOUT_TIMING_SLACK` times (1 by default). `make tsan` sets it, as ThreadSanitizer runs code
/// 5–15 times slower; a bound that holds with it still says the work overlapped or ended early,
/// just not how fast. Tests only; not part of the public API.
package enum TimingSlack {
    package static let factor: Double = {
        guard let text = ProcessInfo.processInfo.environment["FANOUT_TIMING_SLACK"], let value = Double(text), value >= 1 else { return 1 }
        return value
    }()

    /// `bound` stretched by the slack.
    package static func bound(_ bound: Duration) -> Duration { bound * factor }

    /// `seconds` stretched by the slack.
    package static func bound(_ seconds: Double) -> Double { seconds * factor }
}
