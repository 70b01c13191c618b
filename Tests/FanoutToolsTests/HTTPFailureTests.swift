import FanoutCore
import FanoutTools
import Foundation
import Testing

/// Each way a call or a handler's construction fails says which, in one line.
@Suite("HTTPHandler failures", .timeLimit(.minutes(1)))
struct HTTPFailureTests {
    @Test func aStatusOf400OrMoreFailsWithTheStatusAndTheBody() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(name: "city", method: "GET", url: "\(server.base)/missing", session: session)
            let error = await toolError { try await handler.send([:]) }
            #expect(error?.message == "HTTP 404: no such city")
            #expect(error?.kind == .handlerError)
        }
    }

    @Test func anErrorBodyIsShownOnOneLineAndCut() async throws {
        try await withServer { server, session in
            let long = String(repeating: "word ", count: 100)
            let encoded = long.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let handler = try HTTPHandler(name: "fail", method: "GET", url: "\(server.base)/fail?say=line%0Aone%20\(encoded)", session: session)
            let message = try #require(await errorMessage { try await handler.send([:]) })
            #expect(message.hasPrefix("HTTP 400: line one word word"))
            #expect(!message.contains("\n"))
            #expect(message.dropFirst("HTTP 400: ".count).count == 200)
            #expect(message.hasSuffix("…"))
        }
    }

    @Test func aPortWithNothingListeningIsConnectionRefused() async throws {
        // Port 1: nothing listens there. (A stopped test server's port may be reused at once by another test's.)
        let port = 1
        let session = HTTPSession()
        let handler = try HTTPHandler(name: "refused", method: "GET", url: "http://127.0.0.1:\(port)/json", session: session)
        let started = ContinuousClock.now
        let message = await errorMessage { try await handler.send([:]) }
        let took = ContinuousClock.now - started
        await session.shutdown()
        #expect(message?.hasPrefix("connection refused (127.0.0.1:\(port))") == true, "\(message ?? "")")
        #expect(took < TimingSlack.bound(.seconds(2)), "a refused connection took \(took): it was retried")
    }

    @Test func anUnknownHostIsADNSFailure() async throws {
        let session = HTTPSession()
        let handler = try HTTPHandler(name: "dns", method: "GET", url: "http://no-such-host.invalid/x", session: session)
        let message = await errorMessage { try await handler.send([:]) }
        await session.shutdown()
        #expect(message?.hasPrefix("DNS lookup failed for no-such-host.invalid") == true, "\(message ?? "")")
    }

    @Test func httpsToAPlainServerIsATLSFailure() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(name: "tls", method: "GET", url: "https://127.0.0.1:\(server.port)/json", session: session)
            let message = await errorMessage { try await handler.send([:]) }
            #expect(message == "TLS handshake with 127.0.0.1 failed: wrong version number (the server may not speak TLS: try http://)")
        }
    }

    @Test func aConnectionClosedMidBodySaysSo() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(name: "close", method: "GET", url: "\(server.base)/close-early", session: session)
            let message = await errorMessage { try await handler.send([:]) }
            #expect(message?.hasPrefix("connection closed before the response ended") == true, "\(message ?? "")")
        }
    }

    @Test func aBodyThatStallsTimesOutAtTheReadTimeout() async throws {
        try await withServer(readTimeout: .milliseconds(300)) { server, session in
            let handler = try HTTPHandler(name: "stall", method: "GET", url: "\(server.base)/slow-body", session: session)
            let started = ContinuousClock.now
            let message = await errorMessage { try await handler.send([:]) }
            #expect(message?.hasPrefix("timed out") == true, "\(message ?? "")")
            #expect(ContinuousClock.now - started < TimingSlack.bound(.seconds(5)))
        }
    }

    @Test func aHeadLaterThanTheHandlersTimeoutTimesOut() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(
                name: "slow", method: "GET", url: "\(server.base)/slow?ms=5000", timeout: .milliseconds(300), session: session
            )
            #expect(await errorMessage { try await handler.send([:]) } == "timed out after 300ms waiting for 127.0.0.1:\(server.port) to answer")
        }
    }

    @Test func aResponseOverTheLimitFails() async throws {
        try await withServer { server, session in
            let small = try HTTPHandler(
                name: "large", method: "GET", url: "\(server.base)/large?bytes=2000", responseLimit: 1024, session: session
            )
            #expect(await errorMessage { try await small.send([:]) }?.hasPrefix("response larger than 1 KiB") == true)
            let announced = try HTTPHandler(
                name: "large", method: "GET", url: "\(server.base)/large?bytes=3000000&length=1", session: session
            )
            #expect(await errorMessage { try await announced.send([:]) }?.hasPrefix("response larger than 1 MiB (the handler's responseLimit)") == true)
            let streamed = try HTTPHandler(name: "large", method: "GET", url: "\(server.base)/large?bytes=3000000", session: session)
            #expect(await errorMessage { try await streamed.send([:]) }?.hasPrefix("response larger than 1 MiB") == true)
            let fits = try HTTPHandler(name: "large", method: "GET", url: "\(server.base)/large?bytes=1024", responseLimit: 1024, session: session)
            #expect(try await fits.send([:]) == .string(String(repeating: "x", count: 1024)))
        }
    }

    @Test func aShutDownSessionRefusesCallsAndShutsDownOnce() async throws {
        let session = HTTPSession()
        await session.shutdown()
        await session.shutdown()
        let handler = try HTTPHandler(name: "late", method: "GET", url: "http://127.0.0.1:9/", session: session)
        #expect(await errorMessage { try await handler.send([:]) }?.hasPrefix("the HTTP session is shut down") == true)
    }

    @Test func constructionRejectsWhatCannotWork() {
        func problem(_ make: () throws(HTTPHandlerError) -> HTTPHandler) -> String? {
            do {
                _ = try make()
                return nil
            } catch {
                return error.description
            }
        }
        #expect(problem { () throws(HTTPHandlerError) in try HTTPHandler(name: "x", method: "FETCH", url: "https://a.example") }
            == "HTTP method 'FETCH' is not supported: use GET, POST, PUT, PATCH, DELETE or HEAD")
        #expect(problem { () throws(HTTPHandlerError) in try HTTPHandler(name: "x", method: "GET", url: "ftp://a.example/x") }
            == "URL 'ftp://a.example/x' has scheme 'ftp': give an http:// or https:// URL with a host, like https://api.example.com/weather?q={location}")
        #expect(problem { () throws(HTTPHandlerError) in try HTTPHandler(name: "x", method: "GET", url: "https:///path") }?
            .hasPrefix("URL 'https:///path' has no host") == true)
        #expect(problem { () throws(HTTPHandlerError) in try HTTPHandler(name: "x", method: "GET", url: "api.example.com/x") }?
            .hasPrefix("URL 'api.example.com/x' ") == true)
        #expect(problem { () throws(HTTPHandlerError) in try HTTPHandler(name: "x", method: "GET", url: "https://a.example/{city") }
            == "the '{' at column 19 of the URL is not closed: write {argument} or ${VARIABLE}, or {{ for a literal '{'")
        #expect(problem { () throws(HTTPHandlerError) in
            try HTTPHandler(name: "x", method: "GET", url: "https://a.example/", headers: ["Authorization": "Bearer ${KEY"])
        }?.contains("of header Authorization is not closed") == true)
        #expect(problem { () throws(HTTPHandlerError) in
            try HTTPHandler(name: "x", method: "GET", url: "https://a.example/", headers: ["Bad Name": "v"])
        }?.hasPrefix("header name 'Bad Name' is not a valid HTTP header name") == true)
        #expect(problem { () throws(HTTPHandlerError) in try HTTPHandler(name: "x", method: "GET", url: "https://a.example/", body: "{q}") }
            == "a GET request carries no body: remove body:, or use POST, PUT or PATCH")
        #expect(problem { () throws(HTTPHandlerError) in try HTTPHandler(name: "x", method: "GET", url: "https://a.example/", responseLimit: 0) }
            == "responseLimit must be at least 1 byte, not 0")
        // A JSON body's own braces are text, and {{ is a literal brace.
        #expect(problem { () throws(HTTPHandlerError) in
            try HTTPHandler(name: "x", method: "POST", url: "https://{host}/v1", body: #"{"q": "{q}", "raw": "{{q}"}"#)
        } == nil)
    }
}
