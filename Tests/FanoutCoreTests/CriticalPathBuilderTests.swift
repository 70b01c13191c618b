import Testing
@testable import FanoutCore

@Suite("Critical path, as endings arrive")
struct CriticalPathBuilderTests {
    private func result(_ id: String, _ start: Int?, _ end: Int, _ status: CallStatus = .ok) -> CallResult {
        CallResult(id: id, name: "h", status: status, startedAt: start.map { .milliseconds($0) }, finishedAt: .milliseconds(end))
    }

    private func path(_ results: [CallResult], endOrder: [Int], dependencies: [[Int]] = [], waitsForSlots: Bool) -> [String] {
        var builder = CriticalPath(waitsForSlots: waitsForSlots)
        for index in endOrder {
            builder.callEnded(
                index, after: dependencies.isEmpty ? [] : dependencies[index],
                startedAt: results[index].startedAt, endedAt: results[index].finishedAt)
        }
        return builder.path(results: results)
    }

    @Test func callsEndingAtOneInstantAreTakenInByStartNotByTheOrderReported() {
        // "b" started at 10, when "a" ended: "a" freed its slot. Reported first (queue order), "b" must
        // still be taken in after "a", or the chain through "a" is lost.
        let results = [result("x", 0, 5), result("b", 10, 10), result("a", 5, 10)]
        #expect(path(results, endOrder: [0, 1, 2], waitsForSlots: true) == ["x", "a", "b"])
    }

    /// A call that waited for its dependency and then for a slot was held by the slot: the path runs
    /// through the call that freed it, so the path's calls add up to the wall.
    @Test func aCallHeldByASlotAfterItsDependencyEndedFollowsTheSlot() {
        // sequential: a 0–1, b 1–2, c 2–3, c depends on a.
        let results = [result("a", 0, 1000), result("b", 1000, 2000), result("c", 2000, 3000)]
        #expect(path(results, endOrder: [0, 1, 2], dependencies: [[], [], [0]], waitsForSlots: true) == ["a", "b", "c"])
        // A limit whose slot was free before the dependency ended: the dependency held it.
        let late = [result("a", 0, 3000), result("b", 0, 1000), result("c", 3000, 4000)]
        #expect(path(late, endOrder: [1, 0, 2], dependencies: [[], [], [0]], waitsForSlots: true) == ["a", "c"])
    }

    @Test func withoutSlotsOnlyDependenciesChainCalls() {
        let results = [result("x", 0, 5), result("b", 10, 10), result("a", 5, 10)]
        #expect(path(results, endOrder: [0, 1, 2], waitsForSlots: false) == ["b"])
        #expect(path(results, endOrder: [0, 1, 2], dependencies: [[], [], [0]], waitsForSlots: false) == ["x", "a"])
    }

    @Test func theLatestFinishingDependencyLeadsAndCallsThatNeverStartedAreLeftOut() {
        let results = [result("slow", 0, 8), result("fast", 0, 3), result("skipped", nil, 8, .skipped), result("join", 8, 12)]
        #expect(path(results, endOrder: [1, 0, 2, 3], dependencies: [[], [], [], [1, 0]], waitsForSlots: false) == ["slow", "join"])
    }

    @Test func theLastCallToEndOnItsOwnEndsThePathNotTheCallsCancelledAfterIt() {
        let results = [result("fails", 0, 4, .error), result("cut", 0, 4, .cancelled)]
        #expect(path(results, endOrder: [0, 1], waitsForSlots: false) == ["fails"])
        #expect(path([], endOrder: [], waitsForSlots: false).isEmpty)
    }
}
