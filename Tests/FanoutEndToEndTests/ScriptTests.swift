import Foundation
import Testing

extension EndToEnd {
    /// DESIGN §5–§7: commands read from a piped stdin, as a script.
    @Suite("Scripts on stdin")
    struct ScriptTests {
        @Test("the lesson's exercise: plan predicts 2s for gather, the run takes 2s of wall and 4s of work")
        func lessonExercise() async throws {
            let result = try await FanoutProcess.run(["--clock", "virtual"], stdin: Fixtures.shopScript)
            result.expectExit(0)
            #expect(result.stderr.isEmpty, "\(result.summary)")
            let lines = result.stdoutLines
            #expect(lines.first == "loaded get_user, get_orders, get_recommendations, get_weather", "\(result.summary)")
            #expect(lines.contains("queued call_2 get_orders(user_id: \"user_123\") as orders"), "\(result.summary)")
            #expect(lines.contains { $0.hasPrefix("predicted wall: gather 2.000s") }, "\(result.summary)")
            #expect(lines.contains("critical path call_2 → call_4"), "\(result.summary)")
            let summary = try #require(lines.last, "\(result.summary)")
            #expect(summary.hasPrefix("wall 2.000s · work 4.000s"), "\(result.summary)")
            #expect(summary.contains("critical path call_2 → call_4"), "\(result.summary)")
            // The plain log: one line per start and finish, call_4 starting only when call_2 is done.
            // (Column padding is not part of the contract, so words are matched, not spaces.)
            let log = lines.map { $0.split(separator: " ").joined(separator: " ") }
            #expect(log.contains("1.000s started call_4 get_recommendations(user_id: \"user_123\", order_history: $orders.orders)"), "\(result.summary)")
            #expect(log.contains("2.000s ok call_4 get_recommendations (1.000s)"), "\(result.summary)")
            #expect(log.filter { $0.hasPrefix("0.000s started ") }.count == 3, "\(result.summary)")
            // The timing table's rows, in queue order.
            let rows = lines.filter { $0.hasPrefix("call_") }
            #expect(rows.map { String($0.prefix(6)) } == ["call_1", "call_2", "call_3", "call_4"], "\(result.summary)")
            #expect(rows.allSatisfy { $0.contains(" ok ") }, "\(result.summary)")
            // Piped: no redraws, no cursor movement, no colour.
            #expect(!result.stdout.contains("\u{1B}"), "\(result.summary)")
            #expect(!result.stdout.contains("\r"), "\(result.summary)")
        }

