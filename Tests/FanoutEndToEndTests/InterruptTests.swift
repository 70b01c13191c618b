import Foundation
import Testing

extension EndToEnd {
    /// DESIGN §2 and §7 on the real clock: an interrupted run still gives every call its terminal event,
    /// and the process exits 130. Also checks that the harness turns a hang into a failure.
    @Suite("Interrupts and hangs")
    struct InterruptTests {
        @Test("SIGINT during a run cancels it, every call still finishes, exit 130")
        func interruptDuringRun() async throws {
            let started = Date()
            let result = try await FanoutProcess.run(
                ["--format", "jsonl", "--clock", "real"],
                stdin: "register slow latency=60s\nregister quick latency=10ms\ncall slow\ncall slow\ncall quick\nrun\ncall quick\n",
                timeout: 20,
                interrupt: .init(whenStdoutContains: #""call":"call_2","name":"slow","t_ms""#))
            #expect(Date().timeIntervalSince(started) < 15, "the run was not cut short")
            result.expectExit(130)
            let events = try result.stdoutLines.map(JSONLines.object)
            let finished = events.filter { $0["event"] as? String == "call_finished" }
            #expect(finished.compactMap { $0["call"] as? String }.sorted() == ["call_1", "call_2", "call_3"], "\(result.summary)")
            #expect(finished.filter { $0["call"] as? String != "call_3" }.allSatisfy { $0["status"] as? String == "cancelled" },
                    "\(result.summary)")
            let last = try #require(events.last, "\(result.summary)")
            #expect(last["event"] as? String == "run_finished", "\(result.summary)")
            #expect(last["status"] as? String == "cancelled", "\(result.summary)")
            // The script does not go on after the interrupt.
            #expect(events.filter { $0["event"] as? String == "run_started" }.count == 1)
        }

        @Test("a run that outlives the harness timeout is killed and reported, not waited for")
        func harnessTimeout() async throws {
            let started = Date()
            await #expect(throws: FanoutProcessError.self) {
                _ = try await FanoutProcess.run(
                    ["--clock", "real"], stdin: "register slow latency=60s\ncall slow\nrun\n", timeout: 1)
            }
            #expect(Date().timeIntervalSince(started) < 10)
        }
    }
}
