import Testing
@testable import FanoutCore

@Suite("Formatting durations and events")
struct FormattingTests {
    // MARK: Duration.millisecondsText

    @Test func millisecondsText() {
        #expect(Duration.seconds(1).millisecondsText == "1000")
        #expect(Duration.microseconds(1_000_500).millisecondsText == "1000.5")
        #expect(Duration.milliseconds(1000.5).millisecondsText == "1000.5")
        #expect(Duration.microseconds(125).millisecondsText == "0.125")
        #expect(Duration.zero.millisecondsText == "0")
    }

    @Test func millisecondsTextDropsTrailingZerosAndPadsLeadingOnes() {
        #expect(Duration.microseconds(1_250).millisecondsText == "1.25")
        #expect(Duration.microseconds(2_100).millisecondsText == "2.1")
        #expect(Duration.microseconds(5).millisecondsText == "0.005")
        #expect(Duration.microseconds(1_050).millisecondsText == "1.05")
        #expect(Duration.seconds(3600).millisecondsText == "3600000")
    }

    @Test func millisecondsTextRoundsToTheNearestMicrosecond() {
        #expect(Duration.nanoseconds(400).millisecondsText == "0")
        #expect(Duration.nanoseconds(500).millisecondsText == "0.001")
        #expect(Duration.nanoseconds(1_499_600).millisecondsText == "1.5")
        #expect(Duration.nanoseconds(999_999_999).millisecondsText == "1000")
    }

    @Test func millisecondsTextOfNegativeDurations() {
        #expect(Duration.milliseconds(-2).millisecondsText == "-2")
        #expect(Duration.microseconds(-1_500).millisecondsText == "-1.5")
        #expect(Duration.microseconds(-125).millisecondsText == "-0.125")
    }

    // MARK: Duration.shortText

    @Test func shortText() {
        #expect(Duration.milliseconds(500).shortText == "500ms")
        #expect(Duration.seconds(1).shortText == "1s")
        #expect(Duration.milliseconds(1500).shortText == "1.5s")
        #expect(Duration.seconds(120).shortText == "2m")
        #expect(Duration.microseconds(250).shortText == "250µs")
    }

    @Test func shortTextEdges() {
        #expect(Duration.zero.shortText == "0ms")
        #expect(Duration.milliseconds(1).shortText == "1ms")
        #expect(Duration.microseconds(999).shortText == "999µs")
        #expect(Duration.microseconds(1_500).shortText == "1.5ms")
        #expect(Duration.microseconds(999_999).shortText == "999.999ms")
        #expect(Duration.seconds(60).shortText == "1m")
        #expect(Duration.seconds(90).shortText == "90s")
        #expect(Duration.milliseconds(60_500).shortText == "60.5s")
        #expect(Duration.milliseconds(2_250).shortText == "2.25s")
        #expect(Duration.microseconds(1_000_400).shortText == "1s")
        #expect(Duration.microseconds(1_000_500).shortText == "1.001s")
        #expect(Duration.nanoseconds(999_999_600).shortText == "1s")
        #expect(Duration.seconds(3600).shortText == "60m")
    }

    // MARK: ExecutionEvent.jsonLine — the examples of DESIGN.md §3

    @Test func runStartedLine() {
        let event = ExecutionEvent.runStarted(RunStarted(
            run: 1, strategy: .gather, clock: .virtual, limit: nil, timeout: nil, calls: ["call_1", "call_2"]
        ))
        #expect(event.jsonLine == #"{"event":"run_started","run":1,"strategy":"gather","clock":"virtual","limit":null,"timeout_ms":null,"calls":["call_1","call_2"]}"#)
    }

    @Test func callStartedLine() {
        let event = ExecutionEvent.callStarted(run: 1, call: "call_1", name: "get_weather", at: .zero)
        #expect(event.jsonLine == #"{"event":"call_started","run":1,"call":"call_1","name":"get_weather","t_ms":0}"#)
    }

