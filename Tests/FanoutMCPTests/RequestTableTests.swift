import FanoutCore
import Testing
@testable import FanoutMCP

/// The request table decides alone, so every order of events is a plain sequence of calls here:
/// no server, no threads, no clock. Waiters are strings naming the request.
@Suite("Request table")
struct RequestTableTests {
    typealias Table = RequestTable<String>
    let exited = Table.Ending(
        inFlight: MCPError(.connectionEnded, "MCP server s exited with status 1"),
        afterwards: MCPError(.connectionEnded, "MCP server s exited with status 1; reconnect to use its tools"))

    private func send(_ table: inout Table, _ waiter: String, method: String = "tools/call") -> Int {
        let id = table.makeID()
        guard case .send = table.register(id, method: method, waiter: waiter) else {
            Issue.record("\(waiter) was not sent")
            return id
        }
        return id
    }

    @Test func idsAreIntegersInOrderAndAnswersFindTheirRequest() {
        var table = Table()
        let first = send(&table, "a")
        let second = send(&table, "b")
        #expect((first, second) == (0, 1))
        #expect(table.inFlight == 2)
        // Answers may come in any order.
        guard case .resume(let waiter, .success(let value)) = table.receive(response: second, .success(["ok": true])) else {
            Issue.record("no resume")
            return
        }
        #expect(waiter == "b")
        #expect(value == ["ok": true])
        #expect(table.inFlight == 1)
        #expect(table.oldestMethod == "tools/call")
    }

    @Test func aSecondAnswerOrOneToNoRequestIsIgnored() {
        var table = Table()
        let id = send(&table, "a")
        _ = table.receive(response: id, .success(nil))
        guard case .ignore = table.receive(response: id, .success(nil)) else { Issue.record("answered twice"); return }
        guard case .ignore = table.receive(response: 99, .success(nil)) else { Issue.record("answered a stranger"); return }
    }

    @Test func abandoningEndsTheRequestOnceAndItsLateAnswerIsIgnored() {
        var table = Table()
        let id = send(&table, "a")
        #expect(table.abandon(id, because: MCPError(.cancelled, "cancelled")) == "a")
        #expect(table.abandon(id, because: MCPError(.cancelled, "cancelled")) == nil)
        #expect(table.inFlight == 0)
        guard case .ignore = table.receive(response: id, .success(nil)) else { Issue.record("late answer resumed"); return }
    }

    /// A task cancelled between taking its id and registering: the request is never sent.
    @Test func aRequestAbandonedBeforeItIsRegisteredFailsAsItRegisters() {
        var table = Table()
        let id = table.makeID()
        #expect(table.abandon(id, because: MCPError(.cancelled, "cancelled")) == nil)
        guard case .fail(let waiter, let error) = table.register(id, method: "tools/call", waiter: "a") else {
            Issue.record("sent anyway")
            return
        }
        #expect(waiter == "a")
        #expect(error.reason == .cancelled)
        #expect(table.inFlight == 0)
    }

    @Test func abandoningAnAnsweredRequestLeavesNothingBehind() {
        var table = Table()
        let id = send(&table, "a")
        _ = table.receive(response: id, .success(nil))
        #expect(table.abandon(id, because: MCPError(.cancelled, "cancelled")) == nil)
        // The next request is sent as usual.
        _ = send(&table, "b")
        #expect(table.inFlight == 1)
    }

    @Test func theEndFailsEveryRequestInFlightInOrderAndLaterOnesAtOnce() {
        var table = Table()
        _ = send(&table, "a")
        _ = send(&table, "b")
        _ = send(&table, "c")
        #expect(table.end(exited) == ["a", "b", "c"])
        #expect(table.inFlight == 0)
        // Only the first ending counts.
        #expect(table.end(Table.Ending(inFlight: MCPError(.connectionEnded, "other"), afterwards: MCPError(.connectionEnded, "other"))) == nil)
        #expect(table.ending?.inFlight.message == "MCP server s exited with status 1")
        let later = table.makeID()
        guard case .fail(_, let error) = table.register(later, method: "tools/call", waiter: "d") else {
            Issue.record("sent on an ended connection")
            return
        }
        #expect(error.message == "MCP server s exited with status 1; reconnect to use its tools")
    }

