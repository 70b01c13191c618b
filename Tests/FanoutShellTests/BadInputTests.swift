import FanoutCore
import Testing
@testable import FanoutShell

/// Every rejected line gets one line saying what was wrong, where, and how to fix it — and
/// changes nothing in the session.
@Suite("Bad input")
struct BadInputTests {
    static let cases: [(line: String, message: String)] = [
        ("cal get_weather", "column 1: unknown command 'cal' (did you mean call?); type help for the list"),
        ("call get_weather location='Tokyo", "column 27: unterminated ' quote: add a closing '"),
        (#"call get_weather location="Tokyo"#, #"column 27: unterminated " quote: add a closing ""#),
        (#"call get_weather data={"a": 1,}"#, #"column 31: invalid JSON in 'data': expected a quoted key; check brackets, commas and "quoted" keys, or write text in "…""#),
        (#"call get_weather data={"city": "Oslo", "city": "Bergen"}"#, "column 40: invalid JSON in 'data': duplicate key 'city': an object names each key once; keep one"),
        ("register slow latency=ms", "column 23: invalid duration 'ms': write a number and a unit, like 250ms, 1.5s or 2m"),
        ("call get_weather location=$nothing", "column 27: $nothing refers to no earlier call: use the id or alias of a queued or finished call"),
        ("call get_weather location=$$", "column 27: '$$' is not a reference: '$' must be followed by a call id or alias, like $call_1.orders"),
        ("call get_weather location=$call_1.", "column 27: empty key in path '.'"),
        ("strategy gathr", "column 10: unknown strategy 'gathr' (did you mean gather?); choose gather, taskgroup or sequential"),
        ("drop call_9", "column 6: no queued call 'call_9' (did you mean call_1?); see queue"),
        ("set limit 0", "column 11: limit must be a whole number from 1 to 1000000, not '0'"),
        ("set limit", "column 5: usage: set limit N|none; see help set"),
        ("clock realtime", "column 7: unknown clock 'realtime' (did you mean real?); choose real or virtual"),
        ("set speed 3", "column 5: unknown setting 'speed' (did you mean seed?); settings: limit, timeout, offload, threads, cores, seed, retries, backoff"),
        ("source /no/such/file.fanout", "column 8: no such file '/no/such/file.fanout': check the path (relative paths start in \(FileManager.default.currentDirectoryPath))"),
        ("register x kind=blocking", "column 17: kind must be async, sync or cpu, not 'blocking'"),
        ("register x fail=1.5", "column 17: fail must be never, always or a probability from 0 to 1 (like 0.3), not '1.5'"),
        ("call get_weather location=Tokyo as w as v", "column 33: as needs exactly one alias at the end: call NAME … as ALIAS"),
        // Numbers beyond a Double would otherwise become infinity, printed as null.
        ("call get_weather location=1e400", #"column 27: number 1e400 in 'location' is out of range (beyond ±1.8e308): use a smaller number, or write it in "…" to keep it as text"#),
        ("call get_weather location=12345678901234567890", #"column 27: number 12345678901234567890 in 'location' is out of range (whole numbers stop at ±9223372036854775807): use a smaller number, or write it in "…" to keep it as text"#),
        (#"call get_weather location={"a":1e400}"#, #"column 32: number 1e400 in 'location' is out of range (beyond ±1.8e308): use a smaller number, or write it in "…" to keep it as text"#),
        // Commands with one optional argument say so when given two.
        ("results call_1 extra", "column 16: results takes at most one argument; usage: results [ID]"),
        ("strategy taskgroup extra", "column 20: strategy takes at most one argument; usage: strategy [gather|taskgroup|sequential]"),
        ("clock virtual extra", "column 15: clock takes at most one argument; usage: clock [real|virtual]"),
        // mcp, before any server is connected (the Python SDK's server is in the end-to-end tests).
        ("mcp", "mcp needs a subcommand: connect, list, disconnect, log; see help mcp"),
        ("mcp lst", "column 5: unknown mcp subcommand 'lst' (did you mean list?); use connect, list, disconnect, log"),
        ("mcp list all", "column 10: mcp list takes no arguments"),
        ("mcp log files", "column 9: no MCP server 'files'; none is connected"),
        ("mcp disconnect", "usage: mcp disconnect NAME"),
        ("mcp connect", "column 5: usage: mcp connect NAME [timeout=DUR] COMMAND [ARGS…], e.g. mcp connect files python3 server.py"),
        ("mcp connect files", "column 13: usage: mcp connect NAME [timeout=DUR] COMMAND [ARGS…], e.g. mcp connect files python3 server.py"),
        ("mcp connect files.x python3", "column 13: 'files.x' is not a server name: use letters, digits, _ and -, starting with a letter"),
        ("mcp connect files timeout=0s python3", "column 27: the connect timeout must be longer than 0, like timeout=30s"),
        ("mcp connect files no-such-program-fanout", "cannot start 'no-such-program-fanout': No such file or directory: no such program; check the name, or give its path"),
    ]

    @Test(arguments: cases)
    func rejectsWithAHelpfulLineAndChangesNothing(_ line: String, _ message: String) async {
        let (session, sink) = makeSession()
        await session.execute("demo weather")
        await session.execute("call get_weather location=Paris")
        _ = sink.take()
        let before = session.queue
        #expect(await session.execute(line) == .rejected(message))
        #expect(sink.text == "error: \(message)\n")
        #expect(session.queue == before)
    }

    @Test func runWithAnEmptyQueueSaysWhatToDo() async {
        let (session, _) = makeSession()
        #expect(await session.execute("run") == .rejected("nothing to run: the queue is empty; add calls with call NAME key=value"))
    }

    @Test func duplicateAliasIsRefused() async {
        let (session, _) = makeSession()
        await session.execute("demo weather")
        await session.execute("call get_weather location=Paris as w")
        #expect(await session.execute("call get_weather location=Oslo as w") == .rejected("column 35: alias 'w' is already used by queued call_1; pick another"))
    }

    @Test func aReferenceMayOnlyPointAtAnEarlierCall() async {
        let (session, _) = makeSession()
        await session.execute("demo weather")
        let outcome = await session.execute("call get_weather location=$call_2")
        #expect(outcome == .rejected("column 27: $call_2 refers to no earlier call: use the id or alias of a queued or finished call"))
    }

    @Test func aMegabyteLineIsHandled() async {
        let (session, _) = makeSession()
        await session.execute("register f")
        let long = String(repeating: "x", count: 1_000_000)
        #expect(await session.execute("call f data=\(long)") == .ok)
        let deep = String(repeating: "[", count: 500_000)
        guard case .rejected(let message) = await session.execute("call f data=\(deep)") else {
            Issue.record("deeply nested JSON must be rejected")
            return
        }
        #expect(message.contains("nested deeper than"))
    }

    @Test func bytesThatAreNotUTF8AreRefused() async {
        let (session, _) = makeSession()
        let outcome = await session.execute(bytes: Array("call f x=".utf8) + [0xFF, 0xFE])
        #expect(outcome == .rejected("the line is not valid UTF-8 text: check the file's encoding"))
    }
}

import Foundation

/// An error repeats at most a few dozen characters of what was typed, however much that was.
@Suite("Long input in errors")
struct LongInputTests {
    static let blob = String(repeating: "x", count: 200_000)
    static let shown = "'" + String(repeating: "x", count: 60) + "…' (200,000 characters)"

    static let cases: [(line: String, message: String)] = [
        (blob, "column 1: unknown command \(shown); type help for the list"),
        ("call f " + blob, "column 8: expected key=value, got \(shown); e.g. call get_weather location=Tokyo"),
        ("strategy " + blob, "column 10: unknown strategy \(shown); choose gather, taskgroup or sequential"),
        ("help " + blob, "column 6: no command \(shown); type help for the list"),
        ("call f a=$" + blob, "column 10: $\(String(repeating: "x", count: 59))… (200,001 characters) refers to no earlier call: use the id or alias of a queued or finished call"),
    ]

    @Test(arguments: cases)
    func errorsQuoteAnExcerpt(_ line: String, _ message: String) async {
        let (session, sink) = makeSession()
        await session.execute("register f")
        _ = sink.take()
        #expect(await session.execute(line) == .rejected(message))
        #expect(sink.text.utf8.count < 300)
    }

    @Test func shortInputIsQuotedWhole() {
        #expect("get_wether".quotedExcerpt == "'get_wether'")
        #expect(String(repeating: "é", count: 60).quotedExcerpt == "'" + String(repeating: "é", count: 60) + "'")
        #expect(String(repeating: "é", count: 61).quotedExcerpt == "'" + String(repeating: "é", count: 60) + "…' (61 characters)")
        #expect("$call_1.x".excerpt == "$call_1.x")
    }

    /// A run's unknown function is named in its error result the same way.
    @Test func anUnknownFunctionsErrorQuotesAnExcerpt() async {
        let (session, sink) = makeSession(format: .jsonl)
        await session.execute("call " + String(repeating: "y", count: 100_000))
        await session.execute("run")
        #expect(sink.text.contains(#""error":"unknown function '"# + String(repeating: "y", count: 60) + #"…' (100,000 characters)","error_kind":"unknown_tool"}"#))
    }
}
