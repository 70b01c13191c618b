import Foundation
import Testing

extension EndToEnd {
    /// DESIGN §7: flags, subcommands and exit codes (0 ok, 1 rejected / check difference, 64 bad usage).
    @Suite("Command line")
    struct CommandLineTests {
        @Test("--help exits 0 and mentions replay and check")
        func help() async throws {
            let result = try await FanoutProcess.run(["--help"])
            result.expectExit(0)
            #expect(result.stdout.contains("replay"), "\(result.summary)")
            #expect(result.stdout.contains("check"), "\(result.summary)")
            #expect(result.stderr.isEmpty, "\(result.summary)")
        }

        @Test("subcommand help exits 0", arguments: [["replay", "--help"], ["check", "--help"], ["help", "check"]])
        func subcommandHelp(arguments: [String]) async throws {
            let result = try await FanoutProcess.run(arguments)
            result.expectExit(0)
            #expect(result.stdout.contains("USAGE: fanout \(arguments.contains("replay") ? "replay" : "check")"), "\(result.summary)")
        }

        @Test("--version exits 0 and prints fanout 0.1.0")
        func version() async throws {
            let result = try await FanoutProcess.run(["--version"])
            result.expectExit(0)
            #expect(result.stdout == "fanout 0.1.0\n", "\(result.summary)")
        }

        @Test("an unknown flag is bad usage: exit 64, message on stderr")
        func unknownFlag() async throws {
            let result = try await FanoutProcess.run(["--frobnicate"])
            result.expectExit(64)
            #expect(result.stdout.isEmpty, "\(result.summary)")
            #expect(result.stderr.contains("--frobnicate"), "\(result.summary)")
        }

        @Test("a bad option value is bad usage: exit 64, naming the allowed values")
        func badOptionValue() async throws {
            let result = try await FanoutProcess.run(["--clock", "sundial"])
            result.expectExit(64)
            #expect(result.stderr.contains("sundial"), "\(result.summary)")
            #expect(result.stderr.contains("virtual"), "\(result.summary)")
        }

        @Test("--record with --format jsonl is bad usage: a transcript holds the human format")
        func recordWithJSONLines() async throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("jsonl-\(UUID().uuidString).fanout").path
            let result = try await FanoutProcess.run(["--format", "jsonl", "--record", path], stdin: "demo weather\n")
            result.expectExit(64)
            #expect(result.stderrLines.first?.hasPrefix("Error: --record writes a transcript of the human format") == true, "\(result.summary)")
            #expect(!FileManager.default.fileExists(atPath: path))
        }

        @Test("a negative seed is refused as a seed, not read as a missing value")
        func negativeSeed() async throws {
            let result = try await FanoutProcess.run(["--seed", "-1"])
            result.expectExit(64)
            #expect(result.stderrLines.first == "Error: The value '-1' is invalid for '--seed <seed>'", "\(result.summary)")
        }

        @Test("a file given to fanout itself is bad usage whose error says how to run it: exit 64")
        func fileArgument() async throws {
            try await withTemporaryDirectory { directory in
                let script = directory.appendingPathComponent("plain.fanout").path
                let transcript = directory.appendingPathComponent("recorded.fanout").path
                try Data("demo shop\n".utf8).write(to: URL(fileURLWithPath: script))
                try Data("fanout> demo shop\nloaded get_user\n".utf8).write(to: URL(fileURLWithPath: transcript))

                let plain = try await FanoutProcess.run(["--clock", "virtual", script])
                plain.expectExit(64)
                #expect(plain.stdout.isEmpty, "\(plain.summary)")
                #expect(plain.stderrLines.first
                        == "Error: fanout takes no file argument; to run \(script) use: fanout replay \(script) (or fanout < \(script))",
                        "\(plain.summary)")

                // Piping a transcript in would run its output lines as commands: only replay is offered.
                let recorded = try await FanoutProcess.run(["--clock", "virtual", transcript])
                recorded.expectExit(64)
                #expect(recorded.stderrLines.first
                        == "Error: fanout takes no file argument; to run \(transcript) use: fanout replay \(transcript)",
                        "\(recorded.summary)")
            }
        }

        @Test("a misspelt subcommand is bad usage whose error names the one meant: exit 64")
        func misspeltSubcommand() async throws {
            let result = try await FanoutProcess.run(["--clock", "virtual", "replya"])
            result.expectExit(64)
            #expect(result.stderrLines.first == "Error: unknown subcommand 'replya' (did you mean replay?); subcommands: replay, check, bench",
                    "\(result.summary)")
        }

        @Test("check with no paths is bad usage: exit 64")
        func checkWithoutPaths() async throws {
            let result = try await FanoutProcess.run(["check"])
            result.expectExit(64)
            #expect(result.stdout.isEmpty, "\(result.summary)")
            #expect(!result.stderr.isEmpty, "\(result.summary)")
        }

        @Test("replay with no files is bad usage: exit 64")
        func replayWithoutFiles() async throws {
            let result = try await FanoutProcess.run(["replay"])
            result.expectExit(64)
            #expect(result.stdout.isEmpty, "\(result.summary)")
            #expect(!result.stderr.isEmpty, "\(result.summary)")
        }

        @Test("an empty stdin exits 0 and prints nothing")
        func emptyStdin() async throws {
            let result = try await FanoutProcess.run([], stdin: "")
            result.expectExit(0)
            #expect(result.stdoutData.isEmpty, "\(result.summary)")
            #expect(result.stderrData.isEmpty, "\(result.summary)")
        }

        @Test("piped stdin gets no banner and no prompt")
        func noBannerWhenPiped() async throws {
            let result = try await FanoutProcess.run(["--clock", "virtual"], stdin: "demo shop\n")
            result.expectExit(0)
            #expect(result.stdout == "loaded get_user, get_orders, get_recommendations, get_weather\n", "\(result.summary)")
        }

        @Test("NO_COLOR unset and --color never still print no escape codes into a pipe")
        func noColourInPipes() async throws {
            for arguments in [["--clock", "virtual"], ["--clock", "virtual", "--color", "never"]] {
                let result = try await FanoutProcess.run(arguments, stdin: Fixtures.shopScript, environment: ["NO_COLOR": ""])
                result.expectExit(0)
                #expect(!result.stdout.contains("\u{1B}["), "\(result.summary)")
            }
        }

        @Test("--color always colours the output even into a pipe")
        func colourAlways() async throws {
            let result = try await FanoutProcess.run(["--clock", "virtual", "--color", "always"], stdin: Fixtures.shopScript)
            result.expectExit(0)
            #expect(result.stdout.contains("\u{1B}["), "\(result.summary)")
        }
    }
}
