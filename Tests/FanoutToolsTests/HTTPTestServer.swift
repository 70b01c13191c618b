import FanoutCore
import FanoutTools
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP/1.1 server on 127.0.0.1 and a port the system picks, started inside the test process so
/// the tests need no network and no other program.
///
/// Routes:
/// - `/json`: a JSON document; `/text`: plain text
/// - `/echo…`: what arrived, as JSON: method, path, its decoded segments, raw query, decoded query
///   items, body, headers (names in lower case)
/// - `/missing`: 404 with the body `no such city`; `/fail?say=TEXT`: 400 with the query's text
/// - `/slow?ms=N`: waits N ms (30 s unless given) before the head
/// - `/slow-body`: sends the head and 10 of 100 bytes, then stalls for 30 s
/// - `/close-early`: sends the head and 10 of 100 bytes, then closes the connection
/// - `/large?bytes=N`: N bytes of `x`, chunked (no length announced) unless `&length=1`
final class HTTPTestServer: Sendable {
    let port: Int
    private let serving: Task<Void, Never>

    private init(port: Int, serving: Task<Void, Never>) {
        self.port = port
        self.serving = serving
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    var base: String { "http://127.0.0.1:\(port)" }

    static func start() async throws -> HTTPTestServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        let port = channel.channel.localAddress?.port ?? 0
        let serving = Task {
            await withDiscardingTaskGroup { group in
                do {
                    try await channel.executeThenClose { connections in
                        for try await connection in connections {
                            group.addTask { await serve(connection) }
                        }
                    }
                } catch {
                    // The server stopped: the test is over.
                }
            }
        }
        return HTTPTestServer(port: port, serving: serving)
    }

    /// Stops accepting and ends every connection, stalled ones included.
    func stop() async {
        serving.cancel()
        await serving.value
    }

    private static func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                for try await part in inbound {
                    switch part {
                    case .head(let received):
                        head = received
                        body.clear()
                    case .body(var chunk):
                        body.writeBuffer(&chunk)
                    case .end:
                        guard let head else { continue }
                        let keepOpen = try await respond(to: head, body: String(buffer: body), outbound)
                        if !keepOpen { return }
                    }
                }
            }
        } catch {
            // A client that went away, or the server stopping.
        }
    }

    /// Answers one request; `false` when the connection must close after it.
    private static func respond(
        to head: HTTPRequestHead, body: String, _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws -> Bool {
        let components = URLComponents(string: head.uri)
        let path = components?.path ?? head.uri
        let query = Dictionary((components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { first, _ in first }
        func send(_ status: HTTPResponseStatus, _ text: String, type: String = "text/plain") async throws {
            var headers = HTTPHeaders([("Content-Type", type), ("Content-Length", "\(text.utf8.count)")])
            if !head.isKeepAlive { headers.add(name: "Connection", value: "close") }
            try await outbound.write(.head(HTTPResponseHead(version: head.version, status: status, headers: headers)))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: text))))
            try await outbound.write(.end(nil))
        }
        switch path {
        case "/json":
            try await send(.ok, #"{"city":"Paris","temperature":21,"tags":["mild",true,null]}"#, type: "application/json")
        case "/text":
            try await send(.ok, "hello, world\n")
        case "/missing":
            try await send(.notFound, "no such city\n")
        case "/fail":
            try await send(.badRequest, query["say"] ?? "")
        case "/slow":
            try await Task.sleep(for: .milliseconds(Int(query["ms"] ?? "") ?? 30_000))
            try await send(.ok, #"{"slept":true}"#, type: "application/json")
        case "/slow-body", "/close-early":
            let headers = HTTPHeaders([("Content-Type", "text/plain"), ("Content-Length", "100")])
            try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers)))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: "0123456789"))))
            if path == "/close-early" { return false }
            try await Task.sleep(for: .seconds(30))
            return false
        case "/large":
            let count = Int(query["bytes"] ?? "") ?? 0
            var headers = HTTPHeaders([("Content-Type", "text/plain")])
            headers.add(name: query["length"] == nil ? "Transfer-Encoding" : "Content-Length",
                        value: query["length"] == nil ? "chunked" : "\(count)")
            try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers)))
            var sent = 0
            while sent < count {
                let chunk = min(64 * 1024, count - sent)
                try await outbound.write(.body(.byteBuffer(ByteBuffer(repeating: UInt8(ascii: "x"), count: chunk))))
                sent += chunk
            }
            try await outbound.write(.end(nil))
        case let echo where echo.hasPrefix("/echo"):
            let segments = (components?.percentEncodedPath ?? "").split(separator: "/").map {
                JSONValue.string(String($0).removingPercentEncoding ?? String($0))
            }
            var items = JSONObject()
            for item in components?.queryItems ?? [] { items[item.name] = .string(item.value ?? "") }
            var headers = JSONObject()
            for (name, value) in head.headers { headers[name.lowercased()] = .string(value) }
            let answer: JSONValue = [
                "method": .string(head.method.rawValue),
                "path": .string(components?.percentEncodedPath ?? ""),
                "segments": .array(segments),
                "query": .string(components?.percentEncodedQuery ?? ""),
                "items": .object(items),
                "body": .string(body),
                "headers": .object(headers),
            ]
            try await send(.ok, answer.jsonText, type: "application/json")
        default:
            try await send(.notFound, "no route \(path)")
        }
        return head.isKeepAlive
    }
}

/// Runs `body` with a fresh server and session, and stops both afterwards, whatever `body` did.
func withServer<T>(
    readTimeout: Duration = .seconds(30),
    _ body: (HTTPTestServer, HTTPSession) async throws -> T
) async throws -> T {
    let server = try await HTTPTestServer.start()
    let session = HTTPSession(readTimeout: readTimeout)
    do {
        let result = try await body(server, session)
        await session.shutdown()
        await server.stop()
        return result
    } catch {
        await session.shutdown()
        await server.stop()
        throw error
    }
}
