import FanoutCore
import Foundation

/// A command as a handler: each call runs the program with the call's arguments filled into its
/// argv template, without a shell.
///
/// ```swift
/// let weather = try ExecHandler(name: "get_weather", argv: ["/usr/local/bin/weather", "--city", "{location}"],
///                               timeout: .seconds(10))
/// ```
///
/// The call's arguments also go to the program's standard input as one JSON object and a newline,
/// for `jq`-style tools. Its standard output is the result: JSON if it parses, else the text without
/// one trailing newline, at most ``outputLimit`` bytes. A non-zero exit fails the call with the
/// status and the last line of standard error (`exit status 3: disk quota exceeded`).
///
/// Each call runs in a process group of its own. A timeout or a cancelled run sends SIGTERM to the
/// group, then SIGKILL after ``terminationGrace``; whatever way the call ends, anything left in the
/// group (a grandchild that ignored SIGTERM, a `sleep 30 &` the program left behind) is killed and
/// reaped, so nothing the call started outlives it.
public struct ExecHandler: ExternalToolHandler {
    /// The name the model calls it by.
    public let name: String
    /// The program and its arguments, as registered.
    public let argv: ArgvTemplate
    /// The program's absolute path, found when the handler was made.
    public let executablePath: String
    /// Its own timeout for a call; when it ends, the call's process group is stopped.
    public let timeout: Duration?
    /// Its arguments as a JSON Schema object; settable, so that a schema can be derived from
    /// ``argv``'s placeholders once it is parsed.
    public var parameters: JSONSchema
    /// What it does, for the model's tool definition and for listings.
    public let description: String
    /// Whether its calls must never overlap each other.
    public let isSerial: Bool
    /// How its failed calls are tried again; `nil` for the run's retries.
    public let retryPolicy: RetryPolicy?
    /// Whether each call waits for approval before its program starts.
    public let needsApproval: Bool
    /// The most standard output a call may print; more fails the call.
    public let outputLimit: Int
    /// How long a cancelled call's process group has between SIGTERM and SIGKILL.
    public let terminationGrace: Duration
    /// The program's environment; `nil` for fanout's own.
    public let environment: [String: String]?

    /// The default ``outputLimit``: 1 MiB.
    public static let defaultOutputLimit = 1 << 20

    /// A handler that runs `argv`, whose first element is the program (a path, or a name looked up
    /// on `PATH` now); it fails when the program is missing or cannot be run.
    public init(
        name: String, argv: [String], timeout: Duration? = nil, parameters: JSONSchema = .any,
        description: String = "", isSerial: Bool = false, retryPolicy: RetryPolicy? = nil,
        needsApproval: Bool = false, outputLimit: Int = ExecHandler.defaultOutputLimit,
        terminationGrace: Duration = .milliseconds(500), environment: [String: String]? = nil
    ) throws(ExecError) {
        self.name = name
        self.argv = try ArgvTemplate(argv)
        let searchPath = environment?["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        executablePath = try Self.locate(self.argv.program, searchPath: searchPath)
        self.timeout = timeout
        self.parameters = parameters
        self.description = description
        self.isSerial = isSerial
        self.retryPolicy = retryPolicy
        self.needsApproval = needsApproval
        self.outputLimit = outputLimit
        self.terminationGrace = terminationGrace
        self.environment = environment
    }

    /// The argv template as registered, a JSON array: `["curl","-s","https://wttr.in/{city}"]`.
    public var template: String { argv.description }
    /// `a command`.
    public var kindOfTool: String { "a command" }

    /// Runs the program once with the call's arguments; see the type's description for the result.
    public func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        let environment = self.environment ?? ProcessInfo.processInfo.environment
        let rendered = try argv.render(arguments, environment: environment)
        let input = Array((JSONValue.object(arguments).jsonText + "\n").utf8)
        let ending = try await run(arguments: rendered, input: input, environment: self.environment)
        try Task.checkCancellation()
        return try ending.result(program: argv.program, outputLimit: outputLimit)
    }

    /// The absolute path of `program`: as given when it holds a `/`, else the first match on `searchPath`.
    static func locate(_ program: String, searchPath: String) throws(ExecError) -> String {
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : FileManager.default.currentDirectoryPath + "/" + program
            guard FileManager.default.fileExists(atPath: path) else { throw .noSuchProgram(program) }
            guard isRunnable(path) else { throw .notExecutable(program) }
            return URL(fileURLWithPath: path).standardizedFileURL.path
        }
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let path = folder + "/" + program
            if isRunnable(path) { return path }
        }
        throw .notOnPath(program)
    }

    private static func isRunnable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && access(path, X_OK) == 0
    }
}
