/// Why a call ended `error`, in a form a program can act on (`error_kind` in JSON lines).
public enum ErrorKind: String, Sendable, CaseIterable {
    /// No handler has the call's name.
    case unknownTool = "unknown_tool"
    /// The call as given cannot run: its arguments break the handler's schema or are not JSON, a
    /// reference in them has no value, or its id is already taken.
    case invalidArguments = "invalid_arguments"
    /// The handler ran and failed.
    case handlerError = "handler_error"
    /// A person (or the approval hook) refused the call.
    case denied
}
