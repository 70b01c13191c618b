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
