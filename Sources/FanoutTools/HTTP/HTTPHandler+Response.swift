import AsyncHTTPClient
import FanoutCore
import NIOCore

extension HTTPHandler {
    /// The longest excerpt of an error response's body a message shows.
    static let excerptLimit = 200

    /// The response's body as the call's result, or the error its status or size calls for.
    func read(_ response: HTTPClientResponse, secrets: HTTPSecrets) async throws -> JSONValue {
        let status = response.status
        if status.code < 400,
           let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > responseLimit {
            // Said before reading a byte: the server has announced more than the limit.
            throw ToolError(tooLargeMessage)
        }
        let (bytes, complete) = try await collect(response.body)
        let text = String(decoding: bytes, as: UTF8.self)
        if status.code >= 400 {
            var excerpt = HTTPHandler.oneLine(secrets.redact(text))
            if excerpt.isEmpty { excerpt = status.reasonPhrase }
            throw ToolError("HTTP \(status.code): \(excerpt)")
        }
        guard complete else { throw ToolError(tooLargeMessage) }
        if let value = try? JSONParser.parse(text) { return value }
        return .string(text)
    }

    /// Up to ``responseLimit`` bytes of `body`, and whether that was all of it. Reading stops at the
    /// limit, which ends the request rather than downloading the rest.
    private func collect(_ body: HTTPClientResponse.Body) async throws -> (bytes: [UInt8], complete: Bool) {
        var bytes: [UInt8] = []
        for try await buffer in body {
            let room = responseLimit - bytes.count
            if buffer.readableBytes > room {
                bytes += buffer.readableBytesView.prefix(room)
                return (bytes, false)
            }
            bytes += buffer.readableBytesView
        }
        return (bytes, true)
    }

    private var tooLargeMessage: String {
        "response larger than \(HTTPHandler.sizeText(responseLimit)) (the handler's responseLimit): ask for less, or raise responseLimit"
    }

    /// A size as people write it: `1 MiB`, `64 KiB`, `1.5 MiB`, `300 bytes`.
    static func sizeText(_ bytes: Int) -> String {
        for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= size {
            let tenths = (bytes * 10 + size / 2) / size
            return tenths % 10 == 0 ? "\(tenths / 10) \(unit)" : "\(tenths / 10).\(tenths % 10) \(unit)"
        }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }

    /// `text` on one line, its whitespace runs as single spaces, cut to ``excerptLimit`` characters.
    static func oneLine(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let line = words.joined(separator: " ")
        guard line.count > excerptLimit else { return line }
        return String(line.prefix(excerptLimit - 1)) + "…"
    }
}
