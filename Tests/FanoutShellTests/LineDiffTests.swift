import FanoutCore
import Testing
@testable import FanoutShell

@Suite("Line diff")
struct LineDiffTests {
    /// `old` with the script's changes made: what it must turn `old` into.
    private func applied(_ script: LineDiff.Script, to old: [String], from new: [String]) -> [String] {
        var result: [String] = []
        var line = 0
        for change in script.changes {
            result += old[line..<change.old.lowerBound]
            result += new[change.new]
            line = change.old.upperBound
        }
        return result + old[line...]
    }

    /// How many lines the script leaves unchanged.
    private func unchanged(_ script: LineDiff.Script, _ old: [String]) -> Int {
        old.count - script.changes.reduce(0) { $0 + $1.old.count }
    }

    /// The length of a longest common subsequence, by the textbook table (small inputs only).
    private func lcsLength(_ old: [String], _ new: [String]) -> Int {
        var lengths = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for row in stride(from: old.count - 1, through: 0, by: -1) {
            for column in stride(from: new.count - 1, through: 0, by: -1) {
                lengths[row][column] = old[row] == new[column]
                    ? lengths[row + 1][column + 1] + 1
                    : max(lengths[row + 1][column], lengths[row][column + 1])
            }
        }
        return lengths[0][0]
    }

    @Test func randomEditScriptsAreValidAndShortest() {
        var generator = SeededRandomGenerator(seed: 42)
        for _ in 0..<500 {
            let alphabet = ["a", "b", "c", "d"]
            let old = (0..<Int.random(in: 0...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let new = (0..<Int.random(in: 0...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let script = LineDiff.diff(old, new)
            #expect(applied(script, to: old, from: new) == new)
            #expect(unchanged(script, old) == lcsLength(old, new), "\(old) → \(new)")
            #expect(zip(script.changes, script.changes.dropFirst()).allSatisfy { $0.old.upperBound < $1.old.lowerBound })
        }
    }

    @Test func equalTranscriptsCostOnePass() {
        let lines = (0..<100_000).map { "  0.000s  ok        call_\($0) f (0.000s)" }
        #expect(LineDiff.unified(expected: lines, actual: lines, name: "big.fanout").isEmpty)
        let work = LineDiff.diff(lines, lines).work
        #expect(work <= lines.count + 1, "work \(work)")
    }

    /// A few changed lines in a huge transcript cost a small multiple of its length, not its square.
    @Test func aSmallChangeInAHugeTranscriptIsNearLinear() {
        let old = (0..<100_000).map { "line \($0)" }
        var new = old
        new[10] = "changed 10"
        new.remove(at: 50_000)
        new.insert("inserted", at: 70_000)
        new[99_990] = "changed near the end"
        let script = LineDiff.diff(old, new)
        #expect(applied(script, to: old, from: new) == new)
        let expected: [LineDiff.Change] = [
            LineDiff.Change(old: 10..<11, new: 10..<11), LineDiff.Change(old: 50_000..<50_001, new: 50_000..<50_000),
            LineDiff.Change(old: 70_001..<70_001, new: 70_000..<70_001), LineDiff.Change(old: 99_990..<99_991, new: 99_990..<99_991),
        ]
        #expect(script.changes == expected)
        #expect(script.work <= 3 * (old.count + new.count), "work \(script.work)")

        let hunks = LineDiff.unified(expected: old, actual: new, name: "big.fanout")
        #expect(hunks.filter { $0.hasPrefix("@@") }.count == 4)
        #expect(hunks.contains("-line 50000"))
        #expect(hunks.contains("+inserted"))
    }

    /// Past the edit limit a region is replaced outright: still a valid script, in bounded work.
    @Test func everythingChangedIsAReplacementInBoundedWork() {
        let old = (0..<20_000).map { "old \($0)" }
        let new = (0..<20_000).map { "new \($0)" }
        let script = LineDiff.diff(old, new)
        #expect(applied(script, to: old, from: new) == new)
        #expect(script.work <= (old.count + new.count) * (LineDiff.editLimit + 2), "work \(script.work)")
    }

    @Test func hunksShowContextAndLineNumbers() {
        let old = ["a", "b", "c", "d", "e", "f", "g"]
        let new = ["a", "b", "c", "D", "e", "f", "g"]
        #expect(LineDiff.unified(expected: old, actual: new, name: "x") == [
            "--- x (recorded)", "+++ x (now)", "@@ -2,5 +2,5 @@", " b", " c", "-d", "+D", " e", " f",
        ])
    }
}


extension LineDiffTests {
    @Test func linesAddedAtTheEndOrRemovedAtTheStart() {
        #expect(LineDiff.unified(expected: ["a", "b"], actual: ["a", "b", "c"], name: "x") == [
            "--- x (recorded)", "+++ x (now)", "@@ -1,2 +1,3 @@", " a", " b", "+c",
        ])
        #expect(LineDiff.unified(expected: ["a", "b", "c", "d"], actual: ["c", "d"], name: "x") == [
            "--- x (recorded)", "+++ x (now)", "@@ -1,4 +1,2 @@", "-a", "-b", " c", " d",
        ])
    }

    @Test func changesFarApartMakeSeparateHunks() {
        let old = (1...20).map(String.init)
        var new = old
        new[1] = "two"
        new[18] = "nineteen"
        let hunks = LineDiff.unified(expected: old, actual: new, name: "x")
        #expect(hunks.filter { $0.hasPrefix("@@") } == ["@@ -1,4 +1,4 @@", "@@ -17,4 +17,4 @@"])
    }
}
