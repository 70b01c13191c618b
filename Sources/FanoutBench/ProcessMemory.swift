import Foundation

/// Resident memory of this process, from `/proc/self/status`.
enum ProcessMemory {
    /// Current resident set size in KiB.
    static var residentKiB: Int { field("VmRSS") }
    /// Peak resident set size in KiB.
    static var peakKiB: Int { field("VmHWM") }

    /// Starts measuring the peak afresh (Linux: writing 5 to `clear_refs` resets VmHWM).
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// Runs `operation`, returning how far the peak rose above the resident size before it, in KiB.
    static func peakRise(during operation: () async -> Void) async -> Int {
        resetPeak()
        let before = residentKiB
        await operation()
        return max(0, peakKiB - before)
    }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}
