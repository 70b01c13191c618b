import Foundation
import Testing

/// Parsing and key-order helpers for `--format jsonl` output.
enum JSONLines {
    /// Parses one line as a JSON object, or throws naming the line.
    static func object(_ line: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        guard let object = value as? [String: Any] else {
            throw FanoutProcessError("not a JSON object: \(line.prefix(200))")
        }
        return object
    }

    /// The keys of the outermost object in `text`, in the order they are written (JSONSerialization
    /// forgets the order, and DESIGN §3 fixes it).
    static func topLevelKeys(_ text: String) -> [String] {
        var keys: [String] = []
        var depth = 0
        var inString = false, escaped = false, expectKey = false
        var current = ""
        for character in text {
            if inString {
                if escaped { escaped = false; current.append(character); continue }
                if character == "\\" { escaped = true; current.append(character); continue }
                if character == "\"" {
                    inString = false
                    if expectKey { keys.append(current); expectKey = false }
                    continue
                }
                current.append(character)
                continue
            }
            switch character {
            case "\"":
                inString = true
                current = ""
            case "{", "[":
                depth += 1
                if depth == 1, character == "{" { expectKey = true }
            case "}", "]":
                depth -= 1
            case ",":
                if depth == 1 { expectKey = true }
            case ":":
                if depth == 1 { expectKey = false }
            default:
                break
            }
        }
        return keys
    }

    /// The documented key order for each event (DESIGN §3, README's "JSON lines"); call_finished
    /// has attempts only for a retried call, and ends in output, or error and for an error its kind.
    static func documentedKeys(for event: String, in object: [String: Any]) -> [String]? {
        switch event {
        case "run_started": return ["event", "run", "strategy", "clock", "limit", "timeout_ms", "calls"]
        case "call_started": return ["event", "run", "call", "name", "t_ms"]
        case "call_retry": return ["event", "run", "call", "name", "t_ms", "attempt", "error", "delay_ms"]
        case "call_finished", "result":
            let attempts = object["attempts"] == nil ? [] : ["attempts"]
            let ending = switch object["status"] as? String {
            case "ok": ["output"]
            case "error": ["error", "error_kind"]
            default: ["error"]
            }
            return ["event", "run", "call", "name", "status", "started_ms", "t_ms", "duration_ms"] + attempts + ending
        case "plan":
            return ["event", "strategy", "stages", "critical_path", "predicted", "limit", "timeout_ms", "offload", "cores", "threads", "seed"]
        case "queue": return ["event", "strategy", "calls"]
        case "queued": return ["event", "call", "name", "alias", "arguments", "references", "after"]
        case "compare": return ["event", "clock", "seed", "sequential_wall_ms", "strategies"]
        case "history": return ["event", "commands"]
        case "export": return ["event", "target", object["document"] == nil ? "text" : "document"]
        case "run_finished": return ["event", "run", "status", "wall_ms", "work_ms", "counts"]
        case "command_error": return ["event", "line", "message"]
        default: return nil
        }
    }

    /// Runs `fanout --format jsonl` and parses every stdout line, recording an issue for any that is not a JSON object.
    static func run(_ arguments: [String] = [], commands: [String]) async throws -> (FanoutResult, [(raw: String, object: [String: Any])]) {
        let result = try await FanoutProcess.run(["--clock", "virtual", "--format", "jsonl"] + arguments, stdin: Fixtures.script(commands))
        var events: [(raw: String, object: [String: Any])] = []
        for line in result.stdoutLines {
            do {
                events.append((line, try object(line)))
            } catch {
                Issue.record("stdout line is not a JSON object: \(line.prefix(300))\n\(result.summary)")
            }
        }
        return (result, events)
    }
}

extension EndToEnd {
    /// DESIGN §3: `--format jsonl` prints one JSON event per line, keys in a fixed order.
    @Suite("JSON lines")
    struct JSONLinesTests {
        @Test("every stdout line is a JSON object, with keys in the documented order")
        func everyLineIsOrderedJSON() async throws {
            let (result, events) = try await JSONLines.run(commands: Fixtures.shopCommands)
            result.expectExit(0)
            #expect(result.stderr.isEmpty, "\(result.summary)")
            #expect(events.count == result.stdoutLines.count)
            #expect(events.count == 11, "\(result.summary)")
            for (raw, object) in events {
                let event = try #require(object["event"] as? String, "\(raw)")
                let expected = try #require(JSONLines.documentedKeys(for: event, in: object), "unknown event \(raw)")
                #expect(JSONLines.topLevelKeys(raw) == expected, "\(raw)")
            }
            #expect(events.first?.object["event"] as? String == "plan", "\(result.summary)")
            let first = try #require(events.dropFirst().first?.raw)
            #expect(first.hasPrefix(#"{"event":"run_started","run":1,"strategy":"gather","clock":"virtual","limit":null,"timeout_ms":null,"calls":["call_1","call_2","call_3","call_4"]}"#))
            #expect(events.contains { $0.raw.hasPrefix(#"{"event":"call_started","run":1,"call":"call_1","name":"get_user","t_ms":0}"#) })
            #expect(events.contains { $0.raw.hasPrefix(#"{"event":"call_finished","run":1,"call":"call_4","name":"get_recommendations","status":"ok","started_ms":1000,"t_ms":2000,"duration_ms":1000,"output":{"#) })
            let last = try #require(events.last?.raw)
            #expect(last == #"{"event":"run_finished","run":1,"status":"ok","wall_ms":2000,"work_ms":4000,"counts":{"ok":4,"error":0,"timeout":0,"cancelled":0,"skipped":0}}"#)
            #expect(JSONLines.topLevelKeys(String(last[last.range(of: #""counts":"#)!.upperBound...].dropLast()))
                    == ["ok", "error", "timeout", "cancelled", "skipped"])
        }

