import Foundation

/// Resident memory of this process, from `/proc/self/status`.
enum ProcessMemory {
    /// Current resident set size in KiB.
    static var residentKiB: Int { field("VmRSS") }
    /// Peak resident set size in KiB.
    static var peakKiB: Int { field("VmHWM") }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}
