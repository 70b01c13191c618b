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
}
