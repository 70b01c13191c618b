import Foundation

/// What a step-by-step replay reads between commands: Enter runs the next, `q` stops.
final class StepInput {
    enum Stop {
        /// `q` was typed: the replay ends there, as asked, and so do the files after it.
        case quit
        /// Stdin ended first: the replay is not complete.
        case endOfInput
    }

    /// Why the presentation stopped early; `nil` while it goes on.
    private(set) var stop: Stop?

    /// Waits for Enter on stdin; `false` once `q` is typed or the input ends (see ``stop``).
    func waitForEnter() -> Bool {
        let answer = readLine(strippingNewline: true)
        // A terminal echoed the Enter; piped input did not, so end the prompt's line here.
        if isatty(0) == 0 { try? FileHandle.standardOutput.write(contentsOf: Data("\n".utf8)) }
        guard let answer else {
            stop = .endOfInput
            return false
        }
        if answer.trimmingCharacters(in: .whitespaces).lowercased() == "q" {
            stop = .quit
            return false
        }
        return true
    }
}
