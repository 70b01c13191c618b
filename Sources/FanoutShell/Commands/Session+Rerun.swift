import FanoutCore

extension Session {
    /// The most calls `rerun` lists one by one; the rest are counted.
    static let rerunListed = 10

    /// `rerun`: queues the last run's calls again, after any calls already queued. Each gets the next
    /// id; references among them point at the new copies, and their aliases move to the copies.
    func rerun() throws(CommandError) {
        guard !lastRunCalls.isEmpty else {
            throw CommandError("nothing to rerun: no run yet; queue calls with call NAME key=value and type run")
        }
        for alias in lastRunCalls.compactMap(\.alias) {
            if let owner = aliases[alias], queue.contains(where: { $0.id == owner }) {
                throw CommandError("alias \(alias.quotedExcerpt) is already used by queued \(owner): drop it, or clear the queue, before rerun")
            }
        }
        let alreadyQueued = queue.count
        var newID: [String: String] = [:]
        var copies: [ToolCall] = []
        for call in lastRunCalls {
            let id = nextCallID()
            newID[call.id] = id
            let arguments = call.arguments.mapValues { argument -> ArgumentValue in
                guard case .reference(let reference) = argument, let target = newID[reference.callID] else { return argument }
                // `$call_2.orders` now reads `$call_6.orders`; `$orders.orders` reads as it did.
                let text = reference.text.hasPrefix("$" + reference.callID)
                    ? "$" + target + reference.text.dropFirst(reference.callID.count + 1) : reference.text
                return .reference(CallReference(callID: target, path: reference.path, text: text))
            }
            copies.append(ToolCall(id: id, name: call.name, arguments: arguments, alias: call.alias))
        }
        queue += copies
        everQueuedIDs.formUnion(copies.map(\.id))
        for copy in copies {
            if let alias = copy.alias { aliases[alias] = copy.id }
        }
        for copy in copies.prefix(Session.rerunListed) {
            say("queued \(copy.id) \(Session.signature(of: copy))")
        }
        if copies.count > Session.rerunListed {
            say("… and \(copies.count - Session.rerunListed) more, to \(copies[copies.count - 1].id)")
        }
        let runNumber = results[lastRunCalls[0].id]?.run ?? runCount
        let calls = copies.count == 1 ? "its call" : "its \(copies.count) calls"
        let after = alreadyQueued == 0 ? "" : ", after the \(alreadyQueued) already queued"
        say("requeued run \(runNumber): \(calls) as \(TimingTable.list(copies.map(\.id)))\(after); type run")
    }
}
