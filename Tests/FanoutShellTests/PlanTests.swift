import FanoutCore
import Testing
@testable import FanoutShell

@Suite("plan")
struct PlanTests {
    /// A 1 s call, and a chain of two 0.5 s sync calls that ends at the same instant.
    let tiedChain = [
        "demo weather profile tax",
        "call get_weather location=Tokyo",
        "call get_news topic=ai",
        "call get_stock_price symbol=AAPL",
        "call get_user_profile user_id=user_123",
        "call calculate_tax amount=100 as tax",
        "call calculate_tax amount=$tax.tax",
    ]

    @Test func aTiedChainIsThePathPlanNamesAndRunReports() async {
        let text = await output(of: tiedChain + ["plan", "run"])
        #expect(text.contains("\ncritical path call_5 → call_6\n"), "\(text)")
        #expect(text.contains("wall 1.000s · work 4.300s · 4.3x faster than sequential · critical path call_5 → call_6\n"), "\(text)")
    }

    @Test func aFailureThatEndsWithASuccessIsStillTheOneNamed() async {
        // call_1 succeeds at the instant call_2 fails: the path may end at either, plan names the failure.
        let text = await output(of: [
            "register a latency=1s", "register b latency=1s fail=always", "register c latency=3s",
            "strategy taskgroup", "call a", "call b", "call c", "plan",
        ])
        #expect(text.contains("no critical path: taskgroup stops the run at 1.000s, when call_2 b fails, and cancels the rest\n"), "\(text)")
    }

    @Test func aFailureThatStopsATaskgroupIsNamedNotAPath() async {
        let text = await output(of: [
            "demo weather",
            #"register flaky latency=500ms fail=always error="ConnectionError: reset""#,
            "strategy taskgroup",
            "call get_weather location=Tokyo",
            "call get_news topic=ai",
            "call flaky",
            "plan",
            "run",
        ])
        #expect(text.contains("""
            stage 1  call_1 get_weather · call_2 get_news · call_3 flaky
            no critical path: taskgroup stops the run at 0.500s, when call_3 flaky fails, and cancels the rest
            predicted wall: gather 1.000s · taskgroup 0.500s (current) · sequential 2.500s
            """), "\(text)")
        #expect(text.contains("wall 0.500s · work 1.500s · 1 error, 2 cancelled · run failed\n"), "\(text)")
    }

    @Test func aFailureAfterAChainNamesTheChain() async {
        let text = await outputOfLast(exercise + [
            "register get_recommendations latency=500ms fail=always",
            "strategy taskgroup",
            "plan",
        ])
        #expect(text.contains(
            "no critical path: taskgroup stops the run at 1.500s, when call_4 get_recommendations fails (after call_2), and cancels the rest"),
            "\(text)")
    }

    /// Serial handlers and retries, under a limit: calls that wait for a turn, attempts that fail.
    let serialAndRetries = [
        "register counter latency=300ms serial=true",
        "register fetch latency=1s",
        #"register flaky latency=200ms jitter=50ms fail=0.5 error="ConnectionError: reset" retries=3 backoff=100ms..1s"#,
        #"register down latency=100ms fail=always error="HTTPError: 503" retries=2 backoff=200ms..400ms"#,
        "set limit 2",
        "call counter", "call flaky", "call counter", "call fetch", "call counter", "call flaky", "call down",
    ]

    @Test(arguments: Strategy.allCases)
    func withSerialHandlersAndRetriesThePredictionIsTheRun(_ strategy: Strategy) async throws {
        let text = await output(of: serialAndRetries + ["strategy \(strategy.rawValue)", "plan", "run"])
        let predicted = try #require(text.split(separator: "\n").first { $0.hasPrefix("predicted wall: ") }?
            .split(separator: " · ").first { $0.hasSuffix("(current)") }?
            .split(separator: " ").dropLast().last, "\(text)")
        #expect(text.contains("\nwall \(predicted) · "), "\(text)")
        // The run did retry, and wait for turns: the prediction has both to get right.
        #expect(text.contains(" retry     call_7 down (attempt 2: HTTPError: 503; again in "), "\(text)")
        #expect(text.contains("serial   counter: call_1, call_3, call_5 run one at a time\n"), "\(text)")
    }

    @Test func theSettingsLineNamesTheRunsRetries() async {
        let text = await output(of: ["register a", "call a", "set retries 2", "set backoff 50ms..1s", "plan"])
        #expect(text.contains("  with limit none, timeout none, offload thread, cores 2, threads 6, seed 0, retries 2 (backoff 50ms..1s)\n"), "\(text)")
        // A serial handler called once has nobody to take turns with.
        let once = await output(of: ["register a serial=true", "call a", "plan"])
        #expect(!once.contains("serial "), "\(once)")
    }
}

extension PlanTests {
    /// A plan of many calls fits on a screen: long stages and many stages are shortened in the middle.
    @Test func plansOfManyCallsAreShortened() async {
        let calls = (1...2_000).map { _ in "call f" }
        let chain = (2_001...2_030).map { "call f a=$call_\($0 - 1)" }
        let text = await outputOfLast(["register f latency=0"] + calls + chain + ["plan"])
        let lines = text.split(separator: "\n")
        #expect(lines.first == "stage 1  call_1 f · call_2 f · call_3 f · … · call_1998 f · call_1999 f · call_2000 f (2000 calls)")
        #expect(lines.contains("stage 2  call_2001 f (after call_2000)"))
        #expect(lines.contains("…        23 more stages (31 in all)"))
        #expect(lines.contains("stage 31  call_2030 f (after call_2029)"))
        #expect(lines.allSatisfy { $0.count < 200 })
    }
}
