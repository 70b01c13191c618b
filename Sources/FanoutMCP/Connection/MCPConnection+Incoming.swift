import FanoutCore

extension MCPConnection {
    /// Takes in one line of the server's output, on the reader thread (see ``IncomingMessage`` for how
    /// it is decoded): an answer resumes its request, a request of the server's is answered, a
    /// notification is routed; anything else is noted in the log and skipped, so a server that
    /// prints stray text to stdout still works.
    func receive(_ line: ArraySlice<UInt8>) {
        switch IncomingMessage(line: line, server: name) {
        case .blank:
            return
        case .stray(let text):
            note(Self.strayOutput + Self.excerpt(text))
        case .request(let id, let method, let params):
            answer(id, method: method, params: params)
        case .notification(let method, let params):
            notified(method, params: params)
        case .unaddressed(let text):
            note("a message that is neither a request, a notification nor an answer to fanout, skipped: \(Self.excerpt(text))")
        case .response(let id, let result):
            if case .resume(let waiter, let result) = table.withLock({ $0.receive(response: id, result) }) {
                waiter.resume(returning: result)
            }
        }
    }

    /// Answers a request from the server: `ping`, and a polite refusal for what fanout does not offer.
    private func answer(_ id: JSONValue, method: String, params: JSONObject) {
        guard method != "ping" else {
            send(["jsonrpc": "2.0", "id": id, "result": [:]])
            return
        }
        let reason = switch method {
        case "sampling/createMessage":
            "fanout does not support sampling: it runs tools for a model and has no model of its own to lend"
        case "elicitation/create":
            "fanout does not support elicitation: nobody is there to answer a server's questions during a call"
        case "roots/list":
            "fanout does not support roots: it offers servers no file system roots"
        default:
            "fanout does not support '\(method)'"
        }
        note("refused the server's request \(method): \(reason)")
        send(["jsonrpc": "2.0", "id": id, "error": ["code": -32601, "message": .string(reason)]])
    }

    private func notified(_ method: String, params: JSONObject) {
        switch method {
        case "notifications/progress":
            guard let token = params["progressToken"]?.intValue, let progress = params["progress"]?.doubleValue,
                  let handler = table.withLock({ $0.progressHandler(for: token) })
            else { return }
            handler(MCPProgress(progress: progress, total: params["total"]?.doubleValue, message: params["message"]?.stringValue))
        case "notifications/message":
            let level = params["level"]?.stringValue ?? "info"
            append(MCPLogEntry(
                source: .notification(level: level, logger: params["logger"]?.stringValue),
                text: MCPLog.text(of: params["data"])))
        case "notifications/tools/list_changed":
            note("the server's tools changed; reconnect to list them again")
        default:
            // Resource updates, cancellations of the server's own requests (fanout sends none), …
            break
        }
    }

    /// How the log notes a line of output that is not a message.
    static let strayOutput = "output that is not JSON-RPC, skipped: "

    /// The start of a line, for a log note.
    private static func excerpt(_ text: String) -> String {
        let kept = text.count > 120 ? text.prefix(120) + "…" : text
        return kept.debugDescription
    }
}
