import Foundation
import Testing
import FanoutCore

@Suite("Typed arguments, error kinds and blocking handlers")
struct ToolArgumentsTests {
    @Test func typedGettersDoNotCoerce() throws {
        let arguments: JSONObject = ["city": "Tokyo", "count": 3, "ratio": 0.5, "zip": 2134, "flag": true]
        #expect(try arguments.string("city") == "Tokyo")
        #expect(try arguments.int("count") == 3)
        #expect(try arguments.double("count") == 3)
        #expect(try arguments.bool("flag"))
        #expect(throws: ToolError.invalidArguments("zip: expected string, got 2134")) { try arguments.string("zip") }
        #expect(throws: ToolError.invalidArguments("ratio: expected integer, got 0.5")) { try arguments.int("ratio") }
        #expect(throws: ToolError.invalidArguments("missing required argument 'nope'")) { try arguments.required("nope") }
    }

    private struct Query: Decodable, Equatable {
        var sql: String
        var limit: Int?
    }

    @Test func argumentsDecodeIntoAStruct() throws {
        #expect(try (["sql": "SELECT 1", "limit": 5] as JSONObject).decode(Query.self) == Query(sql: "SELECT 1", limit: 5))
        #expect(throws: ToolError.invalidArguments("missing required argument 'sql'")) {
            try (["limit": 5] as JSONObject).decode(Query.self)
        }
        #expect(throws: ToolError.invalidArguments("sql: expected string")) {
            try (["sql": 5] as JSONObject).decode(Query.self)
        }
    }

    @Test func jsonValueIsCodable() throws {
        let value: JSONValue = ["a": [1, 2.5, "x", nil, true], "b": ["c": 1]]
        let data = try JSONEncoder().encode(value)
        // JSONDecoder does not keep an object's key order: compare member by member.
        let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(decoded.objectValue?.count == 2)
        #expect(decoded.objectValue?["a"] == [1, 2.5, "x", nil, true])
        #expect(decoded.objectValue?["b"] == ["c": 1])
        struct Point: Encodable { var x: Int; var y: Int }
        #expect(try JSONValue(encoding: Point(x: 1, y: 2)) == ["x": 1, "y": 2])
    }

    @Test func failedCallsSayWhyInAKind() async throws {
        let weather = Tool("get_weather", parameters: .object(["location": .string()], required: ["location"])) { arguments, _ in
            ["location": .string(try arguments.string("location"))]
        }
        let picky = Tool("picky") { _, _ in throw ToolError.invalidArguments("location must be a city, not a planet") }
        let broken = Tool("broken") { _, _ in throw ToolError("ConnectionError: reset") }
        let calls = [
            call("c1", "get_weather", ["location": "Tokyo"]),
            call("c2", "get_wether", ["location": "Tokyo"]),
            call("c3", "get_weather", ["location": 3]),
            ToolCall(id: "c4", name: "get_weather", argumentsJSON: #"{"location": "Tok"#),
            call("c5", "picky"),
            call("c6", "broken"),
        ]
        let (report, events) = try await runVirtual(calls, handlers: [weather, picky, broken])
        #expect(report.results.map(\.status) == [.ok, .error, .error, .error, .error, .error])
        #expect(report.results.map(\.errorKind) == [nil, .unknownTool, .invalidArguments, .invalidArguments, .invalidArguments, .handlerError])
        #expect(report["c3"].error == "location: expected string, got 3")
        #expect(report["c4"].error?.hasPrefix("arguments are not valid JSON: ") == true)
        let line = events.compactMap { event -> String? in
            if case .callFinished(_, let result) = event, result.id == "c2" { return event.jsonLine } else { return nil }
        }.first
        #expect(line == #"{"event":"call_finished","run":1,"call":"c2","name":"get_wether","status":"error","started_ms":0,"t_ms":0,"duration_ms":0,"error":"unknown function 'get_wether' (did you mean get_weather?)","error_kind":"unknown_tool"}"#)
    }

    @Test func argumentsAreWrittenAsLiterals() {
        let call = ToolCall(id: "c1", name: "f", arguments: ["city": "Tokyo", "days": 3, "ratio": 0.5, "hot": true, "none": nil])
        #expect(call.arguments["city"] == .value("Tokyo"))
        #expect(call.arguments["days"] == .value(3))
        let result = CallResult(id: "c1", name: "f", status: .ok, startedAt: .zero, finishedAt: .seconds(1), output: ["t": 22])
        #expect(result.description == #"c1 f ok (1s): {"t":22}"#)
    }

    @Test func argumentsJSONReadsWhatModelsWrite() {
        #expect(ToolCall(id: "a", name: "f", argumentsJSON: #"{"x": 1}"#).arguments == ["x": .value(1)])
        #expect(ToolCall(id: "a", name: "f", argumentsJSON: "").argumentsError == nil)
        #expect(ToolCall(id: "a", name: "f", argumentsJSON: "[1]").argumentsError == "arguments must be a JSON object, not an array")
    }

    @Test func schemaDefaultsReachTheHandler() async throws {
        let echo = Tool("get_news", parameters: .object(["topic": .string(), "count": .integer(default: 3)], required: ["topic"])) { arguments, _ in
            .object(arguments)
        }
        let (report, _) = try await runVirtual([call("c1", "get_news", ["topic": "AI"])], handlers: [echo])
        #expect(report["c1"].output == ["topic": "AI", "count": 3])
    }

    @Test func aBlockingToolKeepsItsKindAndRunsOnTheOffloadPool() async throws {
        let query = BlockingTool("query") { _, _ in
            Thread.sleep(forTimeInterval: 0.01)
            return ["rows": 1]
        }
        let score = BlockingTool("score", kind: .cpu) { _, _ in 0.73 }
        #expect(query.kind == .sync)
        #expect(score.kind == .cpu)
        let report = try await Executor(handlers: HandlerRegistry([query, score])).run([call("c1", "query"), call("c2", "score")])
        #expect(report.results.map(\.status) == [.ok, .ok])
        #expect(report["c1"].output == ["rows": 1])
        #expect(report["c2"].output == 0.73)
    }
}
