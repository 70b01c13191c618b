import FanoutCore
import FanoutSimulation

/// Every command of the language: its name, usage, one-line summary and details, for dispatch,
/// `help`, "did you mean" and completion.
public enum CommandCatalog {
    public enum Command: String, CaseIterable, Sendable {
        case help, register, unregister, handlers, demo, call, queue, drop, clear
        case strategy, set, clock, plan, run, rerun, compare, results, show, `import`, export, mcp, history, source, record, quit, exit

        public var usage: String {
            switch self {
            case .help: return "help [COMMAND]"
            case .register:
                return "register NAME [kind=async|sync|cpu] [latency=1s] [jitter=100ms] [fail=never|always|0.3] [error=\"…\"] [timeout=2s|none] [returns='{…}'] [params='{…}'] [description=…] [retries=N] [backoff=100ms..2s] [serial=true] [confirm=true] [exec='[\"PROGRAM\", \"{arg}\"]'] [http='METHOD URL' [headers='{…}'] [body='…']]"
            case .unregister: return "unregister NAME"
            case .handlers: return "handlers [NAME]"
            case .demo: return "demo [SET…]"
            case .call: return "call NAME key=value… [as ALIAS]"
            case .queue: return "queue"
            case .drop: return "drop ID"
            case .clear: return "clear"
            case .strategy: return "strategy [gather|taskgroup|sequential]"
            case .set: return "set limit N|none · set timeout DUR|none · set offload thread|inline · set threads N · set cores N · set seed N · set retries N|none · set backoff MIN..MAX"
            case .clock: return "clock [real|virtual]"
            case .plan: return "plan"
            case .run: return "run"
            case .rerun: return "rerun"
            case .compare: return "compare [STRATEGY…]"
            case .results: return "results [ID]"
            case .show: return "show ID"
            case .import: return "import FILE [as openai|responses|anthropic|gemini]"
            case .export: return "export results [FORMAT] [FILE] · export tools FORMAT [FILE] · export python [FILE] · export trace [--all] FILE · export svg FILE"
            case .history: return "history [N]"
            case .mcp: return "mcp connect NAME [timeout=DUR] COMMAND [ARGS…] · mcp list · mcp disconnect NAME · mcp log NAME"
            case .source: return "source FILE"
            case .record: return "record FILE [force] · record stop"
            case .quit: return "quit"
            case .exit: return "exit"
            }
        }

        public var summary: String {
            switch self {
            case .help: return "list commands, or explain one"
            case .register: return "add a handler: simulated, a real command, or an HTTP endpoint"
            case .unregister: return "remove a handler"
            case .handlers: return "list handlers, or show one's parameters"
            case .demo: return "load the lesson's example handlers"
            case .call: return "queue a call; prints its id"
            case .queue: return "show the queued calls"
            case .drop: return "remove a queued call"
            case .clear: return "remove every queued call"
            case .strategy: return "show or choose how calls run and fail"
            case .set: return "set limit, timeout, offload, threads, cores, seed or retries"
            case .clock: return "show or choose the real or virtual clock"
            case .plan: return "stages, critical path, predicted wall per strategy"
            case .run: return "run the queue: progress, then the timing table"
            case .rerun: return "queue the last run's calls again, with new ids"
            case .compare: return "run the queue under each strategy, side by side"
            case .results: return "outputs of the last run, or of one call"
            case .show: return "everything about one call"
            case .import: return "queue the tool calls of a model's response"
            case .export: return "write results, tools, a Python program, a trace or an SVG"
            case .history: return "the commands of this session, numbered"
            case .mcp: return "connect to MCP servers: their tools become handlers"
            case .source: return "run the commands in a file"
            case .record: return "write a transcript of the session to a file"
            case .quit, .exit: return "leave fanout (Ctrl-D too)"
            }
        }

