extension MutableCollection where Self: RandomAccessCollection {
    /// Sorts unless already sorted: outcomes and endings mostly arrive in order, and checking is
    /// cheaper than sorting.
    mutating func sortIfNeeded(by areInIncreasingOrder: (Element, Element) -> Bool) {
        if indices.dropFirst().contains(where: { areInIncreasingOrder(self[$0], self[index(before: $0)]) }) {
            sort(by: areInIncreasingOrder)
        }
    }

    /// Sorts elements that are already in order of `key`: each run of equal keys is sorted on its
    /// own, so the work grows with the ties, not with the whole collection. Should `key` be out of
    /// order after all, sorts everything.
    mutating func sortEqualRuns<Key: Comparable>(of key: (Element) -> Key, by areInIncreasingOrder: (Element, Element) -> Bool) {
        var runStart = startIndex
        for position in indices.dropFirst() {
            let (previous, current) = (key(self[index(before: position)]), key(self[position]))
            if current < previous {
                sort(by: areInIncreasingOrder)
                return
            }
            if current != previous {
                self[runStart..<position].sortIfNeeded(by: areInIncreasingOrder)
                runStart = position
            }
        }
        self[runStart..<endIndex].sortIfNeeded(by: areInIncreasingOrder)
    }
}
