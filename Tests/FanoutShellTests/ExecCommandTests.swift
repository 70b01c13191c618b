import FanoutCore
import Foundation
import Testing
@testable import FanoutShell

@Suite("exec handlers in the shell")
struct ExecCommandTests {
    private let greet = #"register greet exec='["/bin/echo", "hello {who}"]'"#

    @Test func registerListsWhatItRunsAndARunPrintsTheCommandsOutput() async {
        let (session, sink) = makeSession(clock: .real)
        for line in [greet, "handlers", "handlers greet", #"call greet who="Ada; rm -rf ~""#, "run", "show call_1"] {
            await session.execute(line)
        }
        let text = sink.text
        #expect(text.hasPrefix(#"registered greet (runs ["/bin/echo","hello {who}"])"#))
        #expect(text.contains("greet  exec  -        -        -     who: any\n"))
        #expect(text.contains(#"greet runs ["/bin/echo","hello {who}"]"#))
        #expect(text.contains(#"runs a command: ["/bin/echo","hello {who}"]; on the real clock only"#))
        #expect(text.contains("call_1  greet  ok"))
        #expect(text.contains("hello Ada; rm -rf ~"))
    }

    @Test func badRegistrationsSayWhatToFix() async {
        let cases: [(String, String)] = [
            (#"register x exec='["/no/such/tool"]'"#, "no program at /no/such/tool: check the path"),
            (#"register x exec='["no-such-tool-here"]'"#, #"no program "no-such-tool-here" on PATH"#),
            (#"register x exec='"echo"'"#, "exec must be a JSON array of strings, the program first"),
            (#"register x exec='["echo", 3]'"#, "exec's elements must all be strings (3 is not)"),
            (#"register x exec='["echo"]' latency=1s"#, "latency is for simulated handlers, not an exec handler"),
            (#"register x exec='["echo", "{a}"]' params='{"type": "object", "properties": {"b": {}}, "additionalProperties": false}'"#,
             "the command uses {a}, which params does not declare"),
        ]
        for (line, expected) in cases {
            let text = await output(of: [line])
            #expect(text.contains(expected), "\(line) → \(text)")
        }
    }

    @Test func theVirtualClockPlanAndCompareRefuseAQueueWithACommand() async {
        let (session, sink) = makeSession(clock: .real)
        for line in [greet, "call greet who=Ada", "clock virtual", "run", "plan", "compare gather sequential"] { await session.execute(line) }
        let text = sink.text
        #expect(text.contains("the clock is virtual, and call_1 calls greet, a command, which runs on the real clock only"))
        #expect(text.contains("plan simulates the queue on the virtual clock, and call_1 calls greet, a command"))
    }

    @Test func aFileMayStartProgramsOnlyWhenAllowed() async {
        let (session, sink) = makeSession(clock: .real)
        session.commandsComeFromFile = true
        let outcome = await session.execute(greet)
        #expect(outcome != .ok)
        #expect(sink.take().contains("this file would start a program, and files may do that only when fanout runs with --allow-exec"))
        await session.execute("mcp connect files python3 server.py")
        #expect(sink.take().contains("--allow-exec"))
        session.allowsExec = true
        #expect(await session.execute(greet) == .ok)
    }

    @Test func sourceAtThePromptAsksFirst() async throws {
        let folder = NSTemporaryDirectory() + "fanout-consent-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/tools.fanout"
        try "# real tools\n\(greet)\ncall greet who=Ada\n".write(toFile: file, atomically: true, encoding: .utf8)
        let (session, sink) = makeSession(clock: .real)
        let questions = Locked<[String]>([])
        let answer = Locked(false)
        session.askYesNo = { question in
            questions.withLock { $0.append(question) }
            return answer.withLock { $0 }
        }
        #expect(await session.execute("source \(file)") != .ok)
        #expect(sink.take().contains("did not source \(file): it starts programs, and you answered no"))
        #expect(questions.withLock { $0 } == ["\(file) starts programs (line 2: register greet exec='[\"/bin/echo\", \"hello {who}\"]'); let it? [y/N] "])
        answer.withLock { $0 = true }
        #expect(await session.execute("source \(file)") == .ok)
        #expect(await session.execute("run") == .ok)
        #expect(sink.text.contains("call_1  greet  ok"))
        // Typed at the prompt, a command needs no consent.
        #expect(await session.execute(#"register other exec='["/bin/true"]'"#) == .ok)
    }

    @Test func aPipedSourceStartsNothing() async throws {
        let file = NSTemporaryDirectory() + "fanout-consent-\(UUID().uuidString).fanout"
        try "\(greet)\n".write(toFile: file, atomically: true, encoding: .utf8)
        let (session, sink) = makeSession(clock: .real)
        session.askYesNo = { _ in true }
        session.commandsComeFromFile = true
        #expect(await session.execute("source \(file)") != .ok)
        #expect(sink.text.contains("--allow-exec"))
        #expect(await session.execute("handlers greet") != .ok)
    }
}

@Suite("http handlers in the shell")
struct HTTPCommandTests {
    @Test func registerListsTheMethodAndURLWithoutSecrets() async {
        setenv("FANOUT_TEST_KEY", "s3cret-value", 1)
        let text = await output(of: [
            #"register w http='GET https://api.example.com/weather?q={location}&key=${FANOUT_TEST_KEY}' headers='{"X-Key": "${FANOUT_TEST_KEY}"}' timeout=5s"#,
            "handlers", "handlers w",
        ])
        #expect(text.hasPrefix("registered w (runs GET https://api.example.com/weather?q={location}&key=${FANOUT_TEST_KEY}, timeout 5s)"))
        #expect(text.contains("w     http  -        5s       -     location: any"))
        #expect(text.contains("runs an HTTP endpoint: GET https://api.example.com/weather?q={location}&key=${FANOUT_TEST_KEY}; on the real clock only"))
        #expect(!text.contains("s3cret-value"))
    }

    @Test func badRegistrationsSayWhatToFix() async {
        let cases: [(String, String)] = [
            ("register x http='GET'", "http takes a method and a URL, like http='GET https://api.example.com/weather?q={location}'"),
            ("register x http='FETCH https://a.example'", "FETCH"),
            ("register x http='GET ftp://a.example'", "give an http:// or https:// URL with a host"),
            (#"register x http='GET https://a.example' headers='["a"]'"#, "headers must be a JSON object of strings"),
            (#"register x http='GET https://a.example' headers='{"A": 1}'"#, "header A's value must be a string, not 1"),
            ("register x http='GET https://a.example' latency=1s", "latency is for simulated handlers, not an http handler"),
            ("register x http='GET https://a.example' exec='[\"true\"]'", "unknown option 'http'"),
        ]
        for (line, expected) in cases {
            let text = await output(of: [line])
            #expect(text.contains(expected), "\(line) → \(text)")
        }
    }

    @Test func aRefusedConnectionIsAnErrorThatSaysSo() async {
        let (session, sink) = makeSession(clock: .real)
        for line in ["register dead http='GET http://127.0.0.1:1/'", "call dead", "run", "show call_1"] { await session.execute(line) }
        #expect(sink.text.contains("error     connection refused (127.0.0.1:1): nothing is listening there"))
        await session.closeConnections()
    }
}
