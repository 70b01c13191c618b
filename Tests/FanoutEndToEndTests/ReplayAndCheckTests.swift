import Foundation
import Testing

extension EndToEnd {
    /// DESIGN §6–§7: `fanout replay FILE…` and `fanout check PATH… [--update]`.
    @Suite("Replay and check")
    struct ReplayAndCheckTests {
        private static let loaded = "loaded get_user, get_orders, get_recommendations, get_weather"

        private func write(_ text: String, to url: URL) throws {
            try Data(text.utf8).write(to: url)
        }

        private func read(_ url: URL) throws -> String {
            String(decoding: try Data(contentsOf: url), as: UTF8.self)
        }

        // MARK: replay

        @Test("replay shows each command after the prompt, followed by its output")
        func replayPlainScript() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("shop.fanout")
                try write("# the lesson's exercise\n\n" + Fixtures.shopScript, to: file)
                let result = try await FanoutProcess.run(["replay", file.path, "--clock", "virtual"])
                result.expectExit(0)
                #expect(result.stderr.isEmpty, "\(result.summary)")
                let lines = result.stdoutLines
                let prompted = lines.filter { $0.hasPrefix("fanout> ") }.map { String($0.dropFirst(8)) }
                #expect(prompted == Fixtures.shopCommands, "\(result.summary)")
                #expect(lines.first == "fanout> demo shop", "\(result.summary)")
                #expect(lines.dropFirst().first == Self.loaded, "\(result.summary)")
                let queued = try #require(lines.firstIndex(of: "fanout> call get_user user_id=user_123"))
                #expect(lines[queued + 1] == "queued call_1 get_user(user_id: \"user_123\")")
                #expect(lines.last?.hasPrefix("wall 2.000s · work 4.000s") == true, "\(result.summary)")

