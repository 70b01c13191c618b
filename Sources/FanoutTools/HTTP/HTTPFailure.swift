import AsyncHTTPClient
import FanoutCore
import Foundation
import NIOCore
import NIOHTTP1

/// Turns what AHC and NIO throw into a message a model (and a person) can act on: which host, and
/// whether it refused, could not be found, failed TLS, timed out or hung up.
///
/// The raw errors read like "connection reset (error set): Connection refused (errno: 111)" and
/// never say which host; and the URL itself is never quoted here, since its query may carry a key.
struct HTTPFailure {
    /// Host and port, as a person would write them.
    let host: String
    let port: Int
    /// How long AHC's deadline for the head was, when the handler set one.
    let deadline: Duration?
    let session: HTTPSession

    var address: String { "\(host):\(port)" }

    /// The error to throw for `error`: a ``ToolError``, or `CancellationError` when the call was
    /// cancelled (the executor reports that itself, as a timeout or a cancelled run).
    func map(_ error: any Error) -> any Error {
        if error is CancellationError || Task.isCancelled { return CancellationError() }
        if let toolError = error as? ToolError { return toolError }
        if let message = message(for: error) { return ToolError(message) }
        return ToolError("HTTP request to \(address) failed: \(error)")
    }

    private func message(for error: any Error) -> String? {
        if let clientError = error as? HTTPClientError, let message = message(for: clientError) {
            return message
        }
        if let parserError = error as? HTTPParserError {
            // A connection that ends inside a body announced by its length is a parser error to NIO.
            if parserError == .invalidEOFState || parserError == .closedConnection {
                return "connection closed before the response ended (\(address))"
            }
            return "\(address) sent a response that is not valid HTTP: \(parserError)"
        }
        // NIOConnectionError belongs to NIOPosix, which this module does not link: its causes
        // (NIOCore's IOError and SocketAddressError) are found by walking its stored properties.
        let causes = HTTPFailure.causes(of: error)
        for cause in causes {
            if let ioError = cause as? IOError, let message = message(for: ioError) { return message }
        }
        if causes.contains(where: { $0 is SocketAddressError.UnknownHost || $0 is SocketAddressError }) {
            return "DNS lookup failed for \(host): check the host name"
        }
        // NIOSSL's errors are matched by their module's name for the same reason.
        if let tlsError = causes.first(where: { HTTPFailure.isTLSError($0) }) {
            return "TLS handshake with \(host) failed: \(HTTPFailure.tlsReason(tlsError))"
        }
        return nil
    }

    private func message(for error: HTTPClientError) -> String? {
        switch error {
        case .readTimeout:
            return "timed out: \(address) sent nothing for \(session.readTimeout.shortText) (the session's read timeout)"
        case .connectTimeout:
            return "timed out connecting to \(address) after \(session.connectTimeout.shortText)"
        case .deadlineExceeded, .getConnectionFromPoolTimeout:
            let limit = deadline.map { " after \($0.shortText)" } ?? ""
            return "timed out\(limit) waiting for \(address) to answer"
        case .tlsHandshakeTimeout:
            return "TLS handshake with \(host) failed: timed out"
        case .remoteConnectionClosed:
            return "connection closed before the response ended (\(address))"
        case .alreadyShutdown:
            return "the HTTP session is shut down: make calls before HTTPSession.shutdown()"
        default:
            return nil
        }
    }

    private func message(for error: IOError) -> String? {
        switch error.errnoCode {
        case ECONNREFUSED: return "connection refused (\(address)): nothing is listening there"
        case ECONNRESET, EPIPE: return "connection closed before the response ended (\(address))"
        case ETIMEDOUT: return "timed out connecting to \(address)"
        case EHOSTUNREACH, ENETUNREACH: return "\(address) is unreachable from here"
        default: return nil
        }
    }

    /// The error and the errors stored inside it, a few levels deep.
    static func causes(of error: any Error) -> [any Error] {
        var found: [any Error] = [error]
        func walk(_ value: Any, depth: Int) {
            guard depth < 4 else { return }
            for child in Mirror(reflecting: value).children {
                var value = child.value
                // An optional's payload is one level further down.
                if let optional = Mirror(reflecting: value).children.first,
                   Mirror(reflecting: value).displayStyle == .optional {
                    value = optional.value
                }
                if let nested = value as? any Error { found.append(nested) }
                walk(value, depth: depth + 1)
            }
        }
        walk(error, depth: 0)
        return found
    }

    /// BoringSSL's reasons (`WRONG_VERSION_NUMBER` as "wrong version number"), without the error
    /// codes and source paths its description also carries; other TLS errors as they describe
    /// themselves.
    static func tlsReason(_ error: any Error) -> String {
        let text = "\(error)"
        let marker = "OPENSSL_internal:"
        var reasons: [String] = []
        var rest = text[...]
        while let range = rest.range(of: marker) {
            let reason = rest[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            let phrase = reason.lowercased().replacingOccurrences(of: "_", with: " ")
            if !reason.isEmpty, !reasons.contains(phrase) { reasons.append(phrase) }
            rest = rest[range.upperBound...]
        }
        guard !reasons.isEmpty else { return text }
        let hint = reasons.contains("wrong version number") ? " (the server may not speak TLS: try http://)" : ""
        return reasons.joined(separator: ", ") + hint
    }

    private static func isTLSError(_ error: any Error) -> Bool {
        let type = String(reflecting: Swift.type(of: error))
        return type.hasPrefix("NIOSSL.") || type.contains("BoringSSL")
    }
}