        @Test("every status (ok, error, timeout, cancelled, skipped) stands apart in the log and the table")
        func statusColumns() async throws {
            let result = try await FanoutProcess.run(["--clock", "virtual"], stdin: Fixtures.script([
                "strategy taskgroup", "set timeout 2s",
                "register flaky fail=always latency=1s", "register slow latency=3s", "register dep",
                "call flaky as f", "call slow", "call dep x=$f.y", "run",
                "strategy gather", "call flaky as f2", "call dep x=$f2.y", "call slow", "call dep", "run",
            ]))
            result.expectExit(0)
            let statuses = "(ok|error|timeout|cancelled|skipped)"
            let logLine = try Regex(#"^\s+[0-9]+\.[0-9]{3}s\s+(started|"# + statuses.dropFirst() + #"\s+call_[0-9]+ "#)
            let tableRow = try Regex(#"^call_[0-9]+\s+\S+\s+"# + statuses + #"\s+(-|[0-9]+\.[0-9]{3}s)"#)
            let log = result.stdoutLines.filter { $0.hasPrefix("  ") && $0.contains("call_") }
            let rows = result.stdoutLines.filter { $0.hasPrefix("call_") }
            #expect(log.count == 12, "\(result.summary)")
            #expect(rows.count == 7, "\(result.summary)")
            for line in log { #expect(line.firstMatch(of: logLine) != nil, "log line: \(line)") }
            for row in rows { #expect(row.firstMatch(of: tableRow) != nil, "table row: \(row)") }
            let seen = Set(rows.compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).first.map(String.init) })
            #expect(seen == ["ok", "error", "timeout", "cancelled", "skipped"], "\(result.summary)")
        }

        @Test("a piped script denies confirm=true calls, saying to pass --yes, which approves them")
        func confirmedCallsInAScript() async throws {
            let script = Fixtures.script(["register delete_file latency=100ms confirm=true", "call delete_file path=notes.txt", "run", "show call_1"])
            let denied = try await FanoutProcess.run([], stdin: script)
            denied.expectExit(0)
            #expect(denied.stdout.contains("call_1  delete_file  error"), "\(denied.summary)")
            #expect(denied.stdout.contains("pass --yes to approve them"), "\(denied.summary)")
            let approved = try await FanoutProcess.run(["--yes"], stdin: script)
            approved.expectExit(0)
            #expect(approved.stdout.contains("call_1  delete_file  ok"), "\(approved.summary)")
        }

        @Test("the same virtual-clock script prints identical bytes five times", arguments: ["human", "jsonl"])
        func deterministic(format: String) async throws {
            var outputs: [Data] = []
            for _ in 0..<5 {
                let result = try await FanoutProcess.run(
                    ["--clock", "virtual", "--format", format, "--seed", "42"],
                    stdin: Fixtures.script(Fixtures.shopCommands + ["register j latency=1s jitter=300ms fail=0.5", "call j", "call j", "call j", "run"]))
                result.expectExit(0)
                outputs.append(result.stdoutData)
            }
            #expect(!outputs[0].isEmpty)
            for (index, output) in outputs.enumerated().dropFirst() {
                #expect(output == outputs[0], "run \(index + 1) differs from run 1:\n\(String(decoding: output, as: UTF8.self))")
            }
        }

        @Test("history lists a piped script's commands, numbered")
        func historyOfAPipedScript() async throws {
            let result = try await FanoutProcess.run(["--clock", "virtual"], stdin: "demo weather\n\nstrategy sequential\nhistory\n")
            result.expectExit(0)
            #expect(result.stdoutLines.suffix(3) == ["   1  demo weather", "   2  strategy sequential", "   3  history"], "\(result.summary)")
        }

        @Test("the first rejected command stops the script: exit 1, one error line on stderr, later commands not run")
        func firstErrorStops() async throws {
            let result = try await FanoutProcess.run(
                ["--clock", "virtual"], stdin: "demo shop\ncal get_user user_id=user_123\ncall get_user user_id=user_123\n")
            result.expectExit(1)
            #expect(result.stdout == "loaded get_user, get_orders, get_recommendations, get_weather\n", "\(result.summary)")
            #expect(!result.stdout.contains("queued"), "\(result.summary)")
            #expect(result.stderrLines.count == 1, "\(result.summary)")
            let error = try #require(result.stderrLines.first)
            #expect(error.hasPrefix("error: "), "\(result.summary)")
            #expect(error.contains("'cal'"), "\(result.summary)")
            #expect(error.contains("did you mean call"), "\(result.summary)")
        }

        @Test("--keep-going runs the rest after a rejected command and still exits 1")
        func keepGoing() async throws {
            let result = try await FanoutProcess.run(
                ["--clock", "virtual", "--keep-going"],
                stdin: "demo shop\ncal get_user user_id=user_123\ncall get_user user_id=user_123\nbogus\nqueue\n")
            result.expectExit(1)
            #expect(result.stdout.contains("queued call_1 get_user(user_id: \"user_123\")"), "\(result.summary)")
            #expect(result.stderrLines.count == 2, "\(result.summary)")
            #expect(result.stderrLines.allSatisfy { $0.hasPrefix("error: ") }, "\(result.summary)")
            #expect(result.stderrLines.last?.contains("'bogus'") == true, "\(result.summary)")
        }

        @Test("a run whose calls fail is a result, not a rejected command: exit 0")
        func failingCallsAreAResult() async throws {
            let result = try await FanoutProcess.run(["--clock", "virtual"], stdin: Fixtures.script(Fixtures.failingCommands))
            result.expectExit(0)
            #expect(result.stderr.isEmpty, "\(result.summary)")
            let rows = result.stdoutLines.filter { $0.hasPrefix("call_") }
            #expect(rows.count == 3, "\(result.summary)")
            #expect(rows.first { $0.hasPrefix("call_1") }?.contains("error") == true, "\(result.summary)")
            #expect(rows.first { $0.hasPrefix("call_2") }?.contains("skipped") == true, "\(result.summary)")
            #expect(rows.first { $0.hasPrefix("call_3") }?.contains(" ok ") == true, "\(result.summary)")
        }

        @Test("quit and exit stop reading stdin", arguments: ["quit", "exit"])
        func quitStops(word: String) async throws {
            let result = try await FanoutProcess.run(
                ["--clock", "virtual"], stdin: "demo shop\n\(word)\ncall get_user user_id=user_123\nbogus\n")
            result.expectExit(0)
            #expect(result.stdout == "loaded get_user, get_orders, get_recommendations, get_weather\n", "\(result.summary)")
            #expect(result.stderr.isEmpty, "\(result.summary)")
        }

        @Test("comments, blank lines and CRLF line ends are accepted")
        func commentsBlanksAndCRLF() async throws {
            let result = try await FanoutProcess.run(
                ["--clock", "virtual"],
                stdin: "# a comment\n\n   \ndemo shop   # trailing comment\r\ncall get_user user_id=user_123\r\n")
            result.expectExit(0)
            #expect(result.stdoutLines == [
                "loaded get_user, get_orders, get_recommendations, get_weather",
                "queued call_1 get_user(user_id: \"user_123\")",
            ], "\(result.summary)")
            #expect(result.stderr.isEmpty, "\(result.summary)")
        }

