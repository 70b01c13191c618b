import Testing
@testable import FanoutCore

@Suite("Ready queue")
struct ReadyQueueTests {
    private func drain(_ queue: inout ReadyQueue) -> [Int] {
        var order: [Int] = []
        while let index = queue.popMin() { order.append(index) }
        return order
    }

    @Test func callsReadyFromTheStartComeInOrder() {
        var queue = ReadyQueue(initial: [0, 2, 5])
        #expect(drain(&queue) == [0, 2, 5])
    }

    @Test func releasedCallsInterleaveByIndex() {
        var queue = ReadyQueue(initial: [1, 4, 9])
        queue.insert(7)
        queue.insert(3)
        #expect(queue.popMin() == 1)
        queue.insert(0)
        #expect(drain(&queue) == [0, 3, 4, 7, 9])
    }

    @Test func removeAllEmptiesBoth() {
        var queue = ReadyQueue(initial: [1, 2])
        queue.insert(5)
        queue.removeAll()
        #expect(queue.popMin() == nil)
        queue.insert(3)
        #expect(drain(&queue) == [3])
    }
}
