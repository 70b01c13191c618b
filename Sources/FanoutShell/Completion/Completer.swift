import FanoutCore
import FanoutSimulation
import Foundation

/// Tab completion for the command language: commands, settings, strategies, handler names,
/// argument names, `$` references, the keys of a finished call's result, and file paths.
///
/// Given the line up to the cursor, it returns full replacements for the last word (the text after
/// the last space). Some are meant to be continued (see ``isContinued(_:)``).
public enum Completer {
    /// Whether a candidate is meant to be continued rather than followed by a space: a `key=`, a
    /// folder (`…/`), or a `$` reference, which a path (`.orders[0]`) may follow.
    public static func isContinued(_ candidate: String) -> Bool {
        candidate.hasSuffix("=") || candidate.hasSuffix("/") || candidate.contains("=$")
    }

    public static func candidates(for lineBeforeCursor: String, in context: CompletionContext) -> [String] {
        let endsWithSpace = lineBeforeCursor.last == " "
        let words = lineBeforeCursor.split(separator: " ").map(String.init)
        let current = endsWithSpace ? "" : words.last ?? ""
        let previous = endsWithSpace ? words : Array(words.dropLast())
        guard let command = previous.first else {
            return matching(CommandCatalog.names, current)
        }
        let position = previous.count
        let handlerNames = context.handlers.map(\.name)
        switch (command, position) {
        case ("help", 1): return matching(CommandCatalog.names, current)
        case ("call", 1), ("unregister", 1): return matching(handlerNames, current)
        case ("strategy", 1): return matching(Strategy.allCases.map(\.rawValue), current)
        case ("clock", 1): return matching(ClockKind.allCases.map(\.rawValue), current)
        case ("demo", _): return matching(DemoSet.allCases.map(\.rawValue), current)
        case ("compare", _): return matching(Strategy.allCases.map(\.rawValue), current)
        case ("set", 1): return matching(Session.settingNames, current)
        case ("set", 2) where previous[1] == "offload": return matching(OffloadMode.allCases.map(\.rawValue), current)
        case ("set", 2) where previous[1] == "limit" || previous[1] == "timeout": return matching(["none"], current)
        case ("drop", 1): return matching(context.queued, current)
        case ("show", 1), ("results", 1): return matching(context.references, current)
        case ("source", 1), ("record", 1): return paths(matching: current)
        case ("mcp", 1): return matching(Session.mcpSubcommands, current)
        case ("mcp", 2) where previous[1] == "disconnect" || previous[1] == "log": return matching(context.mcpServers, current)
        case ("call", _): return callArgument(current, handler: previous[1], context: context)
        case ("register", 2...): return registerOption(current)
        default: return []
        }
    }

    private static func matching(_ options: [String], _ prefix: String) -> [String] {
        options.filter { $0.hasPrefix(prefix) }
    }

    private static func callArgument(_ current: String, handler: String, context: CompletionContext) -> [String] {
        if let equals = current.firstIndex(of: "=") {
            let key = current[...equals]
            let value = String(current[current.index(after: equals)...])
            guard value.hasPrefix("$") else { return [] }
            if value.contains(where: { $0 == "." || $0 == "[" }) {
                return resultKeys(value, in: context.results).map { key + $0 }
            }
            return matching(context.references.map { "$" + $0 }, value).map { key + $0 }
        }
        let parameters = context.handlers.first { $0.name == handler }?.parameters ?? []
        return matching(parameters.map { $0 + "=" } + ["as"], current)
    }

    private static func registerOption(_ current: String) -> [String] {
        let values: [String: [String]] = [
            "kind": HandlerKind.allCases.map(\.rawValue), "fail": ["never", "always"],
        ]
        if let equals = current.firstIndex(of: "=") {
            let key = String(current[..<equals])
            let value = String(current[current.index(after: equals)...])
            return matching(values[key] ?? [], value).map { key + "=" + $0 }
        }
        return matching(["kind=", "latency=", "jitter=", "fail=", "error=", "timeout=", "returns=", "params=", "description="], current)
    }

    /// Files and folders whose path starts with `prefix`; folders end in `/`.
    static func paths(matching prefix: String) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let directory = slash.map { String(prefix[...$0]) } ?? ""
        let namePrefix = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        let searched = directory.isEmpty ? "." : directory
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: searched) else { return [] }
        return entries
            .filter { $0.hasPrefix(namePrefix) && (!$0.hasPrefix(".") || namePrefix.hasPrefix(".")) }
            .sorted()
            .map { name in
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(
                    atPath: (searched as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
                return directory + name + (exists && isDirectory.boolValue ? "/" : "")
            }
    }
}