        @Test("a last line without a newline still runs")
        func lastLineWithoutNewline() async throws {
            let result = try await FanoutProcess.run(["--clock", "virtual"], stdin: "demo shop\ncall get_user user_id=user_123")
            result.expectExit(0)
            #expect(result.stdoutLines.last == "queued call_1 get_user(user_id: \"user_123\")", "\(result.summary)")
        }

        @Test("bytes that are not UTF-8 are rejected with one error line, not a crash")
        func invalidUTF8() async throws {
            var input = Data("demo shop\ncall get_weather location=".utf8)
            input.append(contentsOf: [0xFF, 0xFE, 0xC3])
            input.append(contentsOf: Data("\ncall get_user user_id=user_123\n".utf8))
            let result = try await FanoutProcess.run(["--clock", "virtual"], stdinBytes: input)
            result.expectExit(1)
            #expect(result.stdout == "loaded get_user, get_orders, get_recommendations, get_weather\n", "\(result.summary)")
            #expect(result.stderrLines.count == 1, "\(result.summary)")
            #expect(result.stderrLines.first?.hasPrefix("error: ") == true, "\(result.summary)")
            #expect(result.stderr.contains("UTF-8"), "\(result.summary)")
        }

        @Test("with --keep-going the lines after one that is not UTF-8 still run")
        func invalidUTF8KeepGoing() async throws {
            var input = Data("demo shop\n".utf8)
            input.append(contentsOf: [0x80, 0x0A])
            input.append(contentsOf: Data("call get_user user_id=user_123\n".utf8))
            let result = try await FanoutProcess.run(["--clock", "virtual", "--keep-going"], stdinBytes: input)
            result.expectExit(1)
            #expect(result.stdoutLines.last == "queued call_1 get_user(user_id: \"user_123\")", "\(result.summary)")
            #expect(result.stderrLines.count == 1, "\(result.summary)")
        }

        @Test("a 1 MB comment line is read and skipped")
        func megabyteComment() async throws {
            let input = "# " + String(repeating: "x", count: 1_000_000) + "\ndemo shop\n"
            let result = try await FanoutProcess.run(["--clock", "virtual"], stdin: input)
            result.expectExit(0)
            #expect(result.stdout == "loaded get_user, get_orders, get_recommendations, get_weather\n", "\(result.summary)")
        }

        @Test("a 1 MB argument is queued, run and reported whole")
        func megabyteArgument() async throws {
            let location = String(repeating: "y", count: 1_000_000)
            let input = "demo shop\ncall get_weather location=\(location)\nrun\n"
            let result = try await FanoutProcess.run(["--clock", "virtual", "--format", "jsonl"], stdin: input)
            result.expectExit(0)
            let finished = try result.stdoutLines.map(JSONLines.object).filter { $0["event"] as? String == "call_finished" }
            #expect(finished.count == 1, "\(result.summary)")
            let output = try #require(finished.first?["output"] as? [String: Any], "\(result.summary)")
            #expect((output["location"] as? String)?.count == 1_000_000)
        }

        @Test("an unterminated 1 MB quoted argument is one error line, not a 1 MB echo")
        func megabyteBadLine() async throws {
            let input = "demo shop\ncall get_weather location=\"" + String(repeating: "z", count: 1_000_000) + "\n"
            let result = try await FanoutProcess.run(["--clock", "virtual"], stdin: input)
            result.expectExit(1)
            #expect(result.stderrLines.count == 1, "\(result.summary)")
            #expect(result.stderrData.count < 10_000, "stderr is \(result.stderrData.count) bytes")
        }
    }
}
