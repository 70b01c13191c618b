import FanoutCore

/// Answers a run's approval requests (handlers registered with `confirm=true`): one question at a
/// time, so two calls never ask over each other, and none after an `a(ll)`.
actor ApprovalDesk {
    /// How the run's calls are approved.
    enum Mode {
        /// `--yes`, or a simulation (`plan`, `compare`): every call is approved without asking.
        case approveAll
        /// No one to ask (a script without `--yes`, or the virtual clock, which cannot wait for a
        /// person): every call is denied with `reason`.
        case deny(reason: String)
        /// A person at the terminal, asked with the question text.
        case ask(@Sendable (String) async -> ApprovalAnswer)
    }

    private var mode: Mode
    /// The question being asked: later requests wait for its answer (it may be `a(ll)`).
    private var current: Task<ApprovalAnswer, Never>?

    init(_ mode: Mode) {
        self.mode = mode
    }

    /// The hook the executor calls before each such call starts its handler.
    nonisolated var hook: ApprovalHook {
        { [self] request in await decide(request) }
    }

    func decide(_ request: ApprovalRequest) async -> ApprovalDecision {
        // Whichever of the waiters resumes first takes the answer's `a(ll)` into account.
        while let current {
            if await current.value == .all { mode = .approveAll }
            if self.current == current { self.current = nil }
        }
        switch mode {
        case .approveAll:
            return .approve
        case .deny(let reason):
            return .deny(reason)
        case .ask(let ask):
            let question = "run \(ApprovalDesk.signature(of: request))? [y/N/a(ll)] "
            let asking = Task { await ask(question) }
            current = asking
            let answer = await asking.value
            if current == asking { current = nil }
            if answer == .all { mode = .approveAll }
            return answer == .no ? .deny("denied: \(request.name) was not approved at the prompt") : .approve
        }
    }

    /// `delete_file(path: "notes.txt")`: the call as the question shows it.
    static func signature(of request: ApprovalRequest) -> String {
        let arguments = request.arguments.map { key, value in "\(key): \(value.jsonText.excerpt)" }
        return "\(request.name)(\(arguments.joined(separator: ", ")))"
    }
}
