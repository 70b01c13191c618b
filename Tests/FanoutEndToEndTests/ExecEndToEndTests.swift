import FanoutCore
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
        #expect(Date().timeIntervalSince(started) < TimingSlack.bound(3.5), "\(result.summary)")
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

    @Test func aReplayedMCPConnectStartsNoServerWithoutAllowExec() async throws {
        try await withTemporaryDirectory { directory in
            let made = directory.appendingPathComponent("started").path
            let file = directory.appendingPathComponent("mcp.fanout")
            // The "server" would leave a file behind if it were ever started.
            try Data(Fixtures.script(["mcp connect files /usr/bin/touch \(made)"]).utf8).write(to: file)
            let refused = try await FanoutProcess.run(["replay", file.path])
            #expect(refused.status == 1, "\(refused.summary)")
            #expect(refused.stderr.contains("files may do that only when fanout runs with --allow-exec"), "\(refused.summary)")
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

    @Test func httpHandlersCallARealServer() async throws {
        try await withTemporaryDirectory { directory in
            let script = directory.appendingPathComponent("server.py")
            try Data(Self.weatherServer.utf8).write(to: script)
            let portFile = directory.appendingPathComponent("port")
            let server = Process()
            server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            server.arguments = ["python3", script.path, portFile.path]
            try server.run()
            // It serves the test's two requests and exits; SIGKILL only ends one the test left waiting.
            defer { kill(server.processIdentifier, SIGKILL) }
            var port = ""
            for _ in 0..<500 where port.isEmpty {
                port = (try? String(contentsOf: portFile, encoding: .utf8)) ?? ""
                try await Task.sleep(for: .milliseconds(10))
            }
            try #require(!port.isEmpty, "the test server did not start")
            let hostile = "Paris&x=y; rm -rf ~"
            let result = try await FanoutProcess.run(["--allow-exec"], stdin: Fixtures.script([
                "register w http='GET http://127.0.0.1:\(port)/weather?q={city}' timeout=5s",
                "register missing http='GET http://127.0.0.1:\(port)/nowhere'",
                #"call w city="\#(hostile)""#,
                "call missing",
                "run",
                "results call_1",
                "show call_2",
            ]))
            result.expectExit(0)
            #expect(result.stdout.contains(#""q": "\#(hostile)""#), "\(result.summary)")
            #expect(result.stdout.contains("error     HTTP 404: no such city"), "\(result.summary)")
        }
    }

    /// A loopback server for two requests: `/weather?q=…` answers `{"q": …}`, anything else 404. It
    /// writes its port to the file its argument names, and gives up after 20 s.
    private static let weatherServer = """
        import http.server, json, sys, urllib.parse
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                if url.path == "/weather":
                    status, body = 200, json.dumps({"q": urllib.parse.parse_qs(url.query)["q"][0]}).encode()
                else:
                    status, body = 404, b"no such city"
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *arguments):
                pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        server.timeout = 20
        with open(sys.argv[1] + ".tmp", "w") as file:
            file.write(str(server.server_address[1]))
        import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
        server.handle_request()
        server.handle_request()
        """
}
}
