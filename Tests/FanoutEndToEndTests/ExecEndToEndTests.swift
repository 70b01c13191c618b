import Foundation
import Testing

extension EndToEnd {
/// exec handlers in the `fanout` binary: real commands, at once, ended with their calls, and run from
/// a file only with `--allow-exec`.
@Suite("exec handlers", .timeLimit(.minutes(2)))
struct ExecEndToEndTests {
    private static let touch = #"register touch exec='["/usr/bin/touch", "{path}"]'"#

    @Test func fourOneSecondCommandsRunAtOnce() async throws {
        let started = Date()
        let result = try await FanoutProcess.run(["--allow-exec"], stdin: Fixtures.script([
            #"register nap exec='["sleep", "1"]'"#,
            "set limit 4",
            "call nap", "call nap", "call nap", "call nap",
            "run",
        ]))
        result.expectExit(0)
        #expect(result.stdoutLines.filter { $0.hasPrefix("call_") && $0.contains(" nap   ok ") }.count == 4, "\(result.summary)")
        // One after another they would take 4 s; a generous bound for a loaded machine.
        #expect(Date().timeIntervalSince(started) < 3.5, "\(result.summary)")
    }

    @Test func hostileTextStaysOneArgument() async throws {
        let hostile = "; rm -rf ~ $(whoami) `id` &x=y"
        let result = try await FanoutProcess.run(["--allow-exec"], stdin: Fixtures.script([
            #"register args exec='["/usr/bin/printf", "%s|", "{text}"]'"#,
            #"call args text="\#(hostile)""#,
            "run",
            "results call_1",
        ]))
        result.expectExit(0)
        #expect(result.stdout.contains("\"\(hostile)|\""), "\(result.summary)")
    }

    @Test func aTimedOutCommandAndWhatItStartedAreGone() async throws {
        try await withTemporaryDirectory { directory in
            let marker = "fanout-e2e-\(UUID().uuidString.prefix(8))"
            let sleeper = directory.appendingPathComponent(marker).path
            try FileManager.default.createSymbolicLink(atPath: sleeper, withDestinationPath: "/bin/sleep")
            let script = directory.appendingPathComponent("slow.sh")
            try Data("#!/bin/sh\n\(sleeper) 30 &\n\(sleeper) 31\n".utf8).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            let result = try await FanoutProcess.run(["--allow-exec"], stdin: Fixtures.script([
                #"register slow exec='["\#(script.path)"]' timeout=300ms"#,
                "call slow",
                "run",
            ]))
            result.expectExit(0)
            #expect(result.stdout.contains("timeout"), "\(result.summary)")
            let ps = try await FanoutProcess.run(executable: URL(fileURLWithPath: "/bin/ps"), ["-eo", "args"])
            #expect(!ps.stdout.contains(marker), "still running: \(ps.stdout.split(separator: "\n").filter { $0.contains(marker) })")
        }
    }

    @Test func aPipedScriptStartsNothingWithoutAllowExec() async throws {
        try await withTemporaryDirectory { directory in
            let made = directory.appendingPathComponent("made").path
            let result = try await FanoutProcess.run(stdin: Fixtures.script([Self.touch, "call touch path=\(made)", "run"]))
            result.expectExit(1)
            #expect(result.stderr.contains("error: line 1: this file would start a program, and files may do that only when fanout runs with --allow-exec"),
                    "\(result.summary)")
            #expect(!FileManager.default.fileExists(atPath: made))
        }
    }

    @Test func replayRunsCommandsOnlyWithAllowExec() async throws {
        try await withTemporaryDirectory { directory in
            let made = directory.appendingPathComponent("made").path
            let file = directory.appendingPathComponent("tools.fanout")
            try Data(Fixtures.script([Self.touch, "call touch path=\(made)", "run"]).utf8).write(to: file)
            let refused = try await FanoutProcess.run(["replay", "--keep-going", file.path])
            #expect(refused.status == 1, "\(refused.summary)")
            #expect(refused.stderr.contains("fanout --allow-exec replay FILE"), "\(refused.summary)")
            #expect(!FileManager.default.fileExists(atPath: made))
            let allowed = try await FanoutProcess.run(["replay", "--allow-exec", file.path])
            allowed.expectExit(0)
            #expect(FileManager.default.fileExists(atPath: made), "\(allowed.summary)")
        }
    }

    @Test func theRealToolsSessionReplaysAsRecorded() async throws {
        let root = try #require(FanoutBinary.packageRoot())
        let result = try await FanoutProcess.run(["--allow-exec", "replay", "docs/sessions/real-tools.fanout"], in: root)
        result.expectExit(0)
        let lines = result.stdoutLines
        #expect(lines.contains { $0.hasPrefix("call_1  get_weather  ok ") }, "\(result.summary)")
        #expect(lines.contains("error     exit status 3: no weather station in Atlantis"), "\(result.summary)")
        #expect(lines.contains { $0.hasPrefix("call_4  nap   timeout ") }, "\(result.summary)")
        #expect(lines.contains(#""Tokyo; rm -rf ~ $(whoami)|""#), "\(result.summary)")
    }
}
}
