import FanoutCore

/// The requests a connection has sent and not yet seen answered, by JSON-RPC id, and whether the
/// connection still stands.
///
/// A state machine in the manner of swift-async-algorithms: each method changes the state and
/// returns what the caller must then do (resume a waiter, send the request, tell the server a
/// request is cancelled), so the connection holds it in a `Locked` and acts after unlocking, and it is
/// tested without a server, threads or a clock. `Waiter` is whatever the caller resumes: a
/// continuation in the client, a plain value in tests.
///
/// Every request ends exactly once: answered, abandoned (cancelled, timed out) or failed when the
/// connection ends; whichever comes first wins and the others find nothing to do.
struct RequestTable<Waiter> {
    /// A request sent and waiting for its answer.
    struct Pending {
        var waiter: Waiter
        var method: String
        var progress: MCPProgressHandler?
    }

    /// Why the connection ended: what requests in flight were told, and what later ones are told.
    struct Ending {
        var inFlight: MCPError
        var afterwards: MCPError
    }

    private var nextID = 0
    private var pending: [Int: Pending] = [:]
    /// Ids handed out whose request is not registered yet, with why it was abandoned meanwhile
    /// (`nil` while it was not): a task cancelled just after taking its id.
    private var unregistered: [Int: MCPError?] = [:]
    private(set) var ending: Ending?

    /// How many requests are waiting for their answer.
    var inFlight: Int { pending.count }

    /// The method of the request waiting longest, for a message naming what went unanswered.
    var oldestMethod: String? {
        pending.min { $0.key < $1.key }?.value.method
    }

    /// A fresh id, for a request about to be registered with ``register(_:method:waiter:progress:)``.
    mutating func makeID() -> Int {
        defer { nextID += 1 }
        unregistered[nextID] = .some(nil)
        return nextID
    }

    /// What to do with a request just registered.
    enum RegisterAction {
        /// Write the request: its answer will resume the waiter.
        case send
        /// Do not send it: resume the waiter with this error now.
        case fail(Waiter, MCPError)
    }

    /// Registers request `id`: from now on its answer, an abandon or the connection's end resumes `waiter`.
    mutating func register(_ id: Int, method: String, waiter: Waiter, progress: MCPProgressHandler? = nil) -> RegisterAction {
        let abandoned = unregistered.removeValue(forKey: id) ?? nil
        if let abandoned { return .fail(waiter, abandoned) }
        if let ending { return .fail(waiter, ending.afterwards) }
        pending[id] = Pending(waiter: waiter, method: method, progress: progress)
        return .send
    }

    /// Gives up on request `id` because of `error` (a cancelled task, a deadline): returns its waiter
    /// if it was in flight, to resume with `error` and to tell the server with `notifications/cancelled`.
    /// A request not registered yet fails as it is registered; one already ended is left alone.
    mutating func abandon(_ id: Int, because error: MCPError) -> Waiter? {
        if let request = pending.removeValue(forKey: id) { return request.waiter }
        if unregistered[id] != nil { unregistered[id] = .some(error) }
        return nil
    }

    /// What an answer from the server comes to.
    enum ResponseAction {
        case resume(Waiter, Result<JSONValue, MCPError>)
        /// No request of that id is waiting: it was abandoned, or the server answered twice.
        case ignore
    }

    /// Takes in the server's answer to request `id`.
    mutating func receive(response id: Int, _ result: Result<JSONValue, MCPError>) -> ResponseAction {
        guard let request = pending.removeValue(forKey: id) else { return .ignore }
        return .resume(request.waiter, result)
    }

    /// Where progress for `token` goes: the progress handler of the request with that id, while it waits.
    func progressHandler(for token: Int) -> MCPProgressHandler? {
        pending[token]?.progress
    }

    /// Ends the connection: returns the waiters of every request in flight, in the order they were
    /// sent, to resume with `ending.inFlight`; later requests fail with `ending.afterwards`. Only the
    /// first ending counts: returns `nil` once ended.
    mutating func end(_ ending: Ending) -> [Waiter]? {
        guard self.ending == nil else { return nil }
        self.ending = ending
        let waiters = pending.sorted { $0.key < $1.key }.map(\.value.waiter)
        pending.removeAll()
        return waiters
    }
}