    @Test func callFinishedOkLine() {
        let result = CallResult(
            id: "call_1", name: "get_weather", status: .ok, startedAt: .zero, finishedAt: .seconds(1),
            output: ["location": "Tokyo", "temperature": 22]
        )
        let event = ExecutionEvent.callFinished(run: 1, result: result)
        #expect(event.jsonLine == #"{"event":"call_finished","run":1,"call":"call_1","name":"get_weather","status":"ok","started_ms":0,"t_ms":1000,"duration_ms":1000,"output":{"location":"Tokyo","temperature":22}}"#)
    }

    @Test func callFinishedSkippedLine() {
        let result = CallResult(
            id: "call_3", name: "get_recs", status: .skipped, startedAt: nil, finishedAt: .seconds(1),
            error: "dependency call_2 (get_orders) failed"
        )
        let event = ExecutionEvent.callFinished(run: 1, result: result)
        #expect(event.jsonLine == #"{"event":"call_finished","run":1,"call":"call_3","name":"get_recs","status":"skipped","started_ms":null,"t_ms":1000,"duration_ms":0,"error":"dependency call_2 (get_orders) failed"}"#)
    }

    @Test func runFinishedLine() {
        var counts = StatusCounts()
        counts.ok = 4
        let event = ExecutionEvent.runFinished(RunFinished(
            run: 1, status: .ok, wall: .seconds(2), work: .seconds(4), counts: counts
        ))
        #expect(event.jsonLine == #"{"event":"run_finished","run":1,"status":"ok","wall_ms":2000,"work_ms":4000,"counts":{"ok":4,"error":0,"timeout":0,"cancelled":0,"skipped":0}}"#)
    }

    // MARK: Other event variants

    @Test func runStartedWithLimitAndTimeout() {
        let event = ExecutionEvent.runStarted(RunStarted(
            run: 3, strategy: .taskgroup, clock: .real, limit: 2, timeout: .milliseconds(2500), calls: []
        ))
        #expect(event.jsonLine == #"{"event":"run_started","run":3,"strategy":"taskgroup","clock":"real","limit":2,"timeout_ms":2500,"calls":[]}"#)
    }

    @Test func fractionalTimes() {
        let started = ExecutionEvent.callStarted(run: 2, call: "call_9", name: "h", at: .microseconds(1_000_500))
        #expect(started.jsonLine == #"{"event":"call_started","run":2,"call":"call_9","name":"h","t_ms":1000.5}"#)
        let result = CallResult(
            id: "x", name: "h", status: .timeout, startedAt: .microseconds(125), finishedAt: .microseconds(2_125_250),
            error: "timed out after 2.125s"
        )
        #expect(ExecutionEvent.callFinished(run: 2, result: result).jsonLine == #"{"event":"call_finished","run":2,"call":"x","name":"h","status":"timeout","started_ms":0.125,"t_ms":2125.25,"duration_ms":2125.125,"error":"timed out after 2.125s"}"#)
    }

    @Test func errorWithoutAMessageFallsBackToTheStatus() {
        let result = CallResult(id: "c", name: "h", status: .cancelled, startedAt: nil, finishedAt: .milliseconds(7))
        #expect(ExecutionEvent.callFinished(run: 1, result: result).jsonLine == #"{"event":"call_finished","run":1,"call":"c","name":"h","status":"cancelled","started_ms":null,"t_ms":7,"duration_ms":0,"error":"cancelled"}"#)
    }

    @Test func stringsInEventsAreEscaped() {
        let started = ExecutionEvent.runStarted(RunStarted(
            run: 1, strategy: .sequential, clock: .virtual, limit: nil, timeout: nil, calls: ["id \"q\"", "tab\there"]
        ))
        #expect(started.jsonLine == #"{"event":"run_started","run":1,"strategy":"sequential","clock":"virtual","limit":null,"timeout_ms":null,"calls":["id \"q\"","tab\there"]}"#)
        let result = CallResult(
            id: "call\\1", name: "n\"m", status: .error, startedAt: .zero, finishedAt: .seconds(1),
            error: "ConnectionError: reset\nline 2"
        )
        #expect(ExecutionEvent.callFinished(run: 1, result: result).jsonLine == #"{"event":"call_finished","run":1,"call":"call\\1","name":"n\"m","status":"error","started_ms":0,"t_ms":1000,"duration_ms":1000,"error":"ConnectionError: reset\nline 2"}"#)
    }

