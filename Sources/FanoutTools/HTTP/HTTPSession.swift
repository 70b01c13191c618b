import AsyncHTTPClient
import FanoutCore
import NIOCore

/// A pool of HTTP connections that ``HTTPHandler``s share: one `HTTPClient`, sized and configured
/// for a run's fan-out.
///
/// AHC's own `HTTPClient.shared` keeps 8 connections per host, so with a run's limit of 64 most
/// calls would wait for a connection, and that wait counts towards their deadline; it also retries
/// a refused connection until its 90 s connect timeout. This session keeps as many connections per
/// host as a run may have calls in flight, and fails a refused connection at once.
public final class HTTPSession: Sendable {
    /// The session handlers use unless given another; it lives as long as the process.
    public static let shared = HTTPSession()

    /// How many connections it keeps open to one host at most (AHC's soft limit: HTTP/1 calls past
    /// it wait for a free connection).
    public let maximumConnectionsPerHost: Int
    /// How long establishing a connection (TCP and TLS) may take.
    public let connectTimeout: Duration
    /// How long a response may go without sending a byte, head or body, before the call fails.
    public let readTimeout: Duration

    let client: HTTPClient
    /// The shutdown once begun, so every caller of ``shutdown()`` waits for the same one.
    private let shutdownTask = Locked<Task<Void, Never>?>(nil)

    /// A session of its own; call ``shutdown()`` when done with it.
    ///
    /// - Parameters:
    ///   - maximumConnectionsPerHost: at least the run's limit (64 by default), so calls do not
    ///     queue for a connection.
    ///   - connectTimeout: the longest a connection may take to establish.
    ///   - readTimeout: the longest a response may stall; the handler's own timeout bounds the
    ///     whole call.
    public init(
        maximumConnectionsPerHost: Int = 64, connectTimeout: Duration = .seconds(10),
        readTimeout: Duration = .seconds(30)
    ) {
        self.maximumConnectionsPerHost = max(1, maximumConnectionsPerHost)
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: connectTimeout.timeAmount, read: readTimeout.timeAmount)
        )
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = self.maximumConnectionsPerHost
        // A refused connection is an answer: retrying it only turns a 1 ms failure into a 10 s one.
        configuration.connectionPool.retryConnectionEstablishment = false
        // Redirects are followed (as curl -L does) but not forever.
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// A session dropped without ``shutdown()`` closes its connections in the background: AHC
    /// stops a debug build whose client is released open, and a leaked pool helps nobody.
    deinit {
        guard shutdownTask.withLock({ $0 == nil }) else { return }
        // The task keeps the client alive until it is shut down.
        let client = self.client
        Task { try? await client.shutdown() }
    }

    /// Closes its connections and waits until they are closed. Calls made afterwards fail; calling
    /// it again waits for the same shutdown.
    public func shutdown() async {
        let task = shutdownTask.withLock { task in
            if let task { return task }
            let client = self.client
            let started = Task<Void, Never> {
                do { try await client.shutdown() } catch {
                    // It throws only when shut down twice, which the lock rules out.
                }
            }
            task = started
            return started
        }
        await task.value
    }
}

extension Duration {
    /// The duration in NIO's unit, to the nanosecond.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