        @Test("stdout carries only JSON objects: confirmations and tables are not printed")
        func onlyEvents() async throws {
            let (result, events) = try await JSONLines.run(commands: Fixtures.shopCommands + ["queue", "handlers", "results"])
            result.expectExit(0)
            #expect(events.count == result.stdoutLines.count, "\(result.summary)")
            #expect(events.allSatisfy { $0.object["event"] != nil }, "\(result.summary)")
        }

        @Test("plan, queue and results print one JSON object each, in the documented shapes")
        func planQueueAndResults() async throws {
            let (result, events) = try await JSONLines.run(commands: [
                #"register fetch latency=1s returns='{"a": 1}'"#, #"register slow latency=2s returns='{"b": "{x}"}'"#,
                "call fetch as first", "call slow x=$first.a", "queue", "plan", "run", "results", "results first", "queue",
            ])
            result.expectExit(0)
            let lines = events.filter { ["plan", "queue", "result"].contains($0.object["event"] as? String) }.map(\.raw)
            #expect(lines == [
                #"{"event":"queue","strategy":"gather","calls":[{"call":"call_1","name":"fetch","alias":"first","arguments":{},"references":{},"after":[]},{"call":"call_2","name":"slow","alias":null,"arguments":{},"references":{"x":"$first.a"},"after":["call_1"]}]}"#,
                #"{"event":"plan","strategy":"gather","stages":[["call_1"],["call_2"]],"critical_path":["call_1","call_2"],"predicted":[{"strategy":"gather","wall_ms":3000,"status":"ok"},{"strategy":"taskgroup","wall_ms":3000,"status":"ok"},{"strategy":"sequential","wall_ms":3000,"status":"ok"}],"limit":null,"timeout_ms":null,"offload":"thread","cores":2,"threads":6,"seed":0}"#,
                #"{"event":"result","run":1,"call":"call_1","name":"fetch","status":"ok","started_ms":0,"t_ms":1000,"duration_ms":1000,"output":{"a":1}}"#,
                #"{"event":"result","run":1,"call":"call_2","name":"slow","status":"ok","started_ms":1000,"t_ms":3000,"duration_ms":2000,"output":{"b":1}}"#,
                #"{"event":"result","run":1,"call":"call_1","name":"fetch","status":"ok","started_ms":0,"t_ms":1000,"duration_ms":1000,"output":{"a":1}}"#,
                #"{"event":"queue","strategy":"gather","calls":[]}"#,
            ], "\(result.summary)")
        }

        @Test("run_started first, run_finished last, one call_finished per call, starts before finishes, time never goes back",
              arguments: ["gather", "taskgroup", "sequential"])
        func eventStructure(strategy: String) async throws {
            let commands = ["strategy \(strategy)"] + Fixtures.shopCommands.filter { $0 != "plan" && $0 != "run" }
                + Array(Fixtures.failingCommands.dropLast()) + ["register slow latency=3s", "call slow", "run"]
            let (result, events) = try await JSONLines.run(commands: commands)
            result.expectExit(0)
            let objects = events.map(\.object)
            #expect(objects.first?["event"] as? String == "run_started", "\(result.summary)")
            #expect(objects.last?["event"] as? String == "run_finished", "\(result.summary)")
            #expect(objects.filter { $0["event"] as? String == "run_started" }.count == 1)
            #expect(objects.filter { $0["event"] as? String == "run_finished" }.count == 1)
            let calls = try #require(objects.first?["calls"] as? [String])
            #expect(calls == (1...8).map { "call_\($0)" }, "\(result.summary)")

            var finishedCount: [String: Int] = [:], startedAt: [String: Int] = [:], finishedAt: [String: Int] = [:]
            var statuses: [String: String] = [:]
            var lastTime = -1.0
            for (index, object) in objects.enumerated() {
                if let t = (object["t_ms"] as? NSNumber)?.doubleValue {
                    #expect(t >= lastTime, "time went back at event \(index): \(events[index].raw)")
                    lastTime = t
                }
                guard let call = object["call"] as? String else { continue }
                switch object["event"] as? String {
                case "call_started":
                    #expect(startedAt[call] == nil, "\(call) started twice")
                    startedAt[call] = index
                case "call_finished":
                    finishedCount[call, default: 0] += 1
                    finishedAt[call] = index
                    statuses[call] = object["status"] as? String
                default:
                    Issue.record("unexpected event \(events[index].raw)")
                }
            }
            for call in calls {
                #expect(finishedCount[call] == 1, "\(call) finished \(finishedCount[call] ?? 0) times\n\(result.summary)")
                if let start = startedAt[call], let finish = finishedAt[call] {
                    #expect(start < finish, "\(call) finished before it started")
                }
            }
            #expect(Set(startedAt.keys).isSubset(of: Set(calls)))
            // counts in run_finished agree with the statuses reported.
            let counts = try #require(objects.last?["counts"] as? [String: Int])
            for status in ["ok", "error", "timeout", "cancelled", "skipped"] {
                #expect(counts[status] == statuses.values.filter { $0 == status }.count, "\(status)\n\(result.summary)")
            }
            // call_6 depends on the failing call_5 (flaky).
            #expect(statuses["call_5"] == "error")
            switch strategy {
            case "taskgroup":
                #expect(objects.last?["status"] as? String == "failed", "\(result.summary)")
                #expect(statuses["call_6"] == "cancelled")
                #expect(statuses["call_8"] == "cancelled", "the 3s call is running when flaky fails at 1s")
            default:
                #expect(objects.last?["status"] as? String == "ok", "\(result.summary)")
                #expect(statuses["call_6"] == "skipped")
                #expect(startedAt["call_6"] == nil, "a skipped call never starts")
                #expect(statuses["call_7"] == "ok")
                #expect(statuses["call_8"] == "ok")
            }
        }

        @Test("retries: call_retry events, and attempts in a retried call's call_finished, keys in order")
        func retriedCalls() async throws {
            let (result, events) = try await JSONLines.run(["--seed", "5"], commands: [
                "register flaky latency=300ms fail=0.5 retries=3 backoff=200ms..200ms",
                #"register down latency=100ms fail=always error="HTTPError: 503" retries=1 backoff=100ms..100ms"#,
                "register fine latency=100ms retries=2",
                "call flaky", "call down", "call fine", "call nothere", "run",
            ])
            result.expectExit(0)
            for (raw, object) in events {
                let event = try #require(object["event"] as? String, "\(raw)")
                #expect(JSONLines.topLevelKeys(raw) == JSONLines.documentedKeys(for: event, in: object), "\(raw)")
            }
            let finished = Dictionary(uniqueKeysWithValues: events.filter { $0.object["event"] as? String == "call_finished" }
                .map { ($0.object["call"] as? String ?? "", $0.object) })
            // With seed 5, call_1 succeeds on its third attempt; call_3 on its first, and says nothing of attempts.
            #expect(finished["call_1"]?["attempts"] as? Int == 3)
            #expect(finished["call_2"]?["attempts"] as? Int == 2)
            #expect(finished["call_2"]?["error_kind"] as? String == "handler_error")
            #expect(finished["call_3"]?["attempts"] == nil)
            // An unknown tool is never retried.
            #expect(finished["call_4"]?["attempts"] == nil && finished["call_4"]?["error_kind"] as? String == "unknown_tool")
            let retries = events.filter { $0.object["event"] as? String == "call_retry" }.map { "\($0.object["call"]!) \($0.object["attempt"]!)" }
            #expect(retries == ["call_2 1", "call_1 1", "call_1 2"], "\(result.summary)")
            #expect(finished["call_1"]?["status"] as? String == "ok")
        }

        @Test("the README's examples have every event, each with its keys in the documented order")
        func readmeExamples() throws {
            let root = try #require(FanoutBinary.packageRoot())
            let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
            let section = try #require(readme.components(separatedBy: "## JSON lines").dropFirst().first?.components(separatedBy: "\n## ").first)
            var seen: Set<String> = []
            for line in section.split(separator: "\n") where line.hasPrefix(#"{"event":"#) {
                let object = try JSONLines.object(String(line))
                let event = try #require(object["event"] as? String)
                seen.insert(event)
                #expect(JSONLines.topLevelKeys(String(line)) == JSONLines.documentedKeys(for: event, in: object), "\(line)")
            }
            #expect(seen == ["run_started", "call_started", "call_retry", "call_finished", "run_finished", "command_error"])
        }

        @Test("a skipped call has started_ms null and an error naming the failed dependency")
        func skippedCall() async throws {
            let (result, events) = try await JSONLines.run(commands: Fixtures.failingCommands)
            result.expectExit(0)
            let skipped = try #require(events.first { $0.object["call"] as? String == "call_2" && $0.object["event"] as? String == "call_finished" })
            #expect(skipped.raw == #"{"event":"call_finished","run":1,"call":"call_2","name":"dep","status":"skipped","started_ms":null,"t_ms":1000,"duration_ms":0,"error":"dependency call_1 (flaky) failed"}"#)
        }

        @Test("times are milliseconds with at most 3 decimals")
        func millisecondPrecision() async throws {
            let (result, events) = try await JSONLines.run(
                ["--seed", "3"], commands: ["register j latency=1s jitter=333ms", "call j", "call j", "call j", "run"])
            result.expectExit(0)
            let number = #/"(t_ms|started_ms|duration_ms|wall_ms|work_ms)":(-?[0-9.eE+-]+)/#
            var seen = 0
            for (raw, _) in events {
                for match in raw.matches(of: number) {
                    seen += 1
                    let text = String(match.output.2)
                    #expect(text.wholeMatch(of: #/[0-9]+(\.[0-9]{1,3})?/#) != nil, "\(match.output.1) is \(text) in \(raw)")
                }
            }
            #expect(seen >= 10)
            #expect(events.contains { $0.raw.contains(".") }, "jitter should give fractional times\n\(result.summary)")
        }

        @Test("a second run is numbered 2")
        func runNumbers() async throws {
            let (result, events) = try await JSONLines.run(commands: ["demo shop", "call get_user user_id=1", "run", "call get_user user_id=2", "run"])
            result.expectExit(0)
            let runs = events.compactMap { $0.object["run"] as? Int }
            #expect(runs.count == events.count)
            #expect(Set(runs) == [1, 2], "\(result.summary)")
            #expect(runs == runs.sorted(), "\(result.summary)")
        }

        @Test("a rejected command prints command_error with its line number (comments and blank lines count)")
        func commandError() async throws {
            let (result, events) = try await JSONLines.run(commands: ["# a comment", "", "demo shop", "bogus", "call get_user user_id=user_123"])
            result.expectExit(1)
            #expect(events.count == 1, "\(result.summary)")
            let raw = try #require(events.first?.raw)
            #expect(raw.hasPrefix(#"{"event":"command_error","line":4,"message":"#), "\(raw)")
            #expect(JSONLines.topLevelKeys(raw) == ["event", "line", "message"])
            #expect((events.first?.object["message"] as? String)?.contains("bogus") == true)
        }

        @Test("--keep-going reports each rejected command with its own line and goes on to run")
        func commandErrorsKeepGoing() async throws {
            let (result, events) = try await JSONLines.run(
                ["--keep-going"], commands: ["demo shop", "cal get_user", "call get_user user_id=user_123", "set limit many", "run"])
            result.expectExit(1)
            let errors = events.filter { $0.object["event"] as? String == "command_error" }
            #expect(errors.map { $0.object["line"] as? Int } == [2, 4], "\(result.summary)")
            #expect(events.last?.object["event"] as? String == "run_finished", "\(result.summary)")
        }

        @Test("a line that is not UTF-8 is a command_error with its line number")
        func invalidUTF8CommandError() async throws {
            var input = Data("demo shop\n\n".utf8)
            input.append(contentsOf: [0xC3, 0x28, 0x0A])
            let result = try await FanoutProcess.run(["--clock", "virtual", "--format", "jsonl"], stdinBytes: input)
            result.expectExit(1)
            #expect(result.stdoutLines.count == 1, "\(result.summary)")
            let object = try JSONLines.object(try #require(result.stdoutLines.first))
            #expect(object["event"] as? String == "command_error")
            #expect(object["line"] as? Int == 3, "\(result.summary)")
        }

        @Test("strings with quotes, backslashes, control characters and non-ASCII stay valid JSON")
        func escaping() async throws {
            let (result, events) = try await JSONLines.run(commands: [
                #"register echo returns='{"text": "{text}", "raw": "{text}"}'"#,
                #"call echo text="quote \" backslash \\ tab \t newline \n bell \u0007 é 東京 🙂""#,
                "run",
            ])
            result.expectExit(0)
            let finished = try #require(events.first { $0.object["event"] as? String == "call_finished" }, "\(result.summary)")
            let output = try #require(finished.object["output"] as? [String: Any], "\(finished.raw)")
            #expect(output["raw"] as? String == "quote \" backslash \\ tab \t newline \n bell \u{07} é 東京 🙂", "\(finished.raw)")
            #expect(!finished.raw.contains("\t") && !finished.raw.contains("\u{07}"), "control characters must be escaped")
        }
    }
}
