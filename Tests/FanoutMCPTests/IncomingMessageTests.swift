import FanoutCore
import Testing
@testable import FanoutMCP

/// How one line of a server's output is decoded, without a server: what the connection acts on.
@Suite("Incoming message")
struct IncomingMessageTests {
    private func decode(_ text: String) -> IncomingMessage {
        IncomingMessage(line: Array(text.utf8)[...], server: "s")
    }

    @Test func answersRequestsAndNotificationsAreToldApart() {
        #expect(decode(#"{"jsonrpc":"2.0","id":3,"result":{"ok":true}}"#) == .response(id: 3, .success(["ok": true])))
        #expect(decode(#"{"jsonrpc":"2.0","id":7,"method":"ping"}"#) == .request(id: 7, method: "ping", params: [:]))
        #expect(decode(#"{"id":"a","method":"roots/list","params":{"x":1}}"#) == .request(id: "a", method: "roots/list", params: ["x": 1]))
        #expect(decode(#"{"method":"notifications/progress","params":{"progressToken":1}}"#)
            == .notification(method: "notifications/progress", params: ["progressToken": 1]))
    }

    @Test func errorsAndAnswersWithNeitherAreFailures() {
        #expect(decode(#"{"id":1,"error":{"code":-32602,"message":"bad","data":"x"}}"#)
            == .response(id: 1, .failure(MCPError(.rpcError(code: -32602), "MCP server s answered with error -32602: bad (x)"))))
        #expect(decode(#"{"id":1}"#)
            == .response(id: 1, .failure(MCPError(.protocolViolation, "MCP server s answered with neither a result nor an error"))))
    }

    @Test func blankStrayAndUnaddressedLinesAreSkipped() {
        #expect(decode(" \t ") == .blank)
        #expect(decode("") == .blank)
        #expect(decode("Welcome!") == .stray(text: "Welcome!"))
        #expect(decode("[1,2]") == .stray(text: "[1,2]"))
        #expect(IncomingMessage(line: [0x7B, 0xFF, 0x00][...], server: "s") == .stray(text: "{\u{FFFD}\u{0}"))
        #expect(decode(#"{"id":"x","result":1}"#) == .unaddressed(text: #"{"id":"x","result":1}"#))
        #expect(decode(#"{"result":1}"#) == .unaddressed(text: #"{"result":1}"#))
    }
}
