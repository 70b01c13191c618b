import FanoutCore

/// A command line as a JSON array of templates: the program, then its arguments.
///
/// Never a shell: each element becomes exactly one argv element (no `sh -c`, no globbing, no word
/// splitting), so an argument holding `; rm -rf ~` or `$(…)` reaches the program as that text.
/// The one exception is an element that is a placeholder alone, `"{files}"`, whose argument is an
/// array: it becomes one element per item.
public struct ArgvTemplate: Sendable, Hashable, CustomStringConvertible {
    /// The program: a path, or a name looked up on `PATH`. Never a template, so that what runs is
    /// known when the handler is registered.
    public let program: String
    /// The arguments after the program.
    public let arguments: [TextTemplate]

    /// Parses `elements`, whose first is the program.
    public init(_ elements: [String]) throws(ExecError) {
        guard let program = elements.first, !program.isEmpty else { throw .emptyCommand }
        guard TextTemplate(program).isLiteral else { throw .programIsTemplate(program) }
        self.program = program
        arguments = elements.dropFirst().map(TextTemplate.init)
    }

    /// The arguments the template names, in order of first use.
    public var argumentNames: [String] {
        var names: [String] = []
        for name in arguments.flatMap(\.argumentNames) where !names.contains(name) { names.append(name) }
        return names
    }

    /// As registered, a JSON array: `["curl", "-s", "https://wttr.in/{location}"]`.
    public var description: String {
        JSONValue.array(([program] + arguments.map(\.description)).map(JSONValue.string)).jsonText
    }

    /// The arguments after the program, filled in for one call.
    public func render(_ call: JSONObject, environment: [String: String]) throws(ToolError) -> [String] {
        var rendered: [String] = []
        for template in arguments {
            if let name = template.wholeArgument, case .array(let items) = try TextTemplate.argument(name, in: call) {
                rendered += items.map(TextTemplate.text(of:))
            } else {
                rendered.append(try template.render(call, environment: environment))
            }
        }
        return rendered
    }
}
