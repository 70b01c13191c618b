import FanoutCore
import Testing
@testable import FanoutShell

@Suite("Session commands")
struct SessionCommandTests {
    @Test func queueingACallPrintsItsIdAndSignature() async {
        let text = await output(of: ["demo weather", "call get_weather location=Tokyo"])
        #expect(text == """
            loaded get_weather, get_news, get_stock_price
            queued call_1 get_weather(location: "Tokyo")

            """)
    }

    @Test func valuesFollowTheLanguagesTypingRules() async {
        let text = await outputOfLast([
            "register f",
            #"call f n=42 x=3.5 t=true z=null s=hello zip="02134" lit='a b' data={"k": [1, 2]} neg=-1"#,
        ])
        #expect(text == #"queued call_1 f(n: 42, x: 3.5, t: true, z: null, s: "hello", zip: "02134", lit: "a b", data: {"k":[1,2]}, neg: -1)"# + "\n")
    }

    @Test func theExerciseRunsInTwoSecondsAndPlanPredictsIt() async {
        let text = await output(of: exercise + ["plan", "run"])
        #expect(text.contains("predicted wall: gather 2.000s (current) · taskgroup 2.000s · sequential 4.000s"))
        #expect(text.contains("wall 2.000s · work 4.000s · 2.0x faster than sequential · critical path call_2 → call_4"))
        #expect(text.contains("""
            call    name                 status   start    duration  0s                2.0s
            call_1  get_user             ok       0.000s   1.000s    █████████
            call_2  get_orders           ok       0.000s   1.000s    █████████
            call_3  get_weather          ok       0.000s   1.000s    █████████
            call_4  get_recommendations  ok       1.000s   1.000s             █████████
            """))
    }

    @Test func thePlainLogShowsEveryStartAndFinish() async {
        let text = await outputOfLast(["demo weather", "call get_weather location=Tokyo", "call get_news topic=ai", "run"])
        let log = text.split(separator: "\n").prefix(4).joined(separator: "\n")
        #expect(log == """
              0.000s  started   call_1 get_weather(location: "Tokyo")
              0.000s  started   call_2 get_news(topic: "ai")
              1.000s  ok        call_1 get_weather (1.000s)
              1.000s  ok        call_2 get_news (1.000s)
            """)
    }

    @Test func resultsPersistAndLaterCallsUseStoredValues() async {
        let (session, sink) = makeSession()
        for line in exercise + ["run"] { await session.execute(line) }
        _ = sink.take()
        #expect(await session.execute("call get_recommendations user_id=user_123 order_history=$orders.orders") == .ok)
        #expect(sink.take().hasPrefix(#"queued call_5 get_recommendations(user_id: "user_123", order_history: [{"id":"ord_1","#))
        #expect(await session.execute("queue") == .ok)
        #expect(!sink.take().contains("after"), "a finished call is a value, not a dependency")
    }

    @Test func strategySetAndClockConfirm() async {
        let text = await output(of: ["strategy taskgroup", "set limit 2", "set timeout 500ms", "set offload inline", "set cores 4", "set seed 9", "clock"])
        #expect(text == """
            strategy taskgroup
            limit 2
            timeout 500ms
            offload inline
            cores 4
            seed 9
            clock virtual

            """)
    }

    @Test func dropRefusesACallOthersNeed() async {
        let (session, sink) = makeSession()
        for line in exercise { await session.execute(line) }
        _ = sink.take()
        #expect(await session.execute("drop orders") == .rejected("column 6: call_4 depends on call_2: drop it first"))
        #expect(await session.execute("drop call_4") == .ok)
        #expect(await session.execute("drop orders") == .ok)
        #expect(sink.text.hasSuffix("dropped call_4 get_recommendations\ndropped call_2 get_orders\n"))
    }

    @Test func compareRunsEachStrategyOnTheQueue() async {
        let text = await outputOfLast(["register boom latency=300ms fail=always"] + exercise + ["call boom", "compare"])
        #expect(text == """
            strategy    wall    work    ok  error  timeout  cancelled  skipped  vs sequential
            gather      2.000s  4.300s  4   1      0        0          0        2.2x
            taskgroup   0.300s  1.200s  0   1      0        4          0        stopped
            sequential  4.300s  4.300s  4   1      0        0          0        1.0x
            compared on the virtual clock with seed 0; the queue is unchanged

            """)
    }

    @Test func jsonlFormatPrintsOnlyEvents() async {
        let text = await output(of: ["demo weather", "call get_weather location=Tokyo", "bogus", "run"], format: .jsonl)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines == [
            #"{"event":"command_error","line":3,"message":"column 1: unknown command 'bogus'; type help for the list"}"#,
            #"{"event":"run_started","run":1,"strategy":"gather","clock":"virtual","limit":null,"timeout_ms":null,"calls":["call_1"]}"#,
            #"{"event":"call_started","run":1,"call":"call_1","name":"get_weather","t_ms":0}"#,
            #"{"event":"call_finished","run":1,"call":"call_1","name":"get_weather","status":"ok","started_ms":0,"t_ms":1000,"duration_ms":1000,"output":{"location":"Tokyo","temperature":22,"condition":"sunny"}}"#,
            #"{"event":"run_finished","run":1,"status":"ok","wall_ms":1000,"work_ms":1000,"counts":{"ok":1,"error":0,"timeout":0,"cancelled":0,"skipped":0}}"#,
        ])
    }

    @Test func unknownHandlerIsQueuedWithAWarningAndFailsAsAResult() async {
        let text = await output(of: ["demo weather", "call get_wether location=Oslo", "run"])
        #expect(text.contains("warning: no handler 'get_wether' (did you mean get_weather?)"))
        #expect(text.contains("error     call_1 get_wether (0.000s): unknown function 'get_wether' (did you mean get_weather?)"))
    }

    @Test func helpListsEveryCommandAndExplainsOne() async {
        let text = await output(of: ["help"])
        for command in CommandCatalog.Command.allCases where command != .exit {
            #expect(text.contains(command.rawValue), "help lacks \(command)")
        }
        let details = await output(of: ["help strategy"])
        #expect(details.hasPrefix("usage: strategy [gather|taskgroup|sequential]\n"))
        // Help on a command's argument is help on the command, whose details cover its arguments.
        let setting = await output(of: ["help set limit"])
        #expect(setting.hasPrefix("usage: set limit N|none · set timeout DUR|none"))
        #expect(setting.contains("  limit N|none     at most N calls running at once\n"))
    }

    @Test func demoSaysWhenItReplacesAHandlerOfYourOwn() async {
        let text = await output(of: ["register get_weather latency=5s", "demo weather", "demo weather"])
        #expect(text == """
            registered get_weather (async, 5s)
            loaded get_weather, get_news, get_stock_price
            note: this replaced your own get_weather; register it again to get it back
            loaded get_weather, get_news, get_stock_price

            """)
    }

    @Test func aHandlersTimeoutOfNoneRemovesIt() async {
        let text = await output(of: ["register f timeout=2s", "register f timeout=none", "register f timeout=0"])
        #expect(text == """
            registered f (async, 1s, timeout 2s)
            replaced f (async, 1s)
            error: column 20: a timeout must be longer than 0; use none for no timeout

            """)
    }

    @Test func manyUnknownParametersGetOneWarningLine() async {
        let text = await outputOfLast(["demo weather", "call get_weather a=1 b=2 c=3 d=4 e=5 f=6 g=7"])
        #expect(text == """
            queued call_1 get_weather(a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7)
            warning: missing required argument 'location'; unknown argument 'a'; unknown argument 'b'; and 5 more; it takes location: this call will end with an invalid_arguments error

            """)
    }
}

@Suite("Deeply nested results")
struct DeepResultTests {
    /// Each call wraps the one before's result in an object: the 257th would nest past JSON's limit.
    static let chain = ["register f latency=0 returns='{\"x\": \"{a}\"}'", "call f a=1"]
        + (2...300).map { "call f a=$call_\($0 - 1)" } + ["run"]

    @Test func aCallWhoseResultWouldNestTooDeepEndsInAnErrorAndItsDependentsAreSkipped() async {
        let (session, sink) = await session(on: .virtual, after: Self.chain)
        await session.execute("show call_257")
        #expect(sink.take().contains("error     the result nests arrays and objects more than 256 levels deep, the most fanout keeps: return a flatter value"))
        await session.execute("show call_300")
        #expect(sink.take().contains("status    skipped"))
        await session.execute("show call_256")
        let shown = sink.take()
        #expect(shown.contains("status    ok"))
        // Seven lines about the call, then one per opening and closing brace and one for the innermost value.
        let lines: Int = 7 + 2 * 256 + 1
        #expect(shown.split(separator: "\n").count == lines)
    }

    @Test func aStoredResultPassedOnIsCheckedToo() async {
        let (session, sink) = await session(on: .virtual, after: Array(Self.chain.prefix(257)) + ["run"])
        await session.execute("call f a=$call_256")
        await session.execute("run")
        await session.execute("show call_257")
        #expect(sink.text.contains("error     the result nests arrays and objects more than 256 levels deep"))
    }
}

@Suite("Help")
struct HelpTests {
    /// Help fits the narrowest common terminal: every line of every command's help, and the index.
    @Test(arguments: [nil] + CommandCatalog.Command.allCases.map(\.rawValue))
    func everyHelpLineFitsEightyColumns(_ command: String?) async {
        let text = await output(of: [command.map { "help \($0)" } ?? "help"])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count >= 2)
        for line in lines {
            #expect(line.displayWidth <= 80, "\(line.displayWidth) columns: \(line)")
        }
    }

    @Test func longLinesWrapUnderTheirColumn() async {
        let text = await output(of: ["help register"])
        #expect(text.hasPrefix("""
            usage: register NAME [kind=async|sync|cpu] [latency=1s] [jitter=100ms]
                            [fail=never|always|0.3] [error="…"] [timeout=2s|none]
                            [returns='{…}'] [params='{…}'] [description=…] [retries=N]
                            [backoff=100ms..2s] [serial=true] [confirm=true]
                            [exec='["PROGRAM", "{arg}"]']
                            [http='METHOD URL' [headers='{…}'] [body='…']]
            add a handler: simulated, a real command, or an HTTP endpoint

            """))
        let set = await output(of: ["help set"])
        #expect(set.hasPrefix("""
            usage: set limit N|none · set timeout DUR|none · set offload thread|inline
                   · set threads N · set cores N · set seed N · set retries N|none
                   · set backoff MIN..MAX

            """))
    }

    @Test func wrappingKeepsQuotedAndBracketedTextWhole() {
        let line = "  returns   a template such as '{\"city\": \"{location}\", \"temp\": 21}' [or anything else]"
        #expect(line.wrapped(to: 50, indent: 12) == [
            "  returns   a template such as",
            "            '{\"city\": \"{location}\", \"temp\": 21}'",
            "            [or anything else]",
        ])
        #expect("short".wrapped(to: 80, indent: 4) == ["short"])
    }
}
