/// Why an exec handler cannot be made: each says what was wrong and how to fix it.
public enum ExecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The argv template is an empty array.
    case emptyCommand
    /// The program, the first element, holds a placeholder.
    case programIsTemplate(String)
    /// No file at the program's path.
    case noSuchProgram(String)
    /// No program of that name on `PATH`.
    case notOnPath(String)
    /// The file is there but cannot be run.
    case notExecutable(String)

    /// The error as one line: what is wrong, and how to fix it.
    public var description: String {
        switch self {
        case .emptyCommand:
            return "the command is empty: give the program and its arguments, like [\"echo\", \"{text}\"]"
        case .programIsTemplate(let program):
            return "the program \(program.debugDescription) holds a placeholder: the first element must name a fixed program; put arguments after it"
        case .noSuchProgram(let path):
            return "no program at \(path): check the path"
        case .notOnPath(let name):
            return "no program \(name.debugDescription) on PATH: give its full path, or install it"
        case .notExecutable(let path):
            return "\(path) is not executable: chmod +x it, or name the interpreter first ([\"python3\", \"\(path)\"])"
        }
    }
}
