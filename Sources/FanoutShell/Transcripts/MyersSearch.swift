/// Myers' difference algorithm in linear space ("An O(ND) Difference Algorithm and Its Variations",
/// 1986, §4b): each region is split at the middle of a shortest edit path, found by searching from
/// both ends at once, and the halves are compared in turn.
struct MyersSearch {
    /// A run of consecutive edits of one kind.
    enum Edit: Equatable {
        case same(Int), removed(Int), added(Int)
    }

    let a: [Int]
    let b: [Int]
    /// A region needing more edits than this is reported as removed and added outright.
    let editLimit: Int
    /// The edit script so far, in order.
    private(set) var edits: [Edit] = []
    /// Comparisons and diagonal steps so far.
    private(set) var work = 0

    init(a: [Int], b: [Int], editLimit: Int) {
        self.a = a
        self.b = b
        self.editLimit = editLimit
    }

    /// Appends the edits that turn `a[aRange]` into `b[bRange]`.
    mutating func compare(aRange: Range<Int>, bRange: Range<Int>) {
        var aLow = aRange.lowerBound, aHigh = aRange.upperBound
        var bLow = bRange.lowerBound, bHigh = bRange.upperBound
        var head = 0
        while aLow < aHigh, bLow < bHigh, a[aLow] == b[bLow] {
            aLow += 1
            bLow += 1
            head += 1
        }
        var tail = 0
        while aLow < aHigh, bLow < bHigh, a[aHigh - 1] == b[bHigh - 1] {
            aHigh -= 1
            bHigh -= 1
            tail += 1
        }
        work += head + tail + 1
        append(.same(head))
        if aLow == aHigh {
            append(.added(bHigh - bLow))
        } else if bLow == bHigh {
            append(.removed(aHigh - aLow))
        } else if let (x, y) = middle(aLow..<aHigh, bLow..<bHigh) {
            compare(aRange: aLow..<x, bRange: bLow..<y)
            compare(aRange: x..<aHigh, bRange: y..<bHigh)
        } else {
            append(.removed(aHigh - aLow))
            append(.added(bHigh - bLow))
        }
        append(.same(tail))
    }

    /// A point on a shortest edit path through the region, where the forward and backward searches
    /// meet; `nil` when that path needs more than ``editLimit`` edits. The region's ends differ.
    private mutating func middle(_ aRange: Range<Int>, _ bRange: Range<Int>) -> (Int, Int)? {
        let n = aRange.count, m = bRange.count
        let aStart = aRange.lowerBound, bStart = bRange.lowerBound
        let aEnd = aRange.upperBound, bEnd = bRange.upperBound
        // The lines, apart from `self`, which `extend` mutates while comparing them.
        let a = self.a, b = self.b
        let maxD = min((n + m + 1) / 2, editLimit / 2 + 1)
        let offset = maxD
        let length = 2 * maxD + 2
        // forward[offset + k]: the furthest x reached on diagonal k (x - y = k) from the region's
        // start; backward likewise from its end, x and y counted back from there. -1: not reached.
        var forward = [Int](repeating: -1, count: length)
        var backward = forward
        forward[offset + 1] = 0
        backward[offset + 1] = 0
        let delta = n - m
        // With an odd delta the searches meet while going forward, with an even one going back.
        let meetsForward = delta % 2 != 0
        // Diagonals that left the region on one side are not extended again.
        var forwardLow = 0, forwardHigh = 0, backwardLow = 0, backwardHigh = 0
        for d in 0..<maxD {
            var k = -d + forwardLow
            while k <= d - forwardHigh {
                let (x, y) = extend(&forward, diagonal: k, after: d, offset: offset, size: (n, m)) { a[aStart + $0] == b[bStart + $1] }
                if x > n {
                    forwardHigh += 2
                } else if y > m {
                    forwardLow += 2
                } else if meetsForward {
                    let mirrored = offset + delta - k
                    if mirrored >= 0, mirrored < length, backward[mirrored] != -1, x >= n - backward[mirrored] {
                        return (aStart + x, bStart + y)
                    }
                }
                k += 2
            }
            k = -d + backwardLow
            while k <= d - backwardHigh {
                let (x, y) = extend(&backward, diagonal: k, after: d, offset: offset, size: (n, m)) { a[aEnd - $0 - 1] == b[bEnd - $1 - 1] }
                if x > n {
                    backwardHigh += 2
                } else if y > m {
                    backwardLow += 2
                } else if !meetsForward {
                    let mirrored = offset + delta - k
                    if mirrored >= 0, mirrored < length, forward[mirrored] != -1 {
                        let forwardX = forward[mirrored]
                        if forwardX >= n - x {
                            return (aStart + forwardX, bStart + forwardX - (mirrored - offset))
                        }
                    }
                }
                k += 2
            }
        }
        return nil
    }

    /// Takes one search `d` edits along diagonal `k`: one edit from the better neighbouring diagonal,
    /// then down the run of lines that `same(x, y)` finds equal. Records and returns where it ends.
    private mutating func extend(
        _ furthest: inout [Int], diagonal k: Int, after d: Int, offset: Int, size: (n: Int, m: Int),
        same: (Int, Int) -> Bool
    ) -> (x: Int, y: Int) {
        let index = offset + k
        var x = k == -d || (k != d && furthest[index - 1] < furthest[index + 1]) ? furthest[index + 1] : furthest[index - 1] + 1
        var y = x - k
        work += 1
        while x < size.n, y < size.m, same(x, y) {
            x += 1
            y += 1
            work += 1
        }
        furthest[index] = x
        return (x, y)
    }

    /// Adds `edit` to the script, merging it with a run of the same kind.
    private mutating func append(_ edit: Edit) {
        switch (edits.last, edit) {
        case (_, .same(0)), (_, .removed(0)), (_, .added(0)): return
        case (.same(let run)?, .same(let more)): edits[edits.count - 1] = .same(run + more)
        case (.removed(let run)?, .removed(let more)): edits[edits.count - 1] = .removed(run + more)
        case (.added(let run)?, .added(let more)): edits[edits.count - 1] = .added(run + more)
        default: edits.append(edit)
        }
    }
}