    @Test func progressGoesToTheRequestWithThatTokenWhileItWaits() {
        var table = Table()
        let id = table.makeID()
        _ = table.register(id, method: "tools/call", waiter: "a", progress: { _ in })
        #expect(table.progressHandler(for: id) != nil)
        #expect(table.progressHandler(for: id + 1) == nil)
        _ = table.receive(response: id, .success(nil))
        #expect(table.progressHandler(for: id) == nil)
    }
}

@Suite("Tool results and errors")
struct ToolCallResultTests {
    @Test func structuredContentIsTheOutput() throws {
        let result = ToolCallResult(["content": [["type": "text", "text": "hi"]], "structuredContent": ["result": "hi"]], server: "s")
        #expect(try result.output() == ["result": "hi"])
    }

    @Test func textThatIsJSONIsParsedAndOtherTextKept() throws {
        #expect(try ToolCallResult(["content": [["type": "text", "text": "{\n  \"a\": 1\n}"]]], server: "s").output() == ["a": 1])
        #expect(try ToolCallResult(["content": [["type": "text", "text": "42"]]], server: "s").output() == "42")
        let two = ToolCallResult(["content": [["type": "text", "text": "[1]"], ["type": "image", "data": "…"]]], server: "s")
        #expect(try two.output() == [[1], ["type": "image", "data": "…"]])
    }

    @Test func isErrorThrowsItsText() {
        let result = ToolCallResult(["content": [["type": "text", "text": "Error executing tool fail"]], "isError": true], server: "s")
        #expect(throws: MCPError(.toolFailed, "Error executing tool fail")) { try result.output() }
        #expect(throws: MCPError(.toolFailed, "the tool reported an error and said nothing more")) {
            try ToolCallResult(["content": [], "isError": true], server: "s").output()
        }
    }

    @Test func rpcErrorsKeepCodeMessageAndData() {
        let string = MCPError.rpc(["code": -32601, "message": "Method not found", "data": "bogus/method"], from: "s")
        #expect(string.message == "MCP server s answered with error -32601: Method not found (bogus/method)")
        #expect(string.reason == .rpcError(code: -32601))
        #expect(MCPError.rpc(["code": -32602, "message": "Invalid params", "data": ""], from: "s").errorKind == .invalidArguments)
        #expect(MCPError.rpc(["code": 1, "message": "m", "data": ["uri": "x"]], from: "s").message
            == #"MCP server s answered with error 1: m ({"uri":"x"})"#)
    }

    @Test func progressFractionsNeedATotal() {
        #expect(MCPProgress(progress: 1, total: 4, message: nil).fraction == 0.25)
        #expect(MCPProgress(progress: 3, total: nil, message: nil).fraction == nil)
        #expect(MCPProgress(progress: 9, total: 4, message: nil).fraction == 1)
    }
}

@Suite("Line splitting")
struct LineSplitterTests {
    private func lines(_ chunks: [String], maximum: Int = 100) -> (lines: [String], overflows: Int) {
        var splitter = LineSplitter(maximum: maximum)
        var lines: [String] = []
        var overflows = 0
        for chunk in chunks {
            splitter.feed(Array(chunk.utf8)[...], line: { lines.append(String(decoding: $0, as: UTF8.self)) }, overflow: { overflows += 1 })
        }
        splitter.finish { lines.append(String(decoding: $0, as: UTF8.self)) }
        return (lines, overflows)
    }

    @Test func linesSplitAcrossChunksAndCRLFAreJoined() {
        #expect(lines(["{\"a\":", "1}\n{\"b\"", ":2}\r\n", "tail"]).lines == [#"{"a":1}"#, #"{"b":2}"#, "tail"])
    }

    @Test func anOverlongLineIsReportedOnceAndSkippedToItsEnd() {
        let result = lines(["short\n", String(repeating: "x", count: 60), String(repeating: "y", count: 60), "zzz\nnext\n"], maximum: 100)
        #expect(result.lines == ["short", "next"])
        #expect(result.overflows == 1)
    }
}