    @Test func appendedLinesMatchTheStringForm() {
        let events: [ExecutionEvent] = [
            .callStarted(run: 1, call: "call_1", name: "get_weather", at: .microseconds(1_500)),
            .callFinished(run: 1, result: CallResult(
                id: "call\\1", name: "n\"m", status: .ok, startedAt: .zero, finishedAt: .seconds(1),
                output: ["text": "tab\there", "ünï": [1, 2.5, nil, true]])),
        ]
        var buffer = Array("prefix\n".utf8)
        for event in events { event.appendJSONLine(to: &buffer) }
        let expected = "prefix\n" + events.map { $0.jsonLine + "\n" }.joined()
        #expect(String(decoding: buffer, as: UTF8.self) == expected)
    }

    @Test func aRepeatedKeyInALiteralKeepsTheLastValue() {
        let value: JSONValue = ["a": 1, "b": 2, "a": 3]
        #expect(value.jsonText == #"{"a":3,"b":2}"#)
    }

    @Test func outputsKeepKeyOrderAndTypes() {
        let result = CallResult(
            id: "call_2", name: "get_orders", status: .ok, startedAt: .milliseconds(500), finishedAt: .milliseconds(1500),
            output: ["orders": [["product": "lamp", "price": 19.5]], "count": 1, "more": false, "next": nil]
        )
        #expect(ExecutionEvent.callFinished(run: 4, result: result).jsonLine == #"{"event":"call_finished","run":4,"call":"call_2","name":"get_orders","status":"ok","started_ms":500,"t_ms":1500,"duration_ms":1000,"output":{"orders":[{"product":"lamp","price":19.5}],"count":1,"more":false,"next":null}}"#)
    }

    @Test func runFinishedWithEveryCount() {
        var counts = StatusCounts()
        counts.ok = 1
        counts.error = 2
        counts.timeout = 3
        counts.cancelled = 4
        counts.skipped = 5
        let event = ExecutionEvent.runFinished(RunFinished(
            run: 12, status: .failed, wall: .microseconds(1_234_567), work: .zero, counts: counts
        ))
        #expect(event.jsonLine == #"{"event":"run_finished","run":12,"status":"failed","wall_ms":1234.567,"work_ms":0,"counts":{"ok":1,"error":2,"timeout":3,"cancelled":4,"skipped":5}}"#)
        #expect(event.run == 12)
    }

    @Test func everyLineIsValidJSONWithTheDocumentedKeyOrder() throws {
        let events: [ExecutionEvent] = [
            .runStarted(RunStarted(run: 1, strategy: .gather, clock: .virtual, limit: 4, timeout: .seconds(2), calls: ["a"])),
            .callStarted(run: 1, call: "a", name: "h", at: .zero),
            .callFinished(run: 1, result: CallResult(id: "a", name: "h", status: .ok, startedAt: .zero, finishedAt: .seconds(1), output: 1)),
            .callFinished(run: 1, result: CallResult(id: "b", name: "h", status: .error, startedAt: .zero, finishedAt: .seconds(1), error: "boom")),
            .runFinished(RunFinished(run: 1, status: .ok, wall: .seconds(1), work: .seconds(1), counts: StatusCounts())),
        ]
        let expectedKeys = [
            ["event", "run", "strategy", "clock", "limit", "timeout_ms", "calls"],
            ["event", "run", "call", "name", "t_ms"],
            ["event", "run", "call", "name", "status", "started_ms", "t_ms", "duration_ms", "output"],
            ["event", "run", "call", "name", "status", "started_ms", "t_ms", "duration_ms", "error"],
            ["event", "run", "status", "wall_ms", "work_ms", "counts"],
        ]
        for (event, keys) in zip(events, expectedKeys) {
            let parsed = try JSONParser.parse(event.jsonLine)
            #expect(parsed.objectValue.map { Array($0.keys) } == keys)
            #expect(parsed.jsonText == event.jsonLine, "a line is already compact JSON")
            #expect(!event.jsonLine.contains("\n"))
        }
    }
}
