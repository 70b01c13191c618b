extension JSONSchema {
    /// Why a call with `arguments` cannot run with these parameters, as one message; `nil` when it can.
    ///
    /// Up to three problems are named, outermost first (`missing required argument 'topic'; count:
    /// expected integer, got "five"`); an unknown argument's message ends with the names it takes.
    /// Arguments named in `pending` have no value yet (a reference to a call that has not run): they
    /// count as given, and only their names are checked.
    public func argumentsProblem(_ arguments: JSONObject, pending: Set<String> = []) -> String? {
        var found = violations(of: .object(arguments), membersCalled: "argument")
        if !pending.isEmpty {
            found.removeAll { violation in
                pending.contains { name in
                    violation.path == name || violation.path.hasPrefix(name + ".") || violation.path.hasPrefix(name + "[")
                }
            }
        }
        guard !found.isEmpty else { return nil }
        var message = found.prefix(3).map(\.description).joined(separator: "; ")
        if found.count > 3 { message += "; and \(found.count - 3) more" }
        let names = propertyNames
        if found.contains(where: { $0.path.isEmpty && $0.message.hasPrefix("unknown argument") }) {
            message += names.isEmpty ? "; it takes no arguments" : "; it takes \(names.joined(separator: ", "))"
        }
        return message
    }
}
