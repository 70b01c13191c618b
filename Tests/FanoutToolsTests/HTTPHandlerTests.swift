import FanoutCore
import FanoutTools
import Foundation
import Testing

/// What a call sends and what it returns, against the in-process server.
@Suite("HTTPHandler requests and results", .timeLimit(.minutes(1)))
struct HTTPHandlerTests {
    @Test func getReturnsTheJSONDocumentAsJSON() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(name: "weather", method: "GET", url: "\(server.base)/json", session: session)
            let output = try await handler.send([:])
            #expect(output == ["city": "Paris", "temperature": 21, "tags": ["mild", true, nil]])
        }
    }

    @Test func plainTextComesBackAsAString() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(name: "text", method: "GET", url: "\(server.base)/text", session: session)
            #expect(try await handler.send([:]) == "hello, world\n")
        }
    }

    @Test(arguments: ["; rm -rf ~", "$(whoami)", "Paris&x=y", "a b+c/d?e#f%20", "Zürich 🌧"])
    func anArgumentArrivesAsOneQueryValue(_ value: String) async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(
                name: "echo", method: "GET", url: "\(server.base)/echo?q={q}&n={n}", session: session
            )
            let echo = try await handler.send(["q": .string(value), "n": 3])
            #expect(echo.objectValue?["items"] == ["q": .string(value), "n": "3"])
        }
    }

    @Test func anArgumentInThePathStaysOneSegment() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(name: "echo", method: "GET", url: "\(server.base)/echo/{file}/raw", session: session)
            let echo = try await handler.send(["file": "../etc/passwd?x=1"])
            #expect(echo.objectValue?["segments"] == ["echo", "../etc/passwd?x=1", "raw"])
            #expect(echo.objectValue?["query"] == "")
        }
    }

    @Test func valuesOtherThanStringsSubstituteAsCompactJSON() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(
                name: "echo", method: "GET", url: "\(server.base)/echo?ids={ids}&on={on}&filter={filter}", session: session
            )
            let echo = try await handler.send(["ids": [1, 2], "on": true, "filter": ["city": "Paris"]])
            #expect(echo.objectValue?["items"] == ["ids": "[1,2]", "on": "true", "filter": #"{"city":"Paris"}"#])
        }
    }

    @Test func postSendsTheArgumentsAsAJSONObject() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(name: "create", method: "POST", url: "\(server.base)/echo", session: session)
            let echo = try #require(try await handler.send(["city": "Paris", "days": 3]).objectValue)
            #expect(echo["method"] == "POST")
            #expect(echo["body"] == #"{"city":"Paris","days":3}"#)
            #expect(echo["headers"]?.objectValue?["content-type"] == "application/json")
        }
    }

    @Test func aBodyTemplateSubstitutesRawTextAndJSON() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(
                name: "update", method: "PUT", url: "\(server.base)/echo/{id}",
                headers: ["X-City": "{city}"], body: #"{"city": "{city}", "days": {days}}"#, session: session
            )
            let echo = try #require(try await handler.send(["id": 7, "city": "Paris", "days": [1, 2]]).objectValue)
            #expect(echo["method"] == "PUT")
            #expect(echo["path"] == "/echo/7")
            #expect(echo["body"] == #"{"city": "Paris", "days": [1,2]}"#)
            #expect(echo["headers"]?.objectValue?["x-city"] == "Paris")
            #expect(echo["headers"]?.objectValue?["content-type"] == "application/json")
        }
    }

    @Test func deleteAndHeadSendNoBody() async throws {
        try await withServer { server, session in
            let delete = try HTTPHandler(name: "delete", method: "delete", url: "\(server.base)/echo/{id}", session: session)
            let echo = try #require(try await delete.send(["id": "9"]).objectValue)
            #expect(echo["method"] == "DELETE")
            #expect(echo["body"] == "")
            let head = try HTTPHandler(name: "head", method: "HEAD", url: "\(server.base)/json", session: session)
            #expect(try await head.send([:]) == "")
        }
    }

    @Test func environmentVariablesAreReadAtCallTimeAndNeverShown() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(
                name: "secret", method: "GET", url: "\(server.base)/echo?key=${FANOUT_HTTP_TEST_KEY}",
                headers: ["Authorization": "Bearer ${FANOUT_HTTP_TEST_KEY}"], session: session
            )
            #expect(handler.template == "GET \(server.base)/echo?key=${FANOUT_HTTP_TEST_KEY}")
            setenv("FANOUT_HTTP_TEST_KEY", "first-secret", 1)
            let first = try #require(try await handler.send([:]).objectValue)
            #expect(first["headers"]?.objectValue?["authorization"] == "Bearer first-secret")
            #expect(first["items"] == ["key": "first-secret"])
            setenv("FANOUT_HTTP_TEST_KEY", "second-secret", 1)
            let second = try #require(try await handler.send([:]).objectValue)
            #expect(second["headers"]?.objectValue?["authorization"] == "Bearer second-secret")

            // A server that repeats the key in its error: the message shows the variable's name.
            let failing = try HTTPHandler(
                name: "failing", method: "GET", url: "\(server.base)/fail?say=bad+key+${FANOUT_HTTP_TEST_KEY}", session: session
            )
            let message = await errorMessage { try await failing.send([:]) }
            #expect(message == "HTTP 400: bad+key+${FANOUT_HTTP_TEST_KEY}")
            #expect(!failing.template.contains("second-secret"))

            unsetenv("FANOUT_HTTP_TEST_KEY")
            #expect(await errorMessage { try await handler.send([:]) } == "environment variable FANOUT_HTTP_TEST_KEY is not set")
        }
    }

    @Test func templateShowsTheMethodAndURLAsWritten() throws {
        let handler = try HTTPHandler(
            name: "weather", method: "get", url: "https://api.example.com/weather?q={location}&key=${WEATHER_KEY}"
        )
        #expect(handler.template == "GET https://api.example.com/weather?q={location}&key=${WEATHER_KEY}")
        #expect(handler.method == "GET")
    }

    @Test func aMissingArgumentFailsNamingIt() async throws {
        let handler = try HTTPHandler(name: "weather", method: "GET", url: "http://127.0.0.1:9/weather?q={location}")
        let error = await toolError { try await handler.send(["city": "Paris"]) }
        #expect(error?.kind == .invalidArguments)
        #expect(error?.message == "missing argument 'location': the URL uses {location}")
    }

    @Test func theExecutorRunsItAsAnyOtherHandler() async throws {
        try await withServer { server, session in
            let handler = try HTTPHandler(
                name: "get_weather", method: "GET", url: "\(server.base)/json",
                description: "Current weather", session: session
            )
            let report = try await Executor(handlers: HandlerRegistry([handler])).run([
                ToolCall(id: "a", name: "get_weather"),
            ])
            #expect(report.results.first?.status == .ok)
            #expect(report.results.first?.output?.objectValue?["city"] == "Paris")
        }
    }
}

/// The ``ToolError`` a call threw, or `nil` when it succeeded or threw something else.
func toolError(_ call: () async throws -> JSONValue) async -> ToolError? {
    do {
        let output = try await call()
        Issue.record("the call succeeded with \(output)")
        return nil
    } catch let error as ToolError {
        return error
    } catch {
        Issue.record("the call threw \(type(of: error)): \(error)")
        return nil
    }
}

/// The message of the ``ToolError`` a call threw.
func errorMessage(_ call: () async throws -> JSONValue) async -> String? {
    await toolError(call)?.message
}
