import Testing
@testable import FanoutCore

@Suite("Sorting runs of equal keys")
struct SortEqualRunsTests {
    private typealias Pair = (key: Int, tie: Int)

    private func sorted(_ pairs: [Pair]) -> [Pair] {
        var pairs = pairs
        pairs.sortEqualRuns(of: { $0.key }, by: { ($0.key, $0.tie) < ($1.key, $1.tie) })
        return pairs
    }

    @Test func eachRunOfEqualKeysIsSortedByTheFullOrder() {
        let result = sorted([(1, 3), (1, 1), (2, 9), (3, 2), (3, 0), (3, 1)])
        #expect(result.map(\.tie) == [1, 3, 9, 0, 1, 2])
        #expect(result.map(\.key) == [1, 1, 2, 3, 3, 3])
    }

    @Test func keysOutOfOrderAreSortedAfterAll() {
        // A later key smaller than an earlier one breaks the promise the caller made: sort everything.
        let result = sorted([(2, 1), (2, 0), (1, 5), (3, 0)])
        #expect(result.map(\.key) == [1, 2, 2, 3])
        #expect(result.map(\.tie) == [5, 0, 1, 0])
    }

    @Test func emptyAndSingleCollectionsAreLeftAlone() {
        #expect(sorted([]).isEmpty)
        #expect(sorted([(4, 2)]).map(\.tie) == [2])
    }
}
