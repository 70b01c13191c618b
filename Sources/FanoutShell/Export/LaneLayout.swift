import FanoutCore

/// Calls placed in lanes, one per concurrent slot: a call never overlaps another in its lane.
///
/// Calls are placed in start order (ties in queue order), each in the first lane free by its
/// start, so a run of N calls at once takes N lanes and a sequential run takes one.
struct LaneLayout {
    /// The lane of each result that started, by index into the report's results.
    private(set) var lane: [Int: Int] = [:]
    private(set) var count = 0

    init(_ results: [CallResult]) {
        let started = results.indices.filter { results[$0].startedAt != nil }
            .sorted { (results[$0].startedAt!, $0) < (results[$1].startedAt!, $1) }
        var ends: [Duration] = []
        for index in started {
            let start = results[index].startedAt!
            if let free = ends.firstIndex(where: { $0 <= start }) {
                ends[free] = results[index].finishedAt
                lane[index] = free
            } else {
                ends.append(results[index].finishedAt)
                lane[index] = ends.count - 1
            }
        }
        count = ends.count
    }
}
