import FanoutCore

/// How a session presents itself: output format, colour, width. Fixed for the session's life.
public struct PresentationOptions: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case human
        case jsonl
    }

    public var format: Format
    public var color: Bool
    /// Columns available for tables; 80 when unknown.
    public var width: @Sendable () -> Int

    public init(format: Format = .human, color: Bool = false, width: @escaping @Sendable () -> Int = { 80 }) {
        self.format = format
        self.color = color
        self.width = width
    }
}
