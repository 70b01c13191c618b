import Testing
@testable import FanoutCore

/// A handler that reports progress at each of its steps, then returns.
private struct Stepper: ToolHandler {
    let name = "stepper"
    let steps: Int
    var step = Duration.milliseconds(100)

    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        for index in 1...steps {
            try await context.sleep(for: step)
            context.progress(Double(index) / Double(steps), "step \(index) of \(steps)")
        }
        return ["steps": .int(steps)]
    }
}

@Suite("Progress events")
struct ProgressEventTests {
    @Test func progressComesBetweenTheCallsStartAndFinishInTimeOrder() async throws {
        let (report, events) = try await runVirtual([call("call_1", "stepper")], handlers: [Stepper(steps: 3)])
        #expect(report["call_1"].status == .ok)
        let lines = events.map(\.jsonLine)
        #expect(lines.dropFirst().prefix(5) == [
            #"{"event":"call_started","run":1,"call":"call_1","name":"stepper","t_ms":0}"#,
            #"{"event":"call_progress","run":1,"call":"call_1","t_ms":100,"progress":0.333,"message":"step 1 of 3"}"#,
            #"{"event":"call_progress","run":1,"call":"call_1","t_ms":200,"progress":0.667,"message":"step 2 of 3"}"#,
            #"{"event":"call_progress","run":1,"call":"call_1","t_ms":300,"progress":1.0,"message":"step 3 of 3"}"#,
            #"{"event":"call_finished","run":1,"call":"call_1","name":"stepper","status":"ok","started_ms":0,"t_ms":300,"duration_ms":300,"output":{"steps":3}}"#,
        ])
    }

    @Test func progressAfterATimeoutIsDropped() async throws {
        let options = ExecutionOptions(timeout: .milliseconds(250))
        let (report, events) = try await runVirtual([call("call_1", "stepper")], handlers: [Stepper(steps: 5)], options: options)
        #expect(report["call_1"].status == .timeout)
        let progress = events.compactMap { event -> Duration? in
            if case .callProgress(_, _, let time, _, _) = event { return time }
            return nil
        }
        #expect(progress == [.milliseconds(100), .milliseconds(200)])
    }

    @Test func fractionsAreClampedAndAnUnknownOneIsNull() {
        let event = ExecutionEvent.callProgress(run: 2, call: "c", at: .milliseconds(5), fraction: nil, message: nil)
        #expect(event.jsonLine == #"{"event":"call_progress","run":2,"call":"c","t_ms":5,"progress":null,"message":null}"#)
        #expect(event.run == 2)
    }

    /// Reported from a handler as it goes, a fraction outside 0…1 is clamped, NaN is unknown.
    @Test func outOfRangeFractionsFromAHandler() async throws {
        struct Odd: ToolHandler {
            let name = "odd"
            func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
                context.progress(1.7, "over")
                try await context.sleep(for: .milliseconds(10))
                context.progress(-3)
                try await context.sleep(for: .milliseconds(10))
                context.progress(.nan, "unknown")
                try await context.sleep(for: .milliseconds(10))
                return nil
            }
        }
        let (_, events) = try await runVirtual([call("call_1", "odd")], handlers: [Odd()])
        let reported = events.compactMap { event -> String? in
            guard case .callProgress(_, _, _, let fraction, let message) = event else { return nil }
            return "\(fraction.map { "\($0)" } ?? "nil") \(message ?? "-")"
        }
        #expect(reported == ["1.0 over", "0.0 -", "nil unknown"])
    }
}
