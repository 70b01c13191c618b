import AsyncHTTPClient
import FanoutCore
import Foundation
import NIOCore
import NIOHTTP1
import OrderedCollections

/// A tool that is an HTTP endpoint: each call fills the URL, headers and body templates from its
/// arguments and returns the response body, as JSON when it parses and as text otherwise.
///
/// ```swift
/// let weather = try HTTPHandler(
///     name: "get_weather", method: "GET",
///     url: "https://api.example.com/weather?q={location}",
///     headers: ["Authorization": "Bearer ${WEATHER_KEY}"],
///     parameters: .object(["location": .string("A city")], required: ["location"]))
/// ```
///
/// `{argument}` in the URL becomes the argument's text percent-encoded, so `Paris&x=y` stays one
/// query value and `../x` one path segment; in headers and the body it goes in as it is. A string
/// argument gives its text, any other value its compact JSON. `${NAME}` reads the environment
/// variable when the call is made, and its value never appears in ``template`` or in an error.
/// POST, PUT and PATCH without a body template send the arguments as a JSON object. A status of 400
/// or more fails the call with `HTTP <status>: <the start of the body>`.
public struct HTTPHandler: ExternalToolHandler {
    /// The methods a handler may use.
    public static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]
    /// The methods that send the call's arguments as a JSON body when no body template is given.
    static let jsonBodyMethods: Set<String> = ["POST", "PUT", "PATCH"]

    /// The name the model calls it by.
    public let name: String
    /// The HTTP method, in capitals.
    public let method: String
    /// Its own timeout for the whole call (the executor's timer, and AHC's deadline for the head).
    public let timeout: Duration?
    /// Its arguments as a JSON Schema object; settable, so that a schema can be derived from
    /// ``argumentNames`` once the templates are parsed.
    public var parameters: JSONSchema
    /// What it does, for the model's tool definition and for listings.
    public let description: String
    /// Whether its calls must never overlap each other.
    public let isSerial: Bool
    /// How its failed calls are tried again; `nil` for the run's retries.
    public let retryPolicy: RetryPolicy?
    /// Whether each call waits for approval before it is sent.
    public let needsApproval: Bool
    /// The largest response body it accepts, in bytes.
    public let responseLimit: Int
    /// The connection pool its calls go through.
    public let session: HTTPSession

    let url: HTTPTemplate
    let headers: [(name: String, value: HTTPTemplate)]
    let body: HTTPTemplate?

    /// The arguments its URL, headers and body name, in order of first use.
    public var argumentNames: [String] {
        let templates = [url] + headers.map(\.value) + (body.map { [$0] } ?? [])
        var names: [String] = []
        for name in templates.flatMap(\.argumentNames) where !names.contains(name) { names.append(name) }
        return names
    }

    /// A handler for `method` on `url`; throws ``HTTPHandlerError`` for a method it does not know,
    /// a URL that is not http or https with a host, a header name that is not a token, or a
    /// placeholder left open.
    ///
    /// - Parameters:
    ///   - url: the URL, with `{argument}` and `${VARIABLE}` placeholders.
    ///   - headers: header values may hold placeholders too.
    ///   - body: a body template; `nil` sends the arguments as JSON for POST, PUT and PATCH and no
    ///     body otherwise.
    ///   - timeout: the longest a call may take; `nil` for the run's.
    ///   - responseLimit: a larger response body fails the call rather than filling memory.
    public init(
        name: String, method: String, url: String, headers: OrderedDictionary<String, String> = [:],
        body: String? = nil, timeout: Duration? = nil, parameters: JSONSchema = .any,
        description: String = "", isSerial: Bool = false, retryPolicy: RetryPolicy? = nil,
        needsApproval: Bool = false, responseLimit: Int = 1 << 20, session: HTTPSession = .shared
    ) throws(HTTPHandlerError) {
        let method = method.uppercased()
        guard HTTPHandler.methods.contains(method) else { throw .unsupportedMethod(method) }
        self.url = try HTTPTemplate(url, field: "the URL")
        try HTTPHandler.checkURL(self.url)
        var parsedHeaders: [(name: String, value: HTTPTemplate)] = []
        for (headerName, value) in headers {
            guard HTTPHandler.isToken(headerName) else { throw .invalidHeaderName(headerName) }
            parsedHeaders.append((headerName, try HTTPTemplate(value, field: "header \(headerName)")))
        }
        if body != nil, method == "GET" || method == "HEAD" { throw .bodyNotAllowed(method: method) }
        guard responseLimit > 0 else { throw .invalidResponseLimit(responseLimit) }
        self.body = try body.map { text throws(HTTPHandlerError) in try HTTPTemplate(text, field: "the body") }
        self.name = name
        self.method = method
        self.headers = parsedHeaders
        self.timeout = timeout
        self.parameters = parameters
        self.description = description
        self.isSerial = isSerial
        self.retryPolicy = retryPolicy
        self.needsApproval = needsApproval
        self.responseLimit = responseLimit
        self.session = session
    }

    /// The method and URL template as written, for listings: `GET https://api.example.com/weather?q={location}`.
    /// Variables show as `${NAME}`, never as their values.
    public var template: String { "\(method) \(url.text)" }
    /// `an HTTP endpoint`.
    public var kindOfTool: String { "an HTTP endpoint" }

    /// Makes the request; the result is the response body (see the type's summary).
    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        try await send(arguments)
    }

    /// Makes the request for `arguments` outside an executor: what ``call(arguments:context:)`` does.
    /// Cancelling the calling task cancels the request at once.
    public func send(_ arguments: JSONObject) async throws -> JSONValue {
        var secrets = HTTPSecrets()
        let request = try makeRequest(arguments, secrets: &secrets)
        let failure = HTTPFailure(
            host: secrets.redact(request.host), port: request.port, deadline: timeout, session: session
        )
        do {
            // A deadline AHC applies to the head only: the executor's timer (the same `timeout`)
            // bounds the body, and the session's read timeout a body that stalls.
            let deadline = timeout.map { NIODeadline.now() + $0.timeAmount } ?? .distantFuture
            let response = try await session.client.execute(request.request, deadline: deadline)
            return try await read(response, secrets: secrets)
        } catch {
            let mapped = failure.map(error)
            if let toolError = mapped as? ToolError {
                throw ToolError(secrets.redact(toolError.message), kind: toolError.kind)
            }
            throw mapped
        }
    }

    /// The request for one call, and the host and port it goes to.
    private func makeRequest(
        _ arguments: JSONObject, secrets: inout HTTPSecrets
    ) throws(ToolError) -> (request: HTTPClientRequest, host: String, port: Int) {
        let text = try url.render(arguments, field: "the URL", secrets: &secrets, encode: HTTPTemplate.percentEncoded)
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            // Only the template is quoted: the filled-in URL may hold a variable's value.
            throw ToolError("the URL is not a valid http or https URL once its variables are filled in: check the variables \(url.text.quotedExcerpt) uses")
        }
        var request = HTTPClientRequest(url: text)
        request.method = HTTPMethod(rawValue: method)
        var hasContentType = false
        for (headerName, template) in headers {
            let value = try template.render(arguments, field: "header \(headerName)", secrets: &secrets)
            // A line break in a value would let an argument add headers of its own.
            guard !value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw .invalidArguments("header \(headerName) would contain a line break: its arguments and variables must be one line")
            }
            request.headers.add(name: headerName, value: value)
            if headerName.lowercased() == "content-type" { hasContentType = true }
        }
        if !request.headers.contains(name: "User-Agent") { request.headers.add(name: "User-Agent", value: "fanout") }
        if let body {
            let text = try body.render(arguments, field: "the body", secrets: &secrets)
            if !hasContentType {
                let first = text.first { !$0.isWhitespace }
                let type = first == "{" || first == "[" ? "application/json" : "text/plain; charset=utf-8"
                request.headers.add(name: "Content-Type", value: type)
            }
            request.body = .bytes(ByteBuffer(string: text))
        } else if HTTPHandler.jsonBodyMethods.contains(method) {
            if !hasContentType { request.headers.add(name: "Content-Type", value: "application/json") }
            request.body = .bytes(ByteBuffer(string: JSONValue.object(arguments).jsonText))
        }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return (request, host, port)
    }

    private static func checkURL(_ template: HTTPTemplate) throws(HTTPHandlerError) {
        // Placeholders stand for a plain word here: the check is of the template's own shape.
        let sample = template.parts.map { part in
            switch part {
            case .literal(let text): return text
            case .argument, .environment: return "x"
            }
        }.joined()
        guard let components = URLComponents(string: sample), let scheme = components.scheme?.lowercased() else {
            throw .invalidURL(template.text, reason: "is not a URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw .invalidURL(template.text, reason: "has scheme '\(scheme)'")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .invalidURL(template.text, reason: "has no host")
        }
    }

    /// Whether `name` is an HTTP token (RFC 9110), as a header name must be.
    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }
}
