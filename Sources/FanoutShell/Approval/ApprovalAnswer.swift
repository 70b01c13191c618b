/// A person's answer to `run delete_file(path: "notes.txt")? [y/N/a(ll)]`.
public enum ApprovalAnswer: Sendable, Equatable {
    /// Run this call.
    case yes
    /// Do not run it: it ends `error` with kind `denied`.
    case no
    /// Run this call and every later one of the run that asks.
    case all

    /// The answer a typed line gives: `y`/`yes`, `a`/`all`; anything else, an empty line included, is no.
    public init(typed line: String) {
        switch line.trimmingCharacters(in: .whitespaces).lowercased() {
        case "y", "yes": self = .yes
        case "a", "all": self = .all
        default: self = .no
        }
    }
}
