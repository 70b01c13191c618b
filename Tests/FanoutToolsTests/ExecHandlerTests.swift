import FanoutCore
import FanoutTools
import Foundation
import Testing

@Suite struct ExecHandlerTests {
    let scripts: ExecScripts

    init() throws { scripts = try ExecScripts() }

    /// Runs one call of `handler` on the real clock and returns its result.
    func call(_ handler: some ToolHandler, _ arguments: JSONObject = [:], timeout: Duration? = nil) async throws -> CallResult {
        let executor = Executor(handlers: HandlerRegistry([handler]))
        let report = try await executor.run(
            [ToolCall(id: "c1", name: handler.name, values: arguments)], options: ExecutionOptions(timeout: timeout))
        return try #require(report.results.first)
    }

    @Test func jsonOutputIsTheResult() async throws {
        let handler = try ExecHandler(name: "weather", argv: ["/bin/echo", #"{"city": "{location}", "t": 22}"#])
        let result = try await call(handler, ["location": "Tokyo"])
        #expect(result.status == .ok)
        #expect(result.output == ["city": "Tokyo", "t": 22])
    }

    @Test func textOutputLosesOneTrailingNewline() async throws {
        let handler = try ExecHandler(name: "say", argv: ["printf", "hello\\n\\n"])
        #expect(try await call(handler).output == .string("hello\n"))
    }

    @Test func argumentsArriveAsJSONOnStandardInput() async throws {
        let path = try scripts.script("cat-input", "cat")
        let handler = try ExecHandler(name: "echo_input", argv: [path])
        let result = try await call(handler, ["location": "Tokyo", "days": 3])
        #expect(result.output == ["location": "Tokyo", "days": 3])
    }

    @Test func shellTextStaysOneArgument() async throws {
        let path = try scripts.script("count", #"printf '%s|' "$#" "$@""#)
        let handler = try ExecHandler(name: "count", argv: [path, "{text}"])
        let hostile = "; rm -rf ~ $(whoami) `id` &x=y *"
        #expect(try await call(handler, ["text": .string(hostile)]).output == .string("1|\(hostile)|"))
    }

    @Test func aWholeElementArrayBecomesSeveralArguments() async throws {
        let path = try scripts.script("count", #"printf '%s|' "$#" "$@""#)
        let handler = try ExecHandler(name: "count", argv: [path, "-v", "{files}", "n={files}"])
        let result = try await call(handler, ["files": ["a b", "c"]])
        #expect(result.output == .string(#"4|-v|a b|c|n=["a b","c"]|"#))
    }

    @Test func aNonZeroExitNamesTheStatusAndTheLastErrorLine() async throws {
        let path = try scripts.script("fails", "echo starting >&2; echo 'disk quota exceeded' >&2; exit 3")
        let result = try await call(try ExecHandler(name: "fails", argv: [path]))
        #expect(result.status == .error)
        #expect(result.error == "exit status 3: disk quota exceeded")
        #expect(result.errorKind == .handlerError)
    }

    @Test func outputPastTheLimitIsAnError() async throws {
        let path = try scripts.script("chatty", "head -c 5000 /dev/zero")
        let result = try await call(try ExecHandler(name: "chatty", argv: [path], outputLimit: 1024))
        #expect(result.status == .error)
        #expect(result.error?.hasPrefix("\(path) printed more than 1 KiB on standard output") == true)
    }

    @Test func anEndlessFloodOfOutputEndsAtTheLimit() async throws {
        let started = ContinuousClock.now
        let result = try await call(try ExecHandler(name: "flood", argv: ["yes"]))
        #expect(result.status == .error)
        #expect(result.error?.hasPrefix("yes printed more than 1 MiB on standard output") == true, "\(result.error ?? "")")
        #expect(ContinuousClock.now - started < TimingSlack.bound(.seconds(10)))
    }

    @Test func aProgramThatIgnoresItsInputStillSucceeds() async throws {
        let handler = try ExecHandler(name: "t", argv: ["/bin/true"])
        for _ in 0..<20 {
            #expect(try await call(handler, ["big": .string(String(repeating: "x", count: 200_000))]).output == .string(""))
        }
    }

    @Test func aMissingArgumentIsAnInvalidArgumentsError() async throws {
        let handler = try ExecHandler(name: "e", argv: ["/bin/echo", "{location}"])
        let result = try await call(handler)
        #expect(result.errorKind == .invalidArguments)
        #expect(result.error == "missing argument 'location': the template uses {location}")
    }

    @Test func theEnvironmentIsReadAtCallTime() async throws {
        setenv("FANOUT_TEST_SECRET", "first", 1)
        let handler = try ExecHandler(name: "e", argv: ["/bin/echo", "${FANOUT_TEST_SECRET}"])
        setenv("FANOUT_TEST_SECRET", "second", 1)
        #expect(try await call(handler).output == .string("second"))
        #expect(handler.template == #"["/bin/echo","${FANOUT_TEST_SECRET}"]"#)
        unsetenv("FANOUT_TEST_SECRET")
        #expect(try await call(handler).error == "environment variable FANOUT_TEST_SECRET is not set: export it before starting fanout")
    }

    @Test func registerTimeErrorsNameTheProgram() throws {
        #expect(throws: ExecError.noSuchProgram("/no/such/tool")) { try ExecHandler(name: "x", argv: ["/no/such/tool"]) }
        #expect(throws: ExecError.notOnPath("no-such-tool-here")) { try ExecHandler(name: "x", argv: ["no-such-tool-here"]) }
        #expect(throws: ExecError.emptyCommand) { try ExecHandler(name: "x", argv: []) }
        #expect(throws: ExecError.programIsTemplate("{tool}")) { try ExecHandler(name: "x", argv: ["{tool}"]) }
        let path = try scripts.script("plain", "true")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: ExecError.notExecutable(path)) { try ExecHandler(name: "x", argv: [path]) }
        #expect(try ExecHandler(name: "x", argv: ["sh"]).executablePath.hasSuffix("/sh"))
    }

    @Test func bracesThatAreNoPlaceholderStayAsWritten() async throws {
        let handler = try ExecHandler(name: "e", argv: ["/bin/echo", "{a: .b} {{x}} {x}"])
        #expect(try await call(handler, ["x": 1]).output == .string("{a: .b} {x} 1"))
    }
}
