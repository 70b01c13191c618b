/// A handler that needs approval, wrapped so each call asks the executor's hook before it runs.
///
/// The wait is part of the call: it has started (`call_started`), holds its slot under a limit, and
/// its timeout counts while a person decides, as a real tool's call would while it waits for a lock.
struct ApprovalGate: ToolHandler {
    let handler: any ToolHandler
    /// `nil`: nobody was asked to approve, so every call is denied.
    let approval: ApprovalHook?

    var name: String { handler.name }
    var kind: HandlerKind { handler.kind }
    var timeout: Duration? { handler.timeout }
    var latency: Duration? { handler.latency }
    var parameters: JSONSchema { handler.parameters }
    var description: String { handler.description }
    var isSerial: Bool { handler.isSerial }
    var retryPolicy: RetryPolicy? { handler.retryPolicy }
    var needsApproval: Bool { true }

    func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
        guard let approval else {
            throw ToolError("\(name) needs approval, and the executor has no approval hook to ask", kind: .denied)
        }
        let request = ApprovalRequest(callID: context.callID, name: name, arguments: arguments)
        if case .deny(let message) = await approval(request) {
            throw ToolError(message, kind: .denied)
        }
        try Task.checkCancellation()
        return try await handler.call(arguments: arguments, context: context)
    }
}

extension HandlerRegistry {
    /// These handlers, with each one that needs approval behind an ``ApprovalGate`` asking `approval`.
    func gated(by approval: ApprovalHook?) -> HandlerRegistry {
        guard all.contains(where: \.needsApproval) else { return self }
        return HandlerRegistry(all.map { $0.needsApproval && !($0 is ApprovalGate) ? ApprovalGate(handler: $0, approval: approval) : $0 })
    }
}
