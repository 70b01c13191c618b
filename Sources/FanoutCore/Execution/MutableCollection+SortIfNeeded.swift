extension MutableCollection where Self: RandomAccessCollection {
    /// Sorts unless already sorted: outcomes and endings mostly arrive in order, and checking is
    /// cheaper than sorting.
    mutating func sortIfNeeded(by areInIncreasingOrder: (Element, Element) -> Bool) {
        if indices.dropFirst().contains(where: { areInIncreasingOrder(self[$0], self[index(before: $0)]) }) {
            sort(by: areInIncreasingOrder)
        }
    }
}
