import Foundation
import FanoutCore
import Testing
@testable import FanoutShell

@Suite("rerun")
struct RerunTests {
    static let chain = [
        #"register f latency=1s returns='{"x": "{a}"}'"#, "call f a=1 as one", "call f a=$one.x", "call f a=$call_1", "run",
    ]

    @Test func theLastRunsCallsAreQueuedAgainWithNewIdsAndReferencesRemapped() async {
        let (session, sink) = await session(on: .virtual, after: Self.chain)
        #expect(await session.execute("rerun") == .ok)
        #expect(sink.take() == """
            queued call_4 f(a: 1) as one
            queued call_5 f(a: $one.x)
            queued call_6 f(a: $call_4)
            requeued run 1: its 3 calls as call_4, call_5, call_6; type run

            """)
        #expect(session.queue.map(\.dependencies) == [[], ["call_4"], ["call_4"]])
        #expect(session.aliases["one"] == "call_4")
        await session.execute("run")
        let table = sink.take()
        #expect(table.contains("call_6  f     ok       1.000s   1.000s"), "\(table)")
        #expect(table.contains("wall 2.000s"), "\(table)")
        // The earlier results stay, under their own ids.
        await session.execute("show call_3")
        #expect(sink.take().contains("run       1"))
    }

    @Test func callsAlreadyQueuedStayFirst() async {
        let (session, sink) = await session(on: .virtual, after: Self.chain + ["call f a=9"])
        await session.execute("rerun")
        #expect(sink.take().hasSuffix("requeued run 1: its 3 calls as call_5, call_6, call_7, after the 1 already queued; type run\n"))
        #expect(session.queue.map(\.id) == ["call_4", "call_5", "call_6", "call_7"])
    }

    @Test func aLongRunIsListedInShort() async {
        let calls = Array(repeating: "call f a=1", count: 30)
        let (session, sink) = await session(on: .virtual, after: [Self.chain[0]] + calls + ["run"])
        await session.execute("rerun")
        let lines = sink.take().split(separator: "\n")
        #expect(lines.count == 12)
        #expect(lines[10] == "… and 20 more, to call_60")
        #expect(lines[11] == "requeued run 1: its 30 calls as call_31, call_32, call_33, call_34, call_35 and 25 more; type run")
    }

    @Test func refusedWithNothingRunOrAnAliasInUse() async {
        let (fresh, _) = makeSession()
        #expect(await fresh.execute("rerun") == .rejected("nothing to rerun: no run yet; queue calls with call NAME key=value and type run"))
        let (session, _) = await session(on: .virtual, after: Self.chain + ["call f a=2 as one"])
        #expect(await session.execute("rerun") == .rejected(
            "alias 'one' is already used by queued call_4: drop it, or clear the queue, before rerun"))
        #expect(session.queue.map(\.id) == ["call_4"])
    }
}

@Suite("history")
struct HistoryTests {
    @Test func theSessionsCommandsNumberedAndTheLastN() async {
        let (session, sink) = makeSession()
        for line in ["demo weather", "", "# a comment", "bogus", "strategy sequential"] { await session.execute(line) }
        _ = sink.take()
        await session.execute("history")
        #expect(sink.take() == "   1  demo weather\n   2  bogus\n   3  strategy sequential\n   4  history\n")
        await session.execute("history 2")
        #expect(sink.take() == "   4  history\n   5  history 2\n")
        #expect(await session.execute("history 0") == .rejected("column 9: history N takes a number of commands, 1 or more, not '0'"))
    }

    @Test func aSourcedFilesLinesAreNotListedItsSourceLineIs() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("setup.fanout").path
        try "register f\ncall f\n".write(toFile: file, atomically: true, encoding: .utf8)
        let (session, sink) = makeSession()
        await session.execute("source \(file)")
        _ = sink.take()
        await session.execute("history")
        #expect(sink.take() == "   1  source \(file)\n   2  history\n")
    }
}
