/// Each call's result, by queue position, made as the run reaches the call.
///
/// A call's placeholder (its id and name, not yet ended) is made the first time the call's result
/// is written, together with those of the calls before it: a run of 10,000 calls started its first
/// calls milliseconds later when every placeholder was made up front.
struct ResultTable {
    private let calls: [ToolCall]
    private var made: [CallResult] = []

    init(calls: [ToolCall]) {
        self.calls = calls
        // Reserved memory is not touched until written, so this costs nothing up front.
        made.reserveCapacity(calls.count)
    }

    subscript(index: Int) -> CallResult {
        // A read copies the whole result (and retains its output): the owner's per-call path writes
        // and reads an ending's fields through one `_modify` access instead (`RunOwner.record`).
        get { index < made.count ? made[index] : Self.placeholder(for: calls[index]) }
        _modify {
            makePlaceholders(through: index)
            yield &made[index]
        }
    }

    /// Every call's result, handed over (no copy); the table is empty afterwards.
    mutating func takeAll() -> [CallResult] {
        makePlaceholders(through: calls.count - 1)
        defer { made = [] }
        return made
    }

    private mutating func makePlaceholders(through index: Int) {
        while made.count <= index {
            made.append(Self.placeholder(for: calls[made.count]))
        }
    }

    private static func placeholder(for call: ToolCall) -> CallResult {
        CallResult(id: call.id, name: call.name, status: .cancelled, startedAt: nil, finishedAt: .zero)
    }
}