        /// More on the command, shown by `help COMMAND`.
        public var details: [String] {
            switch self {
            case .help: return ["help alone lists every command; help NAME shows its usage and details."]
            case .register:
                return [
                    "kind      async awaits; sync blocks a thread (time.sleep); cpu keeps a core busy",
                    "latency   how long a call takes: 250ms, 1s, 1.5s, 2m, or seconds; default 1s",
                    "jitter    up to this much extra latency per call, drawn from the seed",
                    "fail      never, always, or a probability such as 0.3, drawn from the seed",
                    "error     what a failing call reports, e.g. error=\"ConnectionError: reset\"",
                    "timeout   the handler's own timeout, over set timeout's; none: none of its own",
                    "returns   a JSON template: \"{arg}\" alone is the argument's JSON value,",
                    "          {arg} inside longer text is its text",
                    "params    the arguments as a JSON Schema object, checked before a call runs",
                    "          (without it, each {arg} of returns is a required argument)",
                    "description  what it does, for handlers NAME and exported tool definitions",
                    "retries   run a failed or timed-out call again, up to N times (never for",
                    "          bad arguments); backoff=MIN..MAX: the n-th retry waits between",
                    "          half and all of min(MAX, MIN × 2ⁿ⁻¹)",
                    "serial    true: its calls never overlap each other (a stateful tool)",
                    "confirm   true: each call waits for a yes, while other calls go on: y, N, or",
                    "          a(ll) for the rest of the run; scripts approve with fanout --yes",
                    "example   register get_weather latency=1s returns='{\"temp\": 21}'",
                    "exec      a real command instead: a JSON array, the program first; each",
                    "          {arg} is the argument's text, one argv element (no shell, no",
                    "          globbing); \"{arg}\" alone with an array value is several; ${VAR}",
                    "          reads the environment when the call runs. The arguments go to",
                    "          its stdin as JSON too; its stdout is the result (JSON if it",
                    "          parses, 1 MiB at most); a non-zero exit is an error with stderr's",
                    "          last line. A timeout or Ctrl-C ends it and all it started. Real",
                    "          clock only; a file runs commands only with fanout --allow-exec.",
                    "          Simulation options (kind, latency, …) do not apply to it",
                    "example   register forecast exec='[\"curl\", \"-s\", \"wttr.in/{city}\"]'",
                    "http      an HTTP endpoint instead: METHOD URL, {arg} percent-encoded in",
                    "          the URL; headers='{\"Authorization\": \"Bearer ${KEY}\"}'; POST, PUT",
                    "          and PATCH send the arguments as JSON unless body='…' is given.",
                    "          The response body is the result (JSON if it parses, 1 MiB at",
                    "          most); a status of 400 or more is an error (HTTP 404: …). One",
                    "          connection pool for the session. Real clock only, as exec",
                    "example   register get_weather http='GET https://api.example.com/w?q={city}'",
                ]
            case .demo:
                return ["demo alone lists the sets; demo SET loads one part of the lesson's functions. Sets:"] + DemoSetInfo.lines
            case .call:
                return [
                    "Values: {…} or […] is JSON; 42, 3.5, true, false and null are JSON too;",
                    "anything else is a string. \"…\" is always a string, with JSON escapes",
                    "(zip=\"02134\", msg=\"[WARN] full\"); '…' is literal text, read as JSON when",
                    "it starts with { or [ (data='{\"a\": 1}').",
                    "$ID or $ALIAS.path[0].key uses an earlier call's result: a queued call",
                    "becomes a dependency, and a call from an earlier run passes its stored value.",
                    "example   call get_user_profile user_id=user_123 as profile",
                    "example   call get_tier_pricing tier=$profile.tier region=$profile.region",
                ]
            case .drop: return ["ID is a call id or alias. Calls that others depend on are dropped last."]
            case .strategy:
                return [
                    "gather      all ready calls at once; a failure is a result, dependents skip",
                    "taskgroup   all ready calls at once; the first failure cancels the rest",
                    "sequential  one at a time in queue order; failures as under gather",
                ]
            case .set:
                return [
                    "limit N|none     at most N calls running at once",
                    "timeout DUR|none per-call timeout (a handler's own timeout wins)",
                    "offload thread   sync and cpu handlers on the offload pool (asyncio.to_thread)",
                    "offload inline   sync and cpu handlers on the cooperative pool: they block it",
                    "threads N        offload pool width (default min(32, cores + 4);",
                    "                 on the real clock, cores is this machine's)",
                    "cores N          cooperative pool width under the virtual clock (default 2)",
                    "seed N           seed for jitter and failure draws",
                    "retries N|none   retry failed calls of handlers without retries of their own",
                    "backoff MIN..MAX the wait before retries (default 100ms..2s), seeded",
                ]
            case .clock:
                return [
                    "real waits for real; virtual takes exactly each latency of simulated time,",
                    "instantly and repeatably. A blocking call that timed out keeps its thread on",
                    "both clocks: the next run finds it taken until the handler returns (no",
                    "virtual time passes between runs).",
                ]
            case .plan:
                return ["Predictions come from running the queue on the virtual clock with the current",
                        "settings, so a virtual run measures exactly what plan predicted, critical path",
                        "included. A taskgroup run that a failure stops early has no critical path:",
                        "plan names that failure."]
            case .run: return [
                "The queue is then empty; results stay for results, show and $references.",
                "The table's last line: wall runs from the start to the last end; work adds up",
                "every call's duration, waiting for a thread included; the speedup compares",
                "with the same calls run one at a time (plan's sequential figure). A run that",
                "stops early (a taskgroup failure, Ctrl-C) has none: it did not do all the work;",
                "nor does a queue with MCP tools, which nothing simulates.",
            ]
            case .rerun: return [
                "The calls get the next ids: a reference to a call of that run now points at",
                "its copy, and aliases move to the copies. Calls already queued stay first.",
            ]
            case .history: return [
                "Without N: every command typed or read in this session; with N: the last N.",
                "A source command is listed, not the lines of its file (nor the init file's).",
            ]
            case .compare: return ["Runs the queue under each strategy (default all three) on the virtual clock;",
                                   "the queue stays."]
            case .results: return ["Without an id: every output of the last run. With one: that call's output,",
                                   "as pretty JSON."]
            case .show: return ["The call's handler, arguments, status, timing and output or error."]
            case .import:
                return [
                    "FILE holds a model's response or message as JSON; its shape tells the",
                    "format, or name it with as FORMAT. Calls keep the model's ids (Gemini's",
                    "may have none: fanout numbers them). A call whose arguments are not",
                    "valid JSON is queued too: it ends invalid_arguments, so the model still",
                    "gets an answer for it.",
                    "example   import response.json   then run, then export results",
                ]
            case .export:
                return [
                    "results [FORMAT] [FILE]  the last run's results: json (one document), or",
                    "                         the reply a model expects (openai, responses,",
                    "                         anthropic, gemini); by default the last import's",
                    "                         format, else json",
                    "tools FORMAT [FILE]      every handler as that vendor's tool definitions",
                    "python [FILE]            the queue as a Python 3.11 asyncio program, as the",
                    "                         lesson writes it: python3 FILE prints each result",
                    "                         and the wall time plan predicts",
                    "trace [--all] FILE       the last run (or all), for Perfetto or",
                    "                         chrome://tracing",
                    "svg FILE                 the last run's timeline as an SVG picture",
                    "Without FILE it prints; in a file, FILE starts in that file's folder.",
                ]
            case .mcp:
                return [
                    "connect NAME [timeout=DUR] COMMAND [ARGS…]",
                    "                 start an MCP server (stdio) and list its tools: each becomes",
                    "                 a handler NAME.tool with the tool's schema and description;",
                    "                 timeout (default 10s) is how long it has to start and answer",
                    "list             connections: command, pid, status, tools, calls in flight",
                    "disconnect NAME  end one: its server is stopped, its handlers removed",
                    "log NAME         what it logged: notifications, stderr, fanout's notes",
                    "Calls to one server overlap on its one connection. MCP tools run on the",
                    "real clock only: clock virtual, plan and compare refuse a queue that",
                    "calls one. Quitting fanout ends every server. A file (replayed, piped",
                    "or sourced) connects only with fanout --allow-exec.",
                    "example   mcp connect files python3 server.py",
                    "example   call files.read_file path=README.md",
                ]
            case .record:
                return ["Every following command and its output go to FILE as you work (fanout> lines,",
                        "then output); fanout replay FILE shows it again, fanout check FILE verifies it",
                        "on the virtual clock. An existing file is kept unless you add force."]
            case .source: return [
                "A transcript (lines after 'fanout> ') runs its commands; any other file, every",
                "line that is not a comment. In a file (sourced, replayed or checked), a",
                "relative FILE starts in that file's folder.",
            ]
            default: return []
            }
        }
    }

    public static let names = Command.allCases.map(\.rawValue)

    /// The command called `name`.
    public static func command(named name: String) -> Command? {
        Command(rawValue: name)
    }
}

/// The demo sets as help lines.
enum DemoSetInfo {
    static var lines: [String] {
        let width = DemoSet.allCases.map(\.rawValue.count).max() ?? 0
        return DemoSet.allCases.map { "  " + $0.rawValue.padding(width) + "  " + $0.part }
    }
}
