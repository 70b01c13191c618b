import Foundation
import Testing

extension EndToEnd {
    /// `--record` writes each line to the file before it is shown: a fanout killed with SIGKILL
    /// mid-run leaves a transcript holding every line it printed.
    @Suite("Recording through a kill")
    struct RecordKillTests {
        @Test func killDashNineDuringARunLosesNoLineThatWasShown() async throws {
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("killed.fanout")
                let result = try await FanoutProcess.run(
                    ["--record", file.path, "--clock", "real"],
                    stdin: Fixtures.script([
                        "demo weather", "call get_weather location=Tokyo", "register slow latency=60s",
                        "call slow", "call slow", "run", "queue",
                    ]),
                    timeout: 20,
                    interrupt: .init(signal: SIGKILL, whenStdoutContains: "started   call_3", keepsInputOpen: true))
                #expect(result.signalled && result.status == SIGKILL, "\(result.summary)")
                let transcript = String(decoding: try Data(contentsOf: file), as: UTF8.self)
                let shown = result.stdoutLines
                #expect(shown.contains { $0.contains("started   call_3") }, "\(result.summary)")
                // The first line says recording started: it comes before the transcript does.
                for line in shown where !line.hasPrefix("recording to ") {
                    #expect(transcript.contains(line), "shown but not recorded: \(line)")
                }
            }
        }
    }
}
