import Testing
@testable import FanoutShell

@Suite("Tab completion")
struct CompleterTests {
    private let context = CompletionContext(
        handlers: [(name: "get_orders", parameters: ["user_id"]), (name: "get_recommendations", parameters: ["orders"])],
        references: ["call_1", "orders"], queued: ["call_1", "orders"])

    @Test func commandsHandlersParametersAndReferences() {
        #expect(Completer.candidates(for: "ca", in: context) == ["call"])
        #expect(Completer.candidates(for: "call get_r", in: context) == ["get_recommendations"])
        #expect(Completer.candidates(for: "call get_recommendations or", in: context) == ["orders="])
        #expect(Completer.candidates(for: "call get_recommendations order_history=$o", in: context) == ["order_history=$orders"])
        #expect(Completer.candidates(for: "strategy ta", in: context) == ["taskgroup"])
    }

    @Test func mcpSubcommandsAndServerNames() {
        let servers = CompletionContext(mcpServers: ["files", "travel"])
        #expect(Completer.candidates(for: "mcp d", in: servers) == ["disconnect"])
        #expect(Completer.candidates(for: "mcp log t", in: servers) == ["travel"])
        #expect(Completer.candidates(for: "mcp disconnect ", in: servers) == ["files", "travel"])
        #expect(Completer.candidates(for: "mcp connect f", in: servers) == [])
    }

    /// A `key=`, a folder and a `$` reference are continued, so no space follows them: a reference
    /// may take a path (`$orders.orders[0]`).
    @Test func someCandidatesAreContinued() {
        #expect(Completer.isContinued("orders="))
        #expect(Completer.isContinued("sessions/"))
        #expect(Completer.isContinued("orders=$orders"))
        #expect(!Completer.isContinued("get_recommendations"))
        #expect(!Completer.isContinued("taskgroup"))
    }
}

/// `$alias.` and `$call_1.` complete with the keys of that call's stored result.
@Suite("Completing result keys")
struct ResultKeyCompletionTests {
    private func context() async -> CompletionContext {
        let (session, _) = await session(on: .virtual, after: [
            #"register f latency=0 returns='{"user": {"name": "{n}", "id": 1}, "orders": [{"product": "x"}], "note": "n", "a b": 1}'"#,
            "call f n=Ada as u", "run", "call f n=Bo",
        ])
        return session.completionContext
    }

    @Test func keysOfAFinishedCallsResult() async {
        let context = await context()
        #expect(Completer.candidates(for: "call f n=$u.", in: context) == ["n=$u.user", "n=$u.orders", "n=$u.note"])
        #expect(Completer.candidates(for: "call f n=$u.u", in: context) == ["n=$u.user"])
        #expect(Completer.candidates(for: "call f n=$u.user.", in: context) == ["n=$u.user.name", "n=$u.user.id"])
        #expect(Completer.candidates(for: "call f n=$u.orders[0].p", in: context) == ["n=$u.orders[0].product"])
        #expect(Completer.candidates(for: "call f n=$call_1.no", in: context) == ["n=$call_1.note"])
        #expect(Completer.isContinued("n=$u.user"))
    }

    @Test func nothingForAQueuedCallAPathToNoObjectOrAnUnknownName() async {
        let context = await context()
        #expect(Completer.candidates(for: "call f n=$call_2.", in: context).isEmpty)
        #expect(Completer.candidates(for: "call f n=$u.note.", in: context).isEmpty)
        #expect(Completer.candidates(for: "call f n=$u.missing.", in: context).isEmpty)
        #expect(Completer.candidates(for: "call f n=$nobody.", in: context).isEmpty)
    }
}