                // The output is the piped run's output with the prompt lines added.
                let piped = try await FanoutProcess.run(["--clock", "virtual"], stdin: Fixtures.shopScript)
                #expect(lines.filter { !$0.hasPrefix("fanout> ") } == piped.stdoutLines)
            }
        }

        @Test("replaying a transcript re-runs only its commands, not its recorded output")
        func replayTranscript() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("old.fanout")
                try write("""
                    # recorded long ago
                    fanout> demo shop
                    loaded something that no longer matches
                    fanout> call get_user user_id=user_123
                    queued call_99 stale
                    """, to: file)
                let result = try await FanoutProcess.run(["replay", file.path, "--clock", "virtual"])
                result.expectExit(0)
                #expect(result.stdoutLines == [
                    "fanout> demo shop", Self.loaded,
                    "fanout> call get_user user_id=user_123", "queued call_1 get_user(user_id: \"user_123\")",
                ], "\(result.summary)")
            }
        }

        @Test("replay --format jsonl prints only JSON objects (the plan's and the run's events), no prompts")
        func replayJSONL() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("shop.fanout")
                try write(Fixtures.shopScript, to: file)
                let result = try await FanoutProcess.run(["replay", file.path, "--clock", "virtual", "--format", "jsonl"])
                result.expectExit(0)
                #expect(result.stdoutLines.count == 11, "\(result.summary)")
                for line in result.stdoutLines { _ = try JSONLines.object(line) }
            }
        }

        @Test("replay stops at a rejected command with exit 1; the error names what was wrong; --keep-going goes on")
        func replayRejected() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("bad.fanout")
                try write("demo shop\n\nbogus\ncall get_user user_id=user_123\n", to: file)

                let stopped = try await FanoutProcess.run(["replay", file.path, "--clock", "virtual"])
                stopped.expectExit(1)
                #expect(stopped.stdoutLines == ["fanout> demo shop", Self.loaded, "fanout> bogus"], "\(stopped.summary)")
                #expect(stopped.stderrLines.count == 2, "\(stopped.summary)")
                #expect(stopped.stderrLines.first?.contains("'bogus'") == true, "\(stopped.summary)")
                #expect(stopped.stderrLines.last
                        == "note: replay stopped at \(file.path):3; add --keep-going to replay past rejected commands",
                        "\(stopped.summary)")

                let jsonl = try await FanoutProcess.run(["replay", file.path, "--clock", "virtual", "--format", "jsonl"])
                jsonl.expectExit(1)
                #expect(jsonl.stdoutLines.count == 1, "\(jsonl.summary)")
                #expect(jsonl.stdoutLines.first?.hasPrefix(#"{"event":"command_error","line":3,"#) == true, "\(jsonl.summary)")

                let kept = try await FanoutProcess.run(["replay", file.path, "--clock", "virtual", "--keep-going"])
                kept.expectExit(1)
                #expect(kept.stdoutLines.last == "queued call_1 get_user(user_id: \"user_123\")", "\(kept.summary)")
                #expect(!kept.stderr.contains("replay stopped"), "\(kept.summary)")
            }
        }

        @Test("replay goes past a command whose error the transcript recorded, with exit 0; not past a new one")
        func replayExpectedErrors() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("typo.fanout")
                try write("""
                    fanout> demo shop
                    \(Self.loaded)
                    fanout> bogus
                    error: column 1: unknown command 'bogus'; type help for the list
                    fanout> call get_user user_id=user_123
                    queued call_1 get_user(user_id: "user_123")
                    fanout> frobnicate
                    fanout> call get_user user_id=8

                    """, to: file)
                let result = try await FanoutProcess.run(["replay", file.path, "--clock", "virtual"])
                result.expectExit(1)
                #expect(result.stdoutLines.contains("queued call_1 get_user(user_id: \"user_123\")"), "\(result.summary)")
                #expect(result.stdoutLines.last == "fanout> frobnicate", "\(result.summary)")
                #expect(result.stderrLines.last == "note: replay stopped at \(file.path):7; add --keep-going to replay past rejected commands",
                        "\(result.summary)")

                // Only the recorded error: the replay went as recorded.
                let recorded = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "fanout> frobnicate")[0]
                try write(recorded, to: file)
                let asRecorded = try await FanoutProcess.run(["replay", file.path, "--clock", "virtual"])
                asRecorded.expectExit(0)
                #expect(asRecorded.stdoutLines.last == "queued call_1 get_user(user_id: \"user_123\")", "\(asRecorded.summary)")
            }
        }

        @Test("replay runs a transcript with the seed its header names, so random draws come out as recorded")
        func replayUsesTheRecordedSeed() async throws {
            try await withTemporaryDirectory { directory in
                let transcript = directory.appendingPathComponent("flaky.fanout")
                let script = "register flaky fail=0.5 latency=200ms jitter=50ms\n" + String(repeating: "call flaky\n", count: 6) + "run\n"
                let recorded = try await FanoutProcess.run(
                    ["--clock", "virtual", "--seed", "5", "--record", transcript.path], stdin: script)
                recorded.expectExit(0)
                let text = try String(contentsOf: transcript, encoding: .utf8)
                #expect(text.hasPrefix("# fanout transcript"), "\(text)")
                let replayed = try await FanoutProcess.run(["replay", "--clock", "virtual", transcript.path])
                replayed.expectExit(0)
                let expected = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }
                #expect(replayed.stdout.split(separator: "\n", omittingEmptySubsequences: false) == expected, "\(replayed.summary)")
                // A seed given on the command line wins.
                let reseeded = try await FanoutProcess.run(["replay", "--clock", "virtual", "--seed", "6", transcript.path])
                #expect(reseeded.stdout != replayed.stdout)
            }
        }

        @Test("replay --step says once which keys advance and stop")
        func replayStepHint() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("shop.fanout")
                try write("demo shop\ncall get_user user_id=user_123\n", to: file)
                let result = try await FanoutProcess.run(["replay", "--step", file.path, "--clock", "virtual"], stdin: "\n\n")
                result.expectExit(0)
                #expect(result.stderrLines == ["step by step: Enter runs the command shown; q and Enter stops"], "\(result.summary)")
                #expect(result.stdoutLines.last == "queued call_1 get_user(user_id: \"user_123\")", "\(result.summary)")

                let plain = try await FanoutProcess.run(["replay", file.path, "--clock", "virtual"])
                #expect(plain.stderr.isEmpty, "\(plain.summary)")
            }
        }

        @Test("replay --step: q stops every file with exit 0; input ending first stops with a note and exit 1")
        func replayStepStops() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("shop.fanout")
                try write("demo shop\ncall get_user user_id=user_123\n", to: file)
                let quit = try await FanoutProcess.run(["replay", "--step", file.path, file.path, "--clock", "virtual"], stdin: "\nq\n")
                quit.expectExit(0)
                #expect(quit.stdoutLines.filter { $0.hasPrefix("fanout> ") }.count == 2, "\(quit.summary)")
                #expect(!quit.stdout.contains("queued"), "\(quit.summary)")

                let ended = try await FanoutProcess.run(["replay", "--step", file.path, "--clock", "virtual"], stdin: "\n")
                ended.expectExit(1)
                #expect(ended.stderrLines.last == "note: replay stopped at \(file.path): input ended while waiting for Enter",
                        "\(ended.summary)")
            }
        }

        @Test("replay of several files: each starts a fresh session; a failure stops the rest")
        func replaySeveralFiles() async throws {
            try await withTemporaryDirectory { directory in
                let one = directory.appendingPathComponent("one.fanout")
                let two = directory.appendingPathComponent("two.fanout")
                let bad = directory.appendingPathComponent("bad.fanout")
                try write("demo shop\ncall get_user user_id=1\n", to: one)
                try write("demo shop\ncall get_user user_id=2\n", to: two)
                try write("bogus\n", to: bad)

                let both = try await FanoutProcess.run(["replay", one.path, two.path, "--clock", "virtual"])
                both.expectExit(0)
                #expect(both.stdoutLines.filter { $0.hasPrefix("queued") }
                        == ["queued call_1 get_user(user_id: 1)", "queued call_1 get_user(user_id: 2)"], "\(both.summary)")

                let stopped = try await FanoutProcess.run(["replay", bad.path, one.path, "--clock", "virtual"])
                stopped.expectExit(1)
                #expect(!stopped.stdout.contains("queued"), "\(stopped.summary)")
            }
        }

        @Test("replay of a missing file exits 66 (EX_NOINPUT) with a one-line message naming it")
        func replayMissingFile() async throws {
            try await withTemporaryDirectory { directory in
                let missing = directory.appendingPathComponent("nowhere.fanout").path
                let result = try await FanoutProcess.run(["replay", missing])
                result.expectExit(66)
                #expect(result.stdout.isEmpty, "\(result.summary)")
                #expect(result.stderrLines.count == 1, "\(result.summary)")
                #expect(result.stderr.hasPrefix("error: "), "\(result.summary)")
                #expect(result.stderr.contains("nowhere.fanout"), "\(result.summary)")
                #expect(result.stderr.contains("no such file"), "\(result.summary)")
            }
        }

        @Test("replay of a folder or an unreadable file exits 66; of a file that is not UTF-8, 1")
        func replayUnreadableInput() async throws {
            try await withTemporaryDirectory { directory in
                let folder = try await FanoutProcess.run(["replay", directory.path])
                folder.expectExit(66)
                let latin1 = directory.appendingPathComponent("latin1.fanout")
                try Data([0x63, 0x61, 0x6C, 0x6C, 0x20, 0xE9, 0x0A]).write(to: latin1)
                let notText = try await FanoutProcess.run(["replay", latin1.path])
                notText.expectExit(1)
                #expect(notText.stderr.contains("is not UTF-8 text"), "\(notText.summary)")
                // Root reads any file whatever its mode: only another user can see this one refused.
                guard getuid() != 0 else { return }
                let locked = directory.appendingPathComponent("locked.fanout")
                try write("demo weather\n", to: locked)
                try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked.path)
                let unreadable = try await FanoutProcess.run(["replay", locked.path])
                unreadable.expectExit(66)
            }
        }

        // MARK: check

        @Test("check of a folder without transcripts exits 66 (EX_NOINPUT)")
        func checkEmptyFolder() async throws {
            try await withTemporaryDirectory { directory in
                let empty = try await FanoutProcess.run(["check", directory.path])
                empty.expectExit(66)
                #expect(empty.stderr.contains("no *.fanout files in"), "\(empty.summary)")
            }
        }

        @Test("check --update fills in a transcript's output; check then passes; an edited number fails with a diff naming its line")
        func checkUpdateThenTamper() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("shop.fanout")
                try write("# generated by the end-to-end tests\n" + Fixtures.shopCommands.map { "fanout> \($0)\n" }.joined(), to: file)

                // No recorded output yet: a difference.
                let before = try await FanoutProcess.run(["check", file.path])
                before.expectExit(1)
                #expect(before.stdout.contains("FAIL  \(file.path)"), "\(before.summary)")
                #expect(before.stdoutLines.last == "0 passed, 1 failed", "\(before.summary)")

                let update = try await FanoutProcess.run(["check", "--update", file.path])
                update.expectExit(0)
                #expect(update.stdout.contains("updated \(file.path)"), "\(update.summary)")
                let recorded = try read(file)
                #expect(recorded.hasPrefix("# generated by the end-to-end tests\nfanout> demo shop\n\(Self.loaded)\n"), "\(recorded)")
                #expect(recorded.contains("\nwall 2.000s · work 4.000s"), "\(recorded)")

                // What check recorded is what replay shows.
                let replay = try await FanoutProcess.run(["replay", file.path, "--clock", "virtual"])
                replay.expectExit(0)
                #expect("# generated by the end-to-end tests\n" + replay.stdout == recorded)

                let after = try await FanoutProcess.run(["check", file.path])
                after.expectExit(0)
                #expect(after.stdoutLines == ["ok    \(file.path)", "1 passed, 0 failed"], "\(after.summary)")

                // Edit one recorded number in a copy.
                var lines = recorded.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let index = try #require(lines.firstIndex { $0.contains(" ok ") && $0.hasSuffix("call_1 get_user (1.000s)") }, "\(recorded)")
                let target = lines[index]
                lines[index] = target.replacingOccurrences(of: "(1.000s)", with: "(1.250s)")
                let copy = directory.appendingPathComponent("tampered.fanout")
                try write(lines.joined(separator: "\n"), to: copy)

                let tampered = try await FanoutProcess.run(["check", copy.path])
                tampered.expectExit(1)
                let out = tampered.stdoutLines
                #expect(out.contains("FAIL  \(copy.path)"), "\(tampered.summary)")
                #expect(out.contains("-" + lines[index]), "\(tampered.summary)")
                #expect(out.contains("+" + target), "\(tampered.summary)")
                #expect(out.filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.count == 1, "\(tampered.summary)")
                #expect(out.filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.count == 1, "\(tampered.summary)")
                #expect(out.contains { $0.hasPrefix("--- ") && $0.contains("tampered.fanout") }, "\(tampered.summary)")
                #expect(out.contains { $0.hasPrefix("+++ ") && $0.contains("tampered.fanout") }, "\(tampered.summary)")
                // The hunk header's old range covers the edited line (1-based).
                let hunk = #/^@@ -([0-9]+)(?:,([0-9]+))? \+([0-9]+)(?:,([0-9]+))? @@/#
                let headers = out.compactMap { $0.firstMatch(of: hunk) }
                #expect(headers.count == 1, "\(tampered.summary)")
                if let header = headers.first {
                    let start = Int(header.output.1)!, count = header.output.2.map { Int($0)! } ?? 1
                    let editedLine = index + 1
                    #expect(start <= editedLine && editedLine < start + count, "hunk \(header.output.0) should cover line \(editedLine)")
                }
                #expect(out.contains("  run fanout check --update \(copy.path) to accept the new output"), "\(tampered.summary)")
                #expect(out.last == "0 passed, 1 failed", "\(tampered.summary)")
                // check without --update never writes.
                #expect(try read(copy) == lines.joined(separator: "\n"))

                // Both together: one passes, one fails, exit 1.
                let both = try await FanoutProcess.run(["check", file.path, copy.path])
                both.expectExit(1)
                #expect(both.stdoutLines.last == "1 passed, 1 failed", "\(both.summary)")
            }
        }

        @Test("in check's diff a changed line is shown as its removal, then its addition (as diff -u and git do)")
        func diffOrdersRemovalFirst() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("stale.fanout")
                try write("fanout> demo shop\nloaded nothing\nfanout> call get_user user_id=user_123\nqueued call_1 get_user(user_id: \"user_123\")\n", to: file)
                let result = try await FanoutProcess.run(["check", file.path])
                result.expectExit(1)
                let removed = try #require(result.stdoutLines.firstIndex(of: "-loaded nothing"), "\(result.summary)")
                let added = try #require(result.stdoutLines.firstIndex(of: "+" + Self.loaded), "\(result.summary)")
                #expect(result.stdoutLines.contains("@@ -1,4 +1,4 @@"), "\(result.summary)")
                #expect(removed < added, "\(result.summary)")
            }
        }

        @Test("check of a folder checks its *.fanout files, recursively and sorted")
        func checkFolder() async throws {
            try await withTemporaryDirectory { directory in
                let transcript = "fanout> demo shop\n\(Self.loaded)\nfanout> call get_user user_id=user_123\nqueued call_1 get_user(user_id: \"user_123\")\n"
                let sub = directory.appendingPathComponent("sub", isDirectory: true)
                try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
                try write(transcript, to: directory.appendingPathComponent("b.fanout"))
                try write(transcript, to: sub.appendingPathComponent("a.fanout"))
                try write("not a session", to: directory.appendingPathComponent("notes.txt"))
                let result = try await FanoutProcess.run(["check", directory.path])
                result.expectExit(0)
                #expect(result.stdoutLines == [
                    "ok    \(directory.appendingPathComponent("b.fanout").path)",
                    "ok    \(sub.appendingPathComponent("a.fanout").path)",
                    "2 passed, 0 failed",
                ], "\(result.summary)")
            }
        }

        @Test("check records errors like any other output, and runs on the virtual clock")
        func checkRecordsErrors() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("errors.fanout")
                try write("fanout> bogus\nfanout> demo shop\nfanout> call get_user user_id=user_123\nfanout> run\n", to: file)
                let update = try await FanoutProcess.run(["check", "--update", file.path])
                update.expectExit(0)
                let recorded = try read(file)
                #expect(recorded.hasPrefix("fanout> bogus\nerror: "), "\(recorded)")
                #expect(recorded.contains("wall 1.000s · work 1.000s"), "\(recorded)")
                let again = try await FanoutProcess.run(["check", file.path])
                again.expectExit(0)
            }
        }

        @Test("check of a missing path exits 66 (EX_NOINPUT) naming it")
        func checkMissingPath() async throws {
            try await withTemporaryDirectory { directory in
                let missing = directory.appendingPathComponent("gone.fanout").path
                let result = try await FanoutProcess.run(["check", missing])
                result.expectExit(66)
                #expect(result.stderr.contains("gone.fanout"), "\(result.summary)")
            }
        }

        @Test("check of a plain script (no prompts) fails and says how to record a transcript")
        func checkPlainScript() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("plain.fanout")
                try write(Fixtures.shopScript, to: file)
                let result = try await FanoutProcess.run(["check", file.path])
                result.expectExit(1)
                #expect(result.stdout.contains("not a transcript"), "\(result.summary)")
                #expect(try read(file) == Fixtures.shopScript, "check must not rewrite a plain script")
            }
        }

        @Test("the repository's sample sessions all pass check")
        func sampleSessions() async throws {
            let root = try #require(FanoutBinary.packageRoot())
            let samples = root.appendingPathComponent("sample-sessions")
            guard FileManager.default.fileExists(atPath: samples.path) else { return }
            let result = try await FanoutProcess.run(["check", samples.path])
            result.expectExit(0)
        }
    }
}
