import FanoutCore
import FanoutSimulation
import Foundation
import Testing
@testable import FanoutShell

/// `export python`: the program's text for each strategy and setting, and the command's errors.
/// (The end-to-end suite runs the programs with python3.)
@Suite("export python")
struct ExportPythonTests {
    @Test func theExerciseIsTheLessonsFunctionsAndAGatherThatAwaitsTheDependency() async {
        let program = await outputOfLast(exercise + ["export python"])
        #expect(program.hasPrefix("\"\"\"4 calls from a fanout session, as an asyncio program"), "\(program)")
        // The lesson's own functions, verbatim, in the order the demo set defines them.
        for handler in DemoSet.shop.handlers { #expect(program.contains(handler.python + "\n")) }
        let user = program.range(of: "async def get_user(")!, weather = program.range(of: "async def get_weather(")!
        #expect(user.lowerBound < weather.lowerBound)
        #expect(program.contains("""
            async def call_4():
                # $orders.orders: the result of call_2 (get_orders)
                orders = await result_of("call_2")
                return await execute("call_4", "get_recommendations", {
                    "user_id": "user_123",
                    "order_history": orders["orders"],
                })
            """), "\(program)")
        #expect(program.contains("results = await asyncio.gather(*tasks.values(), return_exceptions=True)"))
        #expect(program.contains("print(f\"\\nTotal: {elapsed:.2f}s\")\n"))
        #expect(program.hasSuffix("asyncio.run(main())\n"))
        // Nothing blocks: no threads, no helpers the queue does not need.
        for absent in ["to_thread", "ThreadPoolExecutor", "Semaphore", "asyncio.timeout", "CallRandom", "TaskGroup", "SERIAL", "RETRIES", "contextlib"] {
            #expect(!program.contains(absent), "\(absent)")
        }
    }

    @Test func eachStrategyRunsTheCallsItsOwnWay() async {
        let taskgroup = await outputOfLast(exercise + ["strategy taskgroup", "export python"])
        #expect(taskgroup.contains("async with asyncio.TaskGroup() as group:"))
        #expect(taskgroup.contains("except* Exception:"))
        #expect(taskgroup.contains("results = [outcome(task) for task in tasks.values()]"))
        #expect(!taskgroup.contains("asyncio.gather("))

        let sequential = await outputOfLast(exercise + ["strategy sequential", "export python"])
        #expect(sequential.contains("        results.append(await tasks[call_id])\n"))
        #expect(!sequential.contains("asyncio.gather(") && !sequential.contains("TaskGroup"))
    }

    @Test func limitTimeoutsAndOffloadBecomeSemaphoreTimeoutAndToThread() async {
        let program = await outputOfLast([
            "demo legacy", "register slow_api latency=5s timeout=2s returns='{\"data\": \"{q}\"}'",
            "set limit 2", "set timeout 500ms", "set threads 3",
            "call query_legacy_database sql=\"SELECT *\"", "call calculate_risk_score portfolio_id=P1", "call slow_api q=r",
            "export python",
        ])
        #expect(program.contains("LIMIT = asyncio.Semaphore(2)  # set limit 2: at most 2 calls at once\n"))
        #expect(program.contains("    async with LIMIT:\n"))
        #expect(program.contains("async with asyncio.timeout(timeout) as scope:"))
        // The run's timeout, and slow_api's own, which wins.
        #expect(program.contains("{\"sql\": \"SELECT *\"}, timeout=0.5"), "\(program)")
        #expect(program.contains("\"slow_api\", {\"q\": \"r\"}, timeout=2)"), "\(program)")
        #expect(program.contains("return await asyncio.to_thread(func, **args)"))
        #expect(program.contains("ThreadPoolExecutor(max_workers=3)"))
        // CPU work takes turns on the cores plan models.
        #expect(program.contains("PROCESSORS = asyncio.Semaphore(2)  # set cores 2: CPU work on at most 2 at once\nCPU_BOUND = {\"calculate_risk_score\"}"))
        #expect(program.contains("calculate_risk_score is CPU-bound. As the lesson does, time.sleep stands for the\ncomputation"))
        #expect(program.contains("""
            async def slow_api(**arguments) -> dict:
                \"""As registered: register slow_api latency=5s timeout=2s
                returns='{"data":"{q}"}'.\"""
                await asyncio.sleep(5)
                return {"data": arguments["q"]}

            """), "\(program)")
    }

    @Test func inlineCallsTheSyncFunctionInTheCoroutineAndSaysWhatOneThreadMeans() async {
        let program = await outputOfLast([
            "demo legacy", "set offload inline", "call query_legacy_database sql=\"SELECT *\"", "call get_weather location=Berlin",
            "export python",
        ])
        #expect(program.contains("    return func(**args)\n"))
        #expect(!program.contains("to_thread("))
        #expect(program.contains("Note: under offload inline fanout's plan gives the calls 2 cooperative"), "\(program)")
        let oneThread = await outputOfLast([
            "demo legacy", "set offload inline", "set cores 1", "call query_legacy_database sql=\"SELECT *\"", "export python",
        ])
        #expect(!oneThread.contains("Note:"))
    }

    @Test func serialHandlersAreALockAndRetriesALoopWithFanoutsBackoff() async {
        let program = await outputOfLast([
            "register counter latency=300ms serial=true",
            #"register flaky latency=100ms fail=always error="ConnectionError: reset" retries=3 backoff=100ms..1s"#,
            "register other latency=1s",
            "call counter", "call flaky", "call other", "export python",
        ])
        #expect(program.contains("SERIAL = {\"counter\": asyncio.Lock()}  # serial=true: one call of each at a time\nNOT_SERIAL = contextlib.nullcontext()"), "\(program)")
        #expect(program.contains("    async with SERIAL.get(name, NOT_SERIAL):\n        for attempt in range(retries + 1):\n"), "\(program)")
        #expect(program.contains("    \"flaky\": (3, 100_000, 1_000_000),  # retries=3 backoff=100ms..1s\n}"), "\(program)")
        // Only other is not retried: the loop looks its policy up with a default.
        #expect(program.contains("    retries, first, longest = RETRIES.get(name, (0, 0, 0))\n"))
        #expect(program.contains("            return await run_attempt(name, args)\n"))
        #expect(program.contains("    draw = CallRandom(f\"{call_id}#retry{retry}\").below(ceiling - low + 1)\n"))
        #expect(program.contains("reset\" retries=3 backoff=100ms..1s.\"\"\""), "\(program)")
        #expect(program.contains("register counter latency=300ms serial=true.\"\"\""), "\(program)")
        // Nothing draws a failure or jitter: no per-call or per-attempt seeds, no limit.
        for absent in ["CALL_ID", "CALL_SEED", "contextvars", "LIMIT", "Slots"] {
            #expect(!program.contains(absent), "\(absent)")
        }
    }

    @Test func underALimitSerialCallsTakeSlotsInFanoutsOrder() async {
        let queue = ["register counter latency=300ms serial=true", "register fetch latency=1s", "set limit 2",
                     "call counter", "call counter", "call fetch", "call fetch"]
        let program = await outputOfLast(queue + ["export python"])
        #expect(program.contains("class Slots:\n"))
        #expect(program.contains("SLOTS = Slots(2, {\"counter\"})  # set limit 2, and serial=true\n"))
        #expect(program.contains("    async with SLOTS.slot(call_id, name):\n        return await func(**args)\n"), "\(program)")
        #expect(!program.contains("asyncio.Semaphore(") && !program.contains("SERIAL ="))
        // One call at a time anyway: the lesson's Semaphore and a Lock.
        let sequential = await outputOfLast(queue + ["strategy sequential", "export python"])
        #expect(sequential.contains("LIMIT = asyncio.Semaphore(2)"))
        #expect(sequential.contains("    async with SERIAL.get(name, NOT_SERIAL):\n        async with LIMIT:\n"), "\(sequential)")
        #expect(!sequential.contains("Slots"))
    }

    @Test func aRetriedHandlerThatDrawsDrawsAnewOnEachAttempt() async {
        let flaky = #"register flaky latency=100ms fail=0.5 error="ConnectionError: reset""#
        let retried = await outputOfLast([flaky + " retries=2", "call flaky", "export python"])
        #expect(retried.contains("    draws = CallRandom(CALL_ID.get(), CALL_SEED.get())\n"), "\(retried)")
        #expect(retried.contains("CALL_SEED = contextvars.ContextVar(\"CALL_SEED\", default=SEED)"))
        #expect(retried.contains("        if attempt:  # a retry draws anew, as in fanout\n            CALL_SEED.set(CallRandom(f\"attempt {attempt}\").state)\n"), "\(retried)")
        // Its one handler retries: the lookup needs no default.
        #expect(retried.contains("    retries, first, longest = RETRIES[name]\n"))
        let once = await outputOfLast([flaky, "call flaky", "export python"])
        #expect(once.contains("    draws = CallRandom(CALL_ID.get())\n"))
        #expect(!once.contains("CALL_SEED") && !once.contains("RETRIES"))
        let none = await outputOfLast([flaky + " retries=0", "call flaky", "export python"])
        #expect(!none.contains("RETRIES"))
    }

    @Test func callsFanoutRefusesEndWithFanoutsOwnError() async {
        let program = await outputOfLast([
            "demo weather", "call get_wether location=Paris", "call get_news topic=AI cnt=2", "export python",
        ])
        #expect(program.contains("    raise CallError(\"error\", \"unknown function 'get_wether' (did you mean get_weather?)\")\n"), "\(program)")
        #expect(program.contains("    raise CallError(\"error\", \"unknown argument 'cnt'; it takes topic, count\")\n"), "\(program)")
    }

    @Test func registeredFailuresRaiseTheExceptionFanoutNames() async {
        let program = await outputOfLast([
            #"register a fail=always error="ConnectionError: reset""#,
            #"register b fail=always error="HTTPError: 503 Service Unavailable""#,
            #"register c fail=always error="it broke""#,
            "register d fail=always",
            "call a", "call b", "call c", "call d", "export python",
        ])
        #expect(program.contains("    raise ConnectionError(\"reset\")\n"))
        #expect(program.contains("class HTTPError(Exception):\n"))
        #expect(program.contains("    raise HTTPError(\"503 Service Unavailable\")\n"))
        #expect(program.contains("    raise CallError(\"error\", \"it broke\")\n"))
        #expect(program.contains("    raise RuntimeError(\"d failed\")\n"))
    }

    @Test func namesPythonCannotUseAreMadeIntoOnesItCan() async {
        let program = await outputOfLast(["register get-report", "register report", "call get-report", "call report", "export python"])
        #expect(program.contains("async def get_report(**arguments) -> dict:"))
        // `report` is the program's own: the handler's function takes another name.
        #expect(program.contains("async def report_2(**arguments) -> dict:"))
        #expect(program.contains("    \"get-report\": get_report,\n    \"report\": report_2,\n"))
    }

    @Test func noLineStartsWithACommentMarkSoATranscriptKeepsTheProgram() async {
        // A transcript reads a line starting with # as a comment, not as output.
        let program = await outputOfLast(DemoSet.allCases.map { "demo \($0.rawValue)" } + [
            #"register flaky kind=sync latency=200ms jitter=50ms fail=0.5 error="HTTPError: 502""#,
            "register slow latency=3s timeout=1s returns='{\"q\": \"{q} #1\"}'",
            "set limit 2", "set timeout 2s", "set seed 3",
            "call flaky", "call slow q=1 as s", "call calculate_risk_score portfolio_id=$s.q", "call get_wether location=X",
            "call search_database query=AI",
            "export python",
        ])
        #expect(program.contains("async def search_database("))
        let comments = program.split(separator: "\n").filter { $0.hasPrefix("#") }
        #expect(comments.isEmpty, "\(comments)")
    }

    @Test func theLessonsFunctionsKeepTheirNames() {
        var names = PythonNames()
        for handler in DemoSet.allCases.flatMap(\.handlers) {
            #expect(!PythonNames.runtime.contains(handler.name), "\(handler.name)")
            #expect(handler.python.contains("def \(handler.name)("), "\(handler.name)")
            _ = names.claimExactly(handler.name)
        }
    }

    @Test func writingAFileSaysSoAndHoldsWhatItPrints() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("shop.py").path
        let (session, sink) = await session(on: .virtual, after: exercise)
        await session.execute("export python")
        let printed = sink.take()
        #expect(await session.execute("export python \(file)") == .ok)
        #expect(sink.take() == "wrote 4 calls as an asyncio program to \(file)\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == printed)
        // The queue is still there: exporting runs nothing.
        await session.execute("queue")
        #expect(sink.take().contains("4 calls queued"))
    }

    @Test func badUseIsOneLineThatSaysWhatToDo() async {
        #expect(await outputOfLast(["export python"])
            == "error: nothing to export: the queue is empty; add calls with call NAME key=value\n")
        #expect(await outputOfLast(exercise + ["export python a.py b.py"])
            == "error: column 20: export python takes at most one FILE; usage: export python [FILE]\n")
        #expect(await outputOfLast(exercise + ["export python /no/such/folder/x.py"]).hasPrefix("error: column 15: can't write /no/such/folder/x.py:"))
    }

    @Test func aHandlerWithoutPythonIsNamed() async {
        let (session, sink) = await session(on: .virtual, after: ["demo weather", "call get_weather location=Tokyo"])
        session.registry.register(Native())
        await session.execute("call native")
        _ = sink.take()
        let outcome = await session.execute("export python")
        #expect(outcome == .rejected("export python can't write native: only the demo sets' handlers and register's have Python to export; drop its calls first"))
    }

    /// A handler written in Swift, which has no Python to export.
    private struct Native: ToolHandler {
        let name = "native"
        func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue { [:] }
    }
}
