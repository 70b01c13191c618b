import Foundation

/// Facts about the process's terminal.
enum Terminal {
    /// Whether stdin and stdout are both terminals: the condition for the interactive shell.
    static var isInteractive: Bool { isatty(0) == 1 && isatty(1) == 1 }

    /// The terminal's width in columns, or 80 when stdout is not a terminal.
    static var width: Int {
        var size = winsize()
        guard isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// The terminal's height in rows, or 24 when unknown.
    static var height: Int {
        var size = winsize()
        guard isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return 24 }
        return Int(size.ws_row)
    }

    /// Colour by default: stdout is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`.
    static var colorIsWanted: Bool {
        let environment = ProcessInfo.processInfo.environment
        return isatty(1) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// Whether the terminal can move the cursor, which the live block needs: not a `dumb` one.
    static var canRedraw: Bool {
        ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }
}
