import FanoutCore
import Foundation
import Testing
@testable import FanoutShell

/// What a newcomer's trial of the shell turned up, each kept fixed.
@Suite("Newcomer findings")
struct NewcomerFindingsTests {
    @Test func anEmptyQueueAfterARunPointsAtRerun() async {
        let (session, _) = await session(on: .virtual, after: ["demo weather", "call get_weather location=Tokyo", "run"])
        #expect(await session.execute("export python") == .rejected(
            "nothing to export: the queue is empty; add calls with call NAME key=value, or rerun to queue the last run's calls again"))
        let (fresh, _) = makeSession()
        #expect(await fresh.execute("run") == .rejected("nothing to run: the queue is empty; add calls with call NAME key=value"))
    }

    @Test func aBareWordAfterExportIsNotAFileToCreate() async {
        let (session, _) = await session(on: .virtual, after: ["demo weather", "call get_weather location=Tokyo", "run"])
        guard case .rejected(let message) = await session.execute("export results xml") else {
            Issue.record("export results xml was taken")
            return
        }
        #expect(message.contains("unknown format 'xml'; formats: json, openai, responses, anthropic, gemini; to write a file, give xml.json or ./xml"))
        guard case .rejected(let python) = await session.execute("export trace out") else {
            Issue.record("export trace out was taken")
            return
        }
        #expect(python.contains("'out' is not a file name here: give one with an extension or a folder, like out.json or ./out"))
    }

    @Test func registeringOverALessonHandlerSaysWhatIsLost() async {
        let text = await outputOfLast(["demo shop", "register get_orders fail=0.5 retries=3"])
        #expect(text.hasSuffix("note: this get_orders is simulated: it returns its arguments, not the lesson's result; give returns='{…}', or demo shop to get the lesson's back\n"))
        let kept = await outputOfLast(["demo shop", #"register get_orders fail=0.5 returns='{"orders": []}'"#])
        #expect(!kept.contains("note:"))
    }

    @Test func aHugeValueIsShownShort() async {
        let text = await outputOfLast(["demo weather", "call get_weather location=" + String(repeating: "x", count: 100_000)])
        #expect(text.hasPrefix(#"queued call_1 get_weather(location: ""# + String(repeating: "x", count: 59) + "… (100,002 characters))\n"))
    }

    @Test func compareShowAndHistoryPrintJSONLines() async {
        let text = await output(of: ["demo weather", "call get_weather location=Tokyo", "show call_1", "compare", "history 1"], format: .jsonl)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains(#"{"event":"queued","call":"call_1","name":"get_weather","alias":null,"arguments":{"location":"Tokyo"},"references":{},"after":[]}"#))
        #expect(lines.contains { $0.hasPrefix(#"{"event":"compare","clock":"virtual","seed":0,"sequential_wall_ms":1000,"strategies":[{"strategy":"gather","status":"ok","wall_ms":1000,"#) })
        #expect(lines.last == #"{"event":"history","commands":[{"number":5,"line":"history 1"}]}"#)
    }

    @Test func handlersNameShowsRetriesAndSerial() async {
        let text = await outputOfLast(["register db serial=true retries=2 backoff=50ms..1s", "handlers db"])
        #expect(text.hasPrefix("db  async, 1s, retries 2, backoff 50ms..1s, serial\n"))
    }
}
