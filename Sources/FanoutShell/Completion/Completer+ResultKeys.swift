import FanoutCore

extension Completer {
    /// `$orders.orders[0].pr` completed with the keys of the object at `orders[0]` in the stored
    /// result of `orders` that start with `pr`. Keys a path cannot spell (with `.`, `[` or a space)
    /// are left out; a queued call has no result yet, so nothing.
    static func resultKeys(_ reference: String, in results: [String: JSONValue]) -> [String] {
        let body = reference.dropFirst()
        guard let nameEnd = body.firstIndex(where: { $0 == "." || $0 == "[" }),
              let output = results[String(body[..<nameEnd])]
        else { return [] }
        let path = body[nameEnd...]
        guard let lastDot = path.lastIndex(of: "."), !path[lastDot...].contains("[") else { return [] }
        let partial = path[path.index(after: lastDot)...]
        guard let walked = try? JSONPath(parsing: String(path[..<lastDot])),
              let object = output[path: walked]?.objectValue
        else { return [] }
        let base = "$" + body[..<lastDot] + "."
        return object.keys
            .filter { $0.hasPrefix(partial) && !$0.contains(where: { $0 == "." || $0 == "[" || $0 == " " }) }
            .map { base + $0 }
    }
}
