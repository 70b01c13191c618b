/// A call that waits for a yes or no before its handler runs (see ``ToolHandler/needsApproval``).
public struct ApprovalRequest: Sendable, Equatable {
    /// The call's id, as the model gave it.
    public var callID: String
    /// The handler's name.
    public var name: String
    /// The call's arguments, references resolved and the schema's defaults filled in.
    public var arguments: JSONObject

    /// A request for the call `callID` of `name` with `arguments`.
    public init(callID: String, name: String, arguments: JSONObject) {
        self.callID = callID
        self.name = name
        self.arguments = arguments
    }
}

/// Whether a call that needs approval may run.
public enum ApprovalDecision: Sendable, Equatable {
    /// Run it.
    case approve
    /// Do not run it: it ends `error` with kind `denied` and this message (say how to approve it).
    case deny(String)
}

/// Decides whether a call of a handler that needs approval may run. Other calls of the run go on
/// while it waits.
public typealias ApprovalHook = @Sendable (ApprovalRequest) async -> ApprovalDecision
