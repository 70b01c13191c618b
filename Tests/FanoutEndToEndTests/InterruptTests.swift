import FanoutCore
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
            #expect(Date().timeIntervalSince(started) < TimingSlack.bound(15), "the run was not cut short")
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

        /// SIGTERM and SIGHUP are treated as SIGINT is: the run is cancelled, every call still ends,
        /// and the exit status is 128 + the signal's number.
        @Test("SIGTERM and SIGHUP during a run cancel it, every call still finishes", arguments: [(SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
        func terminateDuringRun(signal: Int32, status: Int32) async throws {
            let result = try await FanoutProcess.run(
                ["--format", "jsonl", "--clock", "real"],
                stdin: "register slow latency=60s\ncall slow\ncall slow\nrun\ncall slow\nrun\n",
                timeout: 20,
                interrupt: .init(signal: signal, whenStdoutContains: #""call":"call_2","name":"slow","t_ms""#))
            result.expectExit(status)
            try expectOneRunWithBothCallsCancelled(result)
        }

        /// One run, its two calls cancelled, every event finished, and nothing run after it.
        private func expectOneRunWithBothCallsCancelled(_ result: FanoutResult, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let events = try result.stdoutLines.map(JSONLines.object)
            let finished = events.filter { $0["event"] as? String == "call_finished" }
            #expect(finished.compactMap { $0["call"] as? String } == ["call_1", "call_2"], "\(result.summary)", sourceLocation: sourceLocation)
            #expect(finished.allSatisfy { $0["status"] as? String == "cancelled" }, "\(result.summary)", sourceLocation: sourceLocation)
            #expect(events.last?["event"] as? String == "run_finished", "\(result.summary)", sourceLocation: sourceLocation)
            #expect(events.filter { $0["event"] as? String == "run_started" }.count == 1, "\(result.summary)", sourceLocation: sourceLocation)
        }

        @Test("SIGTERM during a replay cancels its run and stops the replay, exit 143")
        func terminateDuringReplay() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("slow.fanout")
                try "register slow latency=60s\ncall slow\nrun\ncall slow\nrun\n".write(to: file, atomically: true, encoding: .utf8)
                let result = try await FanoutProcess.run(
                    ["replay", "--format", "jsonl", file.path],
                    timeout: 20, interrupt: .init(signal: SIGTERM, whenStdoutContains: #""call":"call_1","name":"slow","t_ms""#))
                result.expectExit(143)
                let events = try result.stdoutLines.map(JSONLines.object)
                #expect(events.map { $0["event"] as? String } == ["run_started", "call_started", "call_finished", "run_finished"], "\(result.summary)")
            }
        }

        @Test("SIGTERM between runs exits 143 at once")
        func terminateWhileWaitingForInput() async throws {
            let result = try await FanoutProcess.run(
                ["--format", "jsonl", "--clock", "virtual"],
                stdin: "register quick latency=0\ncall quick\nrun\n",
                timeout: 20, interrupt: .init(signal: SIGTERM, whenStdoutContains: #""event":"run_finished""#, keepsInputOpen: true))
            result.expectExit(143)
        }

        @Test("SIGINT during a replay cancels its run the same way and stops the replay, exit 130")
        func interruptDuringReplay() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-interrupt-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let script = "register slow latency=60s\ncall slow\ncall slow\nrun\ncall slow\nrun\n"
            for name in ["first.fanout", "second.fanout"] {
                try script.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            let result = try await FanoutProcess.run(
                ["replay", "--format", "jsonl", directory.appendingPathComponent("first.fanout").path,
                 directory.appendingPathComponent("second.fanout").path],
                timeout: 20, interrupt: .init(whenStdoutContains: #""call":"call_2","name":"slow","t_ms""#))
            result.expectExit(130)
            // Neither the rest of the file nor the next file runs.
            try expectOneRunWithBothCallsCancelled(result)
        }

        @Test("a run that outlives the harness timeout is killed and reported, not waited for")
        func harnessTimeout() async throws {
            let started = Date()
            await #expect(throws: FanoutProcessError.self) {
                _ = try await FanoutProcess.run(
                    ["--clock", "real"], stdin: "register slow latency=60s\ncall slow\nrun\n", timeout: 1)
            }
            #expect(Date().timeIntervalSince(started) < TimingSlack.bound(10))
        }
    }
}
