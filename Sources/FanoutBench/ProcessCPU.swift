import Foundation

/// CPU time this process has used, all threads, user and system: set beside a wall time, it tells
/// work from waiting.
enum ProcessCPU {
    static var used: Duration {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func duration(_ time: timeval) -> Duration { .seconds(Int64(time.tv_sec)) + .microseconds(Int64(time.tv_usec)) }
        return duration(usage.ru_utime) + duration(usage.ru_stime)
    }
}

/// Wall and CPU times of repeated runs.
struct Timings {
    var walls: [Duration] = []
    var cpus: [Duration] = []

    /// Runs `operation` once, recording its wall and CPU time, and returns its result: it is freed
    /// after the clock stops, by the caller, as the floors have nothing to free.
    @discardableResult
    mutating func measure<Result>(_ operation: () async -> Result) async -> Result {
        let cpuBefore = ProcessCPU.used
        let start = ContinuousClock.now
        let result = await operation()
        walls.append(start.duration(to: .now))
        cpus.append(ProcessCPU.used - cpuBefore)
        return result
    }

    /// The median CPU time, as a row note.
    var cpuNote: BenchNote {
        let sorted = cpus.sorted()
        return BenchNote("cpu_ms", sorted.isEmpty ? 0 : sorted[sorted.count / 2].milliseconds, decimals: 1)
    }
}
