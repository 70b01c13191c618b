import FanoutCore

/// ANSI colours, or none: every method returns its text unchanged when disabled.
struct Style: Sendable {
    let enabled: Bool

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func error(_ text: String) -> String { wrap(text, "1;31") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func bold(_ text: String) -> String { wrap(text, "1") }

    /// Text in the colour of a call status.
    func status(_ status: CallStatus, _ text: String) -> String {
        switch status {
        case .ok: return wrap(text, "32")
        case .error: return wrap(text, "31")
        case .timeout: return wrap(text, "33")
        case .cancelled: return wrap(text, "35")
        case .skipped: return wrap(text, "2")
        }
    }
}
