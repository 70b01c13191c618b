import FanoutCore
import FanoutShell
import Foundation

/// Draws a run's ``LiveBlock`` in place on the terminal, at most ~15 times a second, and erases it
/// when the run ends so the timing table takes its place.
final class LiveProgressView: RunProgressView, Sendable {
    private struct State: Sendable {
        var block: LiveBlock?
        var start = ContinuousClock.now
        /// The visible width of each line of the frame on screen, to find its rows after a resize.
        var drawnWidths: [Int] = []

        /// Moves to the first row of the frame on screen, however the terminal's width has changed.
        // Counts the rows the frame takes once rewrapped, as tmux, VTE, iTerm2, kitty and most others
        // do; xterm cuts lines instead, and there a narrowed window loses a few lines above the block.
        var backToTheFrame: String {
            let rows = LiveBlock.rows(occupiedBy: drawnWidths, atWidth: Terminal.width)
            return rows > 0 ? "\u{1B}[\(rows)A\r" : "\r"
        }
        var lastDraw: ContinuousClock.Instant?
        var tick = 0
        /// A question is on screen below the run (an approval): the block waits to redraw.
        var paused = false
    }

    private let state = Locked(State())
    private let color: Bool
    /// Turns the echo of typed keys off until the next prompt. The line editor owns the terminal's
    /// modes, so the view asks it rather than setting them itself.
    private let silenceKeys: @Sendable () -> Void
    private let ticker = Locked<Task<Void, Never>?>(nil)
    private static let minimumInterval: Duration = .milliseconds(66)

    init(color: Bool, silenceKeys: @escaping @Sendable () -> Void) {
        self.color = color
        self.silenceKeys = silenceKeys
    }

    func begin(calls: [ToolCall]) {
        state.withLock { state in
            state = State(block: LiveBlock(calls: calls, color: color), start: .now)
        }
        // Keys typed during the run (a command typed ahead, ^C) must not echo into the block, or
        // into the table after it: what is typed waits, unseen, for the next prompt, which shows it.
        silenceKeys()
        write("\u{1B}[?25l")  // hide the cursor while the block redraws
        redraw(force: true)
        // Keep spinners and elapsed times moving between events.
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                self?.redraw(force: false)
            }
        }
        ticker.withLock { $0 = task }
    }

    func handle(_ event: ExecutionEvent) {
        state.withLock { $0.block?.apply(event) }
        redraw(force: false)
    }

    func end() {
        ticker.withLock { task in
            task?.cancel()
            task = nil
        }
        state.withLock { state in
            // Back to the block's first line and clear to the end of the screen.
            write(state.backToTheFrame + "\u{1B}[J\u{1B}[?25h")
            state.block = nil
            state.drawnWidths = []
        }
    }

    /// Erases the block and stops drawing it, so a question can take the screen while calls go on.
    func pause() {
        state.withLock { state in
            guard state.block != nil, !state.paused else { return }
            state.paused = true
            write(state.backToTheFrame + "\u{1B}[J\u{1B}[?25h")
            state.drawnWidths = []
        }
    }

    /// Draws the block again after ``pause()``, below the question and its answer.
    func resume() {
        let wasPaused = state.withLock { state in
            defer { state.paused = false }
            return state.paused
        }
        guard wasPaused else { return }
        silenceKeys()
        write("\u{1B}[?25l")
        redraw(force: true)
    }

    /// Shows the cursor again: for exits in the middle of a run (SIGTERM, SIGHUP). The line editor
    /// restores the terminal's modes.
    func restoreCursor() {
        write("\u{1B}[?25h")
    }

    private func redraw(force: Bool) {
        state.withLock { state in
            guard let block = state.block, !state.paused else { return }
            let now = ContinuousClock.now
            if !force, let last = state.lastDraw, last.duration(to: now) < LiveProgressView.minimumInterval { return }
            state.lastDraw = now
            state.tick += 1
            let lines = block.frame(
                now: state.start.duration(to: now), tick: state.tick,
                width: max(20, Terminal.width - 1), height: Terminal.height)
            var text = state.backToTheFrame
            for line in lines { text += "\u{1B}[2K" + line + "\n" }
            text += "\u{1B}[J"
            write(text)
            state.drawnWidths = lines.map(LiveBlock.visibleWidth)
        }
    }

    private func write(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }
}
