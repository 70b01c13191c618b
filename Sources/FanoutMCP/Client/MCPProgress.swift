/// A `notifications/progress` a server sent for a request: how far it is, out of what, and why.
public struct MCPProgress: Sendable, Equatable {
    /// Progress so far; it only grows.
    public var progress: Double
    /// What `progress` counts up to, when the server knows.
    public var total: Double?
    public var message: String?

    public init(progress: Double, total: Double?, message: String?) {
        self.progress = progress
        self.total = total
        self.message = message
    }

    /// `progress` over `total`, from 0 to 1; `nil` without a total.
    public var fraction: Double? {
        guard let total, total > 0 else { return nil }
        return min(1, max(0, progress / total))
    }
}

/// Called on the connection's reader thread for each progress notification: keep it quick.
public typealias MCPProgressHandler = @Sendable (MCPProgress) -> Void
