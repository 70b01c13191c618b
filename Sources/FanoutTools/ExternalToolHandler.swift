import FanoutCore

/// A handler that reaches outside fanout: a command, an HTTP endpoint.
///
/// It takes the time the world takes, so it runs on the real clock only: nothing can simulate it.
public protocol ExternalToolHandler: ToolHandler {
    /// What it runs, for listings: the argv template, or the method and URL template. Environment
    /// variables show as `${NAME}`, never their values.
    var template: String { get }
    /// What it is, for messages: `a command`, `an HTTP endpoint`.
    var kindOfTool: String { get }
}
