import FanoutCore

/// One line of a server's output, decoded: all that ``MCPConnection`` needs to act on it.
///
/// Decoding is pure (no connection, no threads), so arbitrary server output can be tested and
/// fuzzed a line at a time; the connection carries out what the decoded message says.
enum IncomingMessage: Equatable {
    /// Spaces and tabs only: nothing to do.
    case blank
    /// Not a JSON object (a server printing stray text to stdout): noted in the log and skipped.
    case stray(text: String)
    /// A request of the server's, which fanout answers.
    case request(id: JSONValue, method: String, params: JSONObject)
    /// A notification of the server's, which gets no answer.
    case notification(method: String, params: JSONObject)
    /// An answer to fanout's request `id`: its result, or the error it is.
    case response(id: Int, Result<JSONValue, MCPError>)
    /// A JSON object that is neither a request, a notification nor an answer to fanout (no method,
    /// no integer id): noted in the log and skipped.
    case unaddressed(text: String)

    /// Decodes `line`, one line of server `server`'s output without its newline (the server's name
    /// goes into errors it answered with).
    init(line: ArraySlice<UInt8>, server: String) {
        guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) else {
            self = .blank
            return
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let message = (try? JSONParser.parse(text))?.objectValue else {
            self = .stray(text: text)
            return
        }
        if let method = message["method"]?.stringValue {
            let params = message["params"]?.objectValue ?? [:]
            if let id = message["id"] {
                self = .request(id: id, method: method, params: params)
            } else {
                self = .notification(method: method, params: params)
            }
            return
        }
        guard let id = message["id"]?.intValue else {
            self = .unaddressed(text: text)
            return
        }
        if let error = message["error"]?.objectValue {
            self = .response(id: id, .failure(MCPError.rpc(error, from: server)))
        } else if let value = message["result"] {
            self = .response(id: id, .success(value))
        } else {
            self = .response(id: id, .failure(MCPError(.protocolViolation, "MCP server \(server) answered with neither a result nor an error")))
        }
    }
}
