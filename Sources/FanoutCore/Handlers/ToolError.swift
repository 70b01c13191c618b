/// An error a handler throws to fail its call with a message meant for the model.
///
/// Its ``message`` is the call's error text as it is, and ``kind`` its `error_kind`. Any other error a
/// handler throws becomes a `handler_error` whose text names the error's type.
public struct ToolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message as the result will show it, e.g. `ConnectionError: reset`.
    public var message: String
    /// Why the call failed, for programs reading the result.
    public var kind: ErrorKind

    /// An error whose `message` the model reads; `kind` says why for programs.
    public init(_ message: String, kind: ErrorKind = .handlerError) {
        self.message = message
        self.kind = kind
    }

    /// An error for arguments the handler cannot use: the call ends with kind `invalid_arguments`.
    public static func invalidArguments(_ message: String) -> ToolError {
        ToolError(message, kind: .invalidArguments)
    }

    /// The ``message``.
    public var description: String { message }
}
